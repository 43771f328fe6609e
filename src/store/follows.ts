/**
 * The follow graph: each edge (`${followerId}${followeeId}` → FollowEdge) and the two lists it is in,
 * the followee's followers and the follower's followees, each keyed by the edge's id so they page in
 * follow order (`${followeeId}${followId}` → followerId, `${followerId}${followId}` → followeeId).
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

  /** `followersIndex` and `followingIndex` are the indexes of the store's two FollowLists. */
  constructor(
    follows: Database<FollowEdge, string>,
    private readonly followersIndex: IdIndex<string>,
    private readonly followingIndex: IdIndex<string>,
  ) {
    this.edges = new IdIndex(follows);
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
  }

  /** Writes the edge into the graph and both lists. */
  add(followerId: string, followeeId: string, edge: FollowEdge): void {
    void this.edges.put(followerId, followeeId, edge);
    void this.followersIndex.put(followeeId, edge.id, followerId);
    void this.followingIndex.put(followerId, edge.id, followeeId);
  }

  /** Removes the edge (as `edge` answered it) from the graph and both lists. */
  remove(followerId: string, followeeId: string, edge: FollowEdge): void {
    void this.edges.remove(followerId, followeeId);
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
