/**
 * The ids of remote users' Follow activities of local users (`${followeeId}${followerId}` → the Follow's
 * id), kept while the request or the follow lasts: the Accept or Reject sent for it must name it, now
 * or when a locked user answers later.
 */
import type { Database } from 'lmdb';
import { IdIndex } from './paging.js';

export class RemoteFollowIds {
  private readonly byPair: IdIndex<string>;

  constructor(db: Database<string, string>) {
    this.byPair = new IdIndex(db);
  }

  get(followerId: string, followeeId: string): string | undefined {
    return this.byPair.get(followeeId, followerId);
  }

  set(followerId: string, followeeId: string, activityId: string): void {
    void this.byPair.put(followeeId, followerId, activityId);
  }

  remove(followerId: string, followeeId: string): void {
    void this.byPair.remove(followeeId, followerId);
  }
}
