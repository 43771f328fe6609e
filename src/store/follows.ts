/**
 * The follow graph: each edge (`${followerId}${followeeId}` → FollowEdge) and the two lists it is in,
 * the followee's followers and the follower's followees, each keyed by the edge's id so they page in
 * follow order (`${followeeId}${followId}` → followerId, `${followerId}${followId}` → followeeId),
 * and the followers who asked to be notified of a followee's notes (`${followeeId}${followerId}` → true,
 * the edges whose notify is 'normal').
 */
import type { Database } from 'lmdb';
import { IdIndex, type PageParams } from './paging.js';
import type { FollowEdge } from './records.js';

/** One side of the follow graph: a user's followers, or whom a user follows, in follow order. */
export class FollowList {
  constructor(private readonly index: IdIndex<string>) {}

  /** The user ids on the list of `userId`, oldest follow first: one range read. */
  of(userId: string): string[] {
    return this.index.values(userId);
  }

  /** The list of `userId` as (follow id, other user's id), in Misskey's page order. */
  page<T>(
    userId: string,
    params: PageParams,
    limit: number,
    accept: (followId: string, otherId: string) => T | undefined,
  ): T[] {
    return this.index.page(userId, params, limit, accept);
  }
}

export class Follows {
  private readonly edges: IdIndex<FollowEdge>;

  private readonly notifying: IdIndex<true>;

  /** `followersIndex` and `followingIndex` are the indexes of the store's two FollowLists. */
  constructor(
    private readonly follows: Database<FollowEdge, string>,
    private readonly followersIndex: IdIndex<string>,
    private readonly followingIndex: IdIndex<string>,
    notifyFollowers: Database<true, string>,
  ) {
    this.edges = new IdIndex(follows);
    this.notifying = new IdIndex(notifyFollowers);
  }

  private indexNotify(followerId: string, followeeId: string, notify: FollowEdge['notify'] | undefined): void {
    if (notify === 'normal') void this.notifying.put(followeeId, followerId, true);
    else if (this.notifying.has(followeeId, followerId)) void this.notifying.remove(followeeId, followerId);
  }

  /** Whether anyone asked to be notified of the user's notes (one key probe: the common answer is no). */
  hasNotifiedFollowers(followeeId: string): boolean {
    return this.notifying.hasAny(followeeId);
  }

  /** The followers notified of the user's notes (following/update notify 'normal'). */
  notifiedFollowers(followeeId: string): string[] {
    return this.notifying.ids(followeeId);
  }

  /** Indexes the notified followers of edges stored before the index existed (start-up, once: migrate.ts buildIndexOnce). */
  indexNotifiedFollowers(): void {
    for (const { key, value } of this.follows.getRange()) {
      // user ids are fixed-width: the key is the follower's id, then the followee's
      const half = key.length / 2;
      if (value.notify === 'normal') void this.notifying.put(key.slice(half), key.slice(0, half), true);
    }
  }

  /** Whether `followerId` follows `followeeId`. */
  has(followerId: string, followeeId: string): boolean {
    return this.edges.has(followerId, followeeId);
  }

  /** The edge with its settings; one stored before `notify` existed reads as notify 'none' (Misskey's default). */
  edge(followerId: string, followeeId: string): FollowEdge | undefined {
    const edge = this.edges.get(followerId, followeeId);
    if (edge === undefined || edge.notify !== undefined) return edge;
    return { id: edge.id, withReplies: edge.withReplies, notify: 'none' };
  }

  /** Rewrites the settings of an existing edge (its id, and so both lists, unchanged). */
  updateSettings(followerId: string, followeeId: string, edge: FollowEdge): void {
    void this.edges.put(followerId, followeeId, edge);
    this.indexNotify(followerId, followeeId, edge.notify);
  }

  /** Writes the edge into the graph and both lists. */
  add(followerId: string, followeeId: string, edge: FollowEdge): void {
    void this.edges.put(followerId, followeeId, edge);
    this.indexNotify(followerId, followeeId, edge.notify);
    void this.followersIndex.put(followeeId, edge.id, followerId);
    void this.followingIndex.put(followerId, edge.id, followeeId);
  }

  /** Removes the edge (as `edge` answered it) from the graph and both lists. */
  remove(followerId: string, followeeId: string, edge: FollowEdge): void {
    void this.edges.remove(followerId, followeeId);
    this.indexNotify(followerId, followeeId, 'none');
    void this.followersIndex.remove(followeeId, edge.id);
    void this.followingIndex.remove(followerId, edge.id);
  }

  /*
   * Bulk loads (bench/seed.ts) write each of the three indexes on its own, in its key order, so LMDB
   * fills one page after another instead of revisiting pages of all three for every edge. An edge is
   * whole once all three have been loaded.
   */

  /** Loads the edge itself; call in (followerId, followeeId) order. */
  loadEdge(followerId: string, followeeId: string, edge: FollowEdge): Promise<boolean> {
    return this.edges.put(followerId, followeeId, edge);
  }

  /** Loads the edge into the follower's following list; call in (followerId, edge id) order. */
  loadFollowing(followerId: string, followId: string, followeeId: string): Promise<boolean> {
    return this.followingIndex.put(followerId, followId, followeeId);
  }

  /** Loads the edge into the followee's followers list; call in (followeeId, edge id) order. */
  loadFollower(followeeId: string, followId: string, followerId: string): Promise<boolean> {
    return this.followersIndex.put(followeeId, followId, followerId);
  }
}
