/**
 * Hashtags as Misskey lists them: one tag's counts, tags in the order of a count, the trend (the tags
 * most users used in the last hour, with a ten-minute chart), and the users whose profile has a tag.
 * Every read walks a bounded number of index entries.
 */

import type { Viewer } from '../domain/index.js';
import { type HashtagCount, type HashtagCounts, idTime, type Store, type UserRecord } from '../store/index.js';
import type { ReadCaches } from './read-caches.js';
import { activeSince, listableUser, relationsFor, type UserOrigin, type UserSort, updatedAt } from './user-queries.js';

/** A hashtag as Misskey answers it. */
export type Hashtag = { tag: string } & HashtagCounts;

/** hashtags/list's sort values: `+` is descending. */
export type HashtagSort =
  `${'+' | '-'}${'mentionedUsers' | 'mentionedLocalUsers' | 'mentionedRemoteUsers' | 'attachedUsers' | 'attachedLocalUsers' | 'attachedRemoteUsers'}`;

/** Which tags hashtags/list keeps: only those some (local, remote) user has in their profile. */
export interface HashtagListFilter {
  attachedToUserOnly: boolean;
  attachedToLocalUserOnly: boolean;
  attachedToRemoteUserOnly: boolean;
}

export interface TrendEntry {
  tag: string;
  /** Users per ten-minute interval, the latest first. */
  chart: number[];
  usersCount: number;
}

/** Most tags hashtags/list reads to fill a page its filters thin out. */
const MAX_LIST_VISITS = 10_000;
/** The trend ranks tags by users over this window, as Misskey's featured ranking does. */
const TREND_WINDOW_MS = 60 * 60 * 1000;
const CHART_INTERVAL_MS = 10 * 60 * 1000;
const CHART_INTERVALS = 20;
const TREND_TAGS = 10;
/** Most tag uses one trend reads (the newest past it are left out). */
const MAX_TREND_USES = 50_000;
/** Most profile users hashtags/users sorts. */
const MAX_TAG_USERS = 5_000;
const ALIVE_MS = 5 * 86_400_000;

export class HashtagQueries {
  constructor(
    private readonly store: Store,
    private readonly caches: ReadCaches,
  ) {}

  show(tag: string): Hashtag | undefined {
    const counts = this.store.hashtags.get(tag);
    return counts === undefined ? undefined : { tag, ...counts };
  }

  list(sort: HashtagSort, limit: number, filter: HashtagListFilter): Hashtag[] {
    const count = `${sort.slice(1)}Count` as HashtagCount;
    const found: Hashtag[] = [];
    this.store.hashtags.ranked(count, sort.startsWith('+'), MAX_LIST_VISITS, (tag) => {
      const hashtag = this.show(tag);
      if (hashtag === undefined) return true;
      if (filter.attachedToUserOnly && hashtag.attachedUsersCount === 0) return true;
      if (filter.attachedToLocalUserOnly && hashtag.attachedLocalUsersCount === 0) return true;
      if (filter.attachedToRemoteUserOnly && hashtag.attachedRemoteUsersCount === 0) return true;
      found.push(hashtag);
      return found.length < limit;
    });
    return found;
  }

  /** The tags the most users used within the last hour, with each one's users per ten minutes. */
  trend(now = Date.now()): TrendEntry[] {
    const since = now - CHART_INTERVAL_MS * CHART_INTERVALS;
    const charts = new Map<string, Set<string>[]>();
    const recent = new Map<string, Set<string>>();
    for (const use of this.store.hashtags.usesSince(since, MAX_TREND_USES)) {
      const age = now - idTime(use.noteId);
      const interval = Math.min(CHART_INTERVALS - 1, Math.max(0, Math.floor(age / CHART_INTERVAL_MS)));
      let chart = charts.get(use.tag);
      if (chart === undefined) {
        chart = Array.from({ length: CHART_INTERVALS }, () => new Set<string>());
        charts.set(use.tag, chart);
      }
      chart[interval]!.add(use.userId);
      if (age > TREND_WINDOW_MS) continue;
      let users = recent.get(use.tag);
      if (users === undefined) {
        users = new Set();
        recent.set(use.tag, users);
      }
      users.add(use.userId);
    }
    return [...recent]
      .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
      .slice(0, TREND_TAGS)
      .map(([tag]) => {
        const chart = charts.get(tag)!.map((users) => users.size);
        return { tag, chart, usersCount: Math.max(...chart) };
      });
  }

  /** Users whose profile has the tag, of one origin (and updated within five days for `alive`), in a `users` sort. */
  users(
    viewer: Viewer | null,
    tag: string,
    p: { sort: UserSort; state: 'all' | 'alive'; origin: UserOrigin; limit: number },
    now = Date.now(),
  ): UserRecord[] {
    const relations = relationsFor(this.caches, viewer);
    const users: UserRecord[] = [];
    for (const id of this.store.hashtags.attachedUserIds(tag, MAX_TAG_USERS)) {
      const user = this.caches.users.get(id);
      if (user === undefined || !listableUser(user, relations, this.caches.accounts.hidden)) continue;
      if (p.origin !== 'combined' && (p.origin === 'local') !== (user.host === null)) continue;
      if (p.state === 'alive' && !activeSince(this.store, user, now - ALIVE_MS)) continue;
      users.push(user);
    }
    const key = sortKey(this.store, p.sort);
    const sign = p.sort.startsWith('+') ? -1 : 1;
    return users
      .map((user) => ({ user, key: key(user) }))
      .sort((a, b) => sign * (a.key - b.key) || (a.user.id < b.user.id ? -1 : 1))
      .slice(0, p.limit)
      .map(({ user }) => user);
  }
}

/** The number a `users` sort orders by (never updated counts as oldest). */
function sortKey(store: Store, sort: UserSort): (user: UserRecord) => number {
  if (sort.endsWith('follower')) return (user) => store.counts.of(user.id).followersCount;
  if (sort.endsWith('createdAt')) return (user) => idTime(user.id);
  return (user) => updatedAt(store, user) ?? 0;
}
