/**
 * Who a user's notes fan out to, kept in memory by the thread that runs the user's shard: their
 * local followers (plus themselves when local), already grouped by timeline shard. Remote users have no
 * home timeline here: theirs live on their servers, which get deliveries instead. Follower sets change only through
 * commands addressed to the followee (follow, unfollow, accept), which run on this same thread and call
 * `forget`, so an entry is never stale. Bounded to `max` users, least recently used out first.
 */
import { BoundedMap, type Store } from '../store/index.js';
import type { Placement } from './placement.js';

export interface Audience {
  /** The user first (when local), then their local followers in follow order. */
  members: readonly string[];
  /** members grouped by shard; arrays are shared and must not be changed. */
  byShard: readonly (readonly [number, readonly string[]])[];
  /** Whether any follower is remote (their servers get the user's notes as deliveries). */
  hasRemoteFollowers: boolean;
}

export class Audiences {
  private readonly entries: BoundedMap<string, Audience>;

  constructor(
    private readonly store: Store,
    private readonly placement: Placement,
    max: number,
  ) {
    this.entries = new BoundedMap(max);
  }

  of(userId: string): Audience {
    const cached = this.entries.get(userId);
    if (cached !== undefined) return cached;
    const members: string[] = [];
    let hasRemoteFollowers = false;
    for (const id of [userId, ...this.store.followers.of(userId)]) {
      const host = this.store.users.get(id)?.host;
      if (host === null) members.push(id);
      else if (host !== undefined) hasRemoteFollowers = true;
    }
    const audience: Audience = { members, byShard: groupByShard(members, this.placement), hasRemoteFollowers };
    this.entries.set(userId, audience);
    return audience;
  }

  forget(userId: string): void {
    this.entries.delete(userId);
  }
}

export function groupByShard(userIds: readonly string[], placement: Placement): [number, string[]][] {
  const byShard = new Map<number, string[]>();
  for (const userId of userIds) {
    const shard = placement.shardOf(userId);
    const list = byShard.get(shard);
    if (list === undefined) byShard.set(shard, [userId]);
    else list.push(userId);
  }
  return [...byShard];
}
