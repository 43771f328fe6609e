/**
 * Finding people: the `users` directory, users/search, search by username and host, and the users
 * someone replies to most, as lists of cached user records the viewer may see listed (listableUser), in
 * Misskey's order; the client API renders them. Every list reads a bounded number of index entries.
 */

import { blocksEitherWay, lastActiveAt, type Viewer, type ViewerRelations } from '../domain/index.js';
import { type DirectoryOrder, type DirectoryScope, NoteFlag, type Store, type UserRecord } from '../store/index.js';
import type { ReadCaches } from './read-caches.js';

const DAY_MS = 86_400_000;
/** `users` with state `alive`: updated within five days, as Misskey counts it. */
const ALIVE_MS = 5 * DAY_MS;
/** users/search and search-by-username-and-host: active means updated within 30 days, as in Misskey. */
const ACTIVE_MS = 30 * DAY_MS;
/** Most directory entries one `users` page reads: its offset and limit, plus what the filters drop. */
const MAX_DIRECTORY_VISITS = 20_000;
/** Most candidates users/search considers per text (username, name, description). */
const MAX_SEARCH_CANDIDATES = 1_000;
/** get-frequently-replied-users counts the user's latest replies, as many as Misskey does. */
const RECENT_REPLIES = 1_000;
/** Most of a user's notes walked to find those replies. */
const MAX_NOTES_WALKED = 5_000;
/** Misskey's local username rule: a query shaped like one also searches usernames by substring. */
const USERNAME = /^\w{1,20}$/;

/**
 * Whether a user may appear in lists of people the viewer is shown (directory, search, hashtag users,
 * pinned users, followers and following): not when suspended or deleted (`hidden`: ReadCaches.accounts),
 * nor when either blocks the other or the viewer mutes them. The one place for every such rule, so no
 * list can forget one.
 */
export function listableUser(
  user: UserRecord,
  relations: ViewerRelations | null,
  hidden: ReadonlySet<string>,
): boolean {
  if (hidden.size !== 0 && hidden.has(user.id)) return false;
  return relations === null || (!blocksEitherWay(relations, user.id) && !relations.muting.has(user.id));
}

/** The viewer's relations, or null when signed out. */
export const relationsFor = (caches: ReadCaches, viewer: Viewer | null): ViewerRelations | null =>
  viewer === null ? null : caches.relations.of(viewer.id);

/** Misskey's `users` sort values: `+` is descending. */
export type UserSort = '+follower' | '-follower' | '+createdAt' | '-createdAt' | '+updatedAt' | '-updatedAt';
export type UserOrigin = 'combined' | 'local' | 'remote';

export interface DirectoryQuery {
  sort?: UserSort;
  state: 'all' | 'alive';
  origin: UserOrigin;
  /** Lower-cased; only users of this host. */
  hostname: string | null;
  limit: number;
  offset: number;
}

const ORDERS: Record<UserSort, [DirectoryOrder, boolean]> = {
  '+follower': ['followers', true],
  '-follower': ['followers', false],
  '+createdAt': ['createdAt', true],
  '-createdAt': ['createdAt', false],
  '+updatedAt': ['updatedAt', true],
  '-updatedAt': ['updatedAt', false],
};

/** Whether a user's origin is the one asked for. */
const ofOrigin = (user: UserRecord, origin: UserOrigin) =>
  origin === 'combined' || (origin === 'local') === (user.host === null);

export class UserQueries {
  constructor(
    private readonly store: Store,
    private readonly caches: ReadCaches,
  ) {}

  private user(userId: string): UserRecord | undefined {
    return this.caches.users.get(userId);
  }

  /**
   * The `users` listing: explorable users in the sort's order (creation order without one), optionally
   * only those updated within five days, of one origin or host. A host with origin `local` lists no one,
   * as in Misskey, where both filters apply.
   */
  directory(viewer: Viewer | null, q: DirectoryQuery, now = Date.now()): UserRecord[] {
    if (q.hostname !== null && q.origin === 'local') return [];
    const [order, descending] = q.sort === undefined ? (['createdAt', false] as const) : ORDERS[q.sort];
    const scope: DirectoryScope = q.hostname !== null ? { host: q.hostname } : { origin: q.origin };
    const relations = relationsFor(this.caches, viewer);
    const found: UserRecord[] = [];
    let skipped = 0;
    this.store.userDirectory.walk(order, scope, descending, MAX_DIRECTORY_VISITS, (userId) => {
      const user = this.user(userId);
      if (user === undefined || !user.isExplorable || !listableUser(user, relations, this.caches.accounts.hidden))
        return true;
      if (q.state === 'alive' && !activeSince(this.store, user, now - ALIVE_MS)) return true;
      if (skipped < q.offset) skipped++;
      else found.push(user);
      return found.length < q.limit;
    });
    // the directory keeps activity to the minute (actors/search-indexes.ts): the exact time orders within it
    if (order === 'updatedAt') {
      const sign = descending ? 1 : -1;
      found.sort((a, b) => sign * ((updatedAt(this.store, b) ?? 0) - (updatedAt(this.store, a) ?? 0)));
    }
    return found;
  }

  /**
   * users/search as Misskey answers it: display names containing the query (case-insensitive), and
   * usernames starting with it (`@name`) or containing it (a query shaped like a username), of users
   * active within 30 days or never updated; then, to fill the page, descriptions containing it.
   * Ranked: a username or name starting with the query first, then local users, then the most recently
   * updated (never updated last).
   */
  search(
    viewer: Viewer | null,
    query: string,
    p: { origin: UserOrigin; limit: number; offset: number },
    now = Date.now(),
  ): UserRecord[] {
    const lower = query.toLowerCase();
    const isUsername = query.startsWith('@') && !query.includes(' ') && query.indexOf('@', 1) === -1;
    const username = isUsername ? lower.slice(1) : lower;
    const usernameMatches = (user: UserRecord) =>
      isUsername
        ? user.usernameLower.startsWith(username)
        : USERNAME.test(query) && user.usernameLower.includes(username);
    const nameMatches = (user: UserRecord) => user.name?.toLowerCase().includes(lower) === true;
    const relations = relationsFor(this.caches, viewer);
    const shown = (user: UserRecord) =>
      ofOrigin(user, p.origin) &&
      neverActiveOrSince(this.store, user, now - ACTIVE_MS) &&
      listableUser(user, relations, this.caches.accounts.hidden);

    const ids = new Set(this.store.userSearch.candidates('name', query, MAX_SEARCH_CANDIDATES));
    if (isUsername) {
      this.store.accounts.search(username, (userId) => {
        ids.add(userId);
        return ids.size < MAX_SEARCH_CANDIDATES * 2;
      });
    } else if (USERNAME.test(query)) {
      for (const id of this.store.userSearch.candidates('username', query, MAX_SEARCH_CANDIDATES)) ids.add(id);
    }
    const byName = this.records(ids).filter((u) => (nameMatches(u) || usernameMatches(u)) && shown(u));
    const startsWith = (u: UserRecord) =>
      u.usernameLower.startsWith(username) || u.name?.toLowerCase().startsWith(lower) === true;
    byName.sort(
      (a, b) =>
        Number(!startsWith(a)) - Number(!startsWith(b)) ||
        Number(a.host !== null) - Number(b.host !== null) ||
        newestUpdateFirst(this.store, a, b),
    );
    const end = p.offset + p.limit;
    if (byName.length >= end) return byName.slice(p.offset, end);

    const named = new Set(byName.map((u) => u.id));
    const byDescription = this.records(this.store.userSearch.candidates('description', query, MAX_SEARCH_CANDIDATES))
      .filter((u) => !named.has(u.id) && u.description?.toLowerCase().includes(lower) === true && shown(u))
      .sort((a, b) => newestUpdateFirst(this.store, a, b));
    return [...byName, ...byDescription].slice(p.offset, end);
  }

  /**
   * users/search-by-username-and-host: usernames and hosts starting with what is given (host `.` or
   * this server's own host: local users), in Misskey's tiers (followed and active, followed, active,
   * the rest; a signed-out viewer: active, the rest), each tier by username.
   */
  byUsernameAndHost(
    viewer: Viewer | null,
    p: { username: string | null; host: string | null; limit: number },
    localHost: string,
    now = Date.now(),
  ): UserRecord[] {
    const username = (p.username ?? '').toLowerCase();
    const host = p.host === null ? null : p.host.toLowerCase();
    const localOnly = host === '.' || host === localHost;
    const relations = relationsFor(this.caches, viewer);
    const matches: UserRecord[] = [];
    this.store.accounts.search(username, (userId) => {
      const user = this.user(userId);
      if (user === undefined || !listableUser(user, relations, this.caches.accounts.hidden)) return true;
      if (host !== null && (localOnly ? user.host !== null : !(user.host ?? '').startsWith(host))) return true;
      matches.push(user);
      return matches.length < MAX_SEARCH_CANDIDATES;
    });
    const active = (u: UserRecord) => activeSince(this.store, u, now - ACTIVE_MS);
    const tier = (u: UserRecord) => {
      if (viewer === null) return neverActiveOrSince(this.store, u, now - ACTIVE_MS) ? 0 : 1;
      return (viewer.follows(u.id) ? 0 : 2) + (active(u) ? 0 : 1);
    };
    return matches
      .map((user) => ({ user, tier: tier(user) }))
      .sort((a, b) => a.tier - b.tier || compare(a.user.usernameLower, b.user.usernameLower))
      .slice(0, p.limit)
      .map(({ user }) => user);
  }

  /**
   * The authors a user replied to most among their latest replies, with weight = replies / the most
   * replies to anyone. Like Misskey, several replies to one note count once.
   */
  frequentlyReplied(userId: string, limit: number): { user: UserRecord; weight: number }[] {
    const replyIds = this.store.noteIndexes
      .userNotePage(userId, {}, MAX_NOTES_WALKED, (noteId, flags) => ((flags & NoteFlag.reply) !== 0 ? noteId : ''))
      .filter((noteId) => noteId !== '')
      .slice(0, RECENT_REPLIES);
    const repliedNotes = new Map<string, string>();
    for (const noteId of replyIds) {
      const note = this.caches.notes.get(noteId);
      if (note?.replyId != null && note.replyUserId !== null) repliedNotes.set(note.replyId, note.replyUserId);
    }
    const counts = new Map<string, number>();
    for (const authorId of repliedNotes.values()) counts.set(authorId, (counts.get(authorId) ?? 0) + 1);
    const peak = Math.max(0, ...counts.values());
    return [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([id, n]) => ({ user: this.user(id), weight: n / peak }))
      .filter((e): e is { user: UserRecord; weight: number } => e.user !== undefined)
      .slice(0, limit);
  }

  private records(ids: Iterable<string>): UserRecord[] {
    const users: UserRecord[] = [];
    for (const id of ids) {
      const user = this.user(id);
      if (user !== undefined) users.push(user);
    }
    return users;
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The most recently updated first, never updated last (Misskey's `updatedAt DESC NULLS LAST`). */
function newestUpdateFirst(store: Store, a: UserRecord, b: UserRecord): number {
  const at = updatedAt(store, a);
  const bt = updatedAt(store, b);
  if (at === bt) return compare(a.usernameLower, b.usernameLower);
  if (at === null) return 1;
  if (bt === null) return -1;
  return bt - at;
}

/** Misskey's `updatedAt` of a user (domain's lastActiveAt). */
export const updatedAt = (store: Store, user: UserRecord): number | null =>
  lastActiveAt(user, store.counts.of(user.id));

/** Whether the user was active after `since` (ms). */
export function activeSince(store: Store, user: UserRecord, since: number): boolean {
  const at = updatedAt(store, user);
  return at !== null && at > since;
}

/** Whether the user was active after `since`, or never active at all (Misskey's `updatedAt IS NULL OR …`). */
function neverActiveOrSince(store: Store, user: UserRecord, since: number): boolean {
  const at = updatedAt(store, user);
  return at === null || at > since;
}
