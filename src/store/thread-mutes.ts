/** Thread mutes: the reply threads (by root note id) each user muted (`${userId}${threadId}` → true). */
import type { Database } from 'lmdb';
import { IdIndex } from './paging.js';

export class ThreadMutes {
  private readonly index: IdIndex<true>;

  constructor(threadMutes: Database<true, string>) {
    this.index = new IdIndex(threadMutes);
  }

  has(userId: string, threadId: string): boolean {
    return this.index.has(userId, threadId);
  }

  add(userId: string, threadId: string): void {
    void this.index.put(userId, threadId, true);
  }

  /** Answers whether the thread was muted. */
  remove(userId: string, threadId: string): boolean {
    if (!this.index.has(userId, threadId)) return false;
    void this.index.remove(userId, threadId);
    return true;
  }

  /** The threads `userId` muted. */
  of(userId: string): string[] {
    return this.index.ids(userId);
  }
}
