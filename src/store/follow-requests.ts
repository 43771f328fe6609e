/**
 * Follow requests waiting for a locked user's answer: each request (`${followeeId}${followerId}` →
 * request id), the followee's requests in time order (`${followeeId}${requestId}` → followerId), and
 * the requests that asked for the followee's replies (`${followeeId}${followerId}` → true), which the
 * follow takes over when accepted.
 */
import type { Database } from 'lmdb';
import { IdIndex, type PageParams } from './paging.js';

export class FollowRequests {
  private readonly byFollower: IdIndex<string>;
  private readonly log: IdIndex<string>;
  private readonly withReplies: IdIndex<true>;

  constructor(
    followRequests: Database<string, string>,
    followRequestLog: Database<string, string>,
    followRequestReplies: Database<true, string>,
  ) {
    this.byFollower = new IdIndex(followRequests);
    this.log = new IdIndex(followRequestLog);
    this.withReplies = new IdIndex(followRequestReplies);
  }

  /** The id of `followerId`'s pending request to follow `followeeId`. */
  idOf(followerId: string, followeeId: string): string | undefined {
    return this.byFollower.get(followeeId, followerId);
  }

  has(followerId: string, followeeId: string): boolean {
    return this.byFollower.has(followeeId, followerId);
  }

  add(followerId: string, followeeId: string, requestId: string, withReplies: boolean): void {
    void this.byFollower.put(followeeId, followerId, requestId);
    void this.log.put(followeeId, requestId, followerId);
    if (withReplies) void this.withReplies.put(followeeId, followerId, true);
  }

  /** Whether the pending request asked for the followee's replies to others (following/create's withReplies). */
  asksWithReplies(followerId: string, followeeId: string): boolean {
    return this.withReplies.has(followeeId, followerId);
  }

  /** Removes the request (its id as `idOf` answered it). */
  remove(followerId: string, followeeId: string, requestId: string): void {
    void this.byFollower.remove(followeeId, followerId);
    void this.log.remove(followeeId, requestId);
    void this.withReplies.remove(followeeId, followerId);
  }

  /** Who made the request `requestId` to follow `followeeId`. */
  requesterOf(followeeId: string, requestId: string): string | undefined {
    return this.log.get(followeeId, requestId);
  }

  /** Who asked to follow `followeeId`, in user id order. */
  requesterIds(followeeId: string): string[] {
    return this.byFollower.ids(followeeId);
  }

  /**
   * Whom `followerId` asked to follow. Requests are keyed by followee, so this walks every pending
   * request: for rare moderation actions (suspension), not for a request path.
   */
  requestedBy(followerId: string): string[] {
    return this.byFollower
      .allIds()
      .filter((key) => key.endsWith(followerId))
      .map((key) => key.slice(0, -followerId.length));
  }

  /** Whether anyone asked to follow `followeeId`. */
  hasPendingFor(followeeId: string): boolean {
    return this.log.hasAny(followeeId);
  }

  /** The requests to follow `followeeId` (request id, follower's id), in Misskey's page order. */
  page<T>(
    followeeId: string,
    params: PageParams,
    limit: number,
    accept: (requestId: string, followerId: string) => T | undefined,
  ): T[] {
    return this.log.page(followeeId, params, limit, accept);
  }
}
