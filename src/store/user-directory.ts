/**
 * The user directory: the sort orders of the `users` listing (followers, creation, last update), kept
 * as keyed indexes that the user actor moves on every write that changes a sort key, so a listing page
 * is a range walk, never a scan and sort of every user. Each user is listed under several scopes (every
 * user, local or remote, and its host), so an origin or host filter is a range of its own.
 *
 * Key: `${order}${scope}\x01${sortKey}${userId}` → userId, where order is `f` (followersCount), `c`
 * (creation: the id itself) or `u` (updatedAt, only for users updated at least once), and sortKey a
 * fixed-width decimal.
 */
import type { Database } from 'lmdb';

/** Which order a directory walk follows. */
export type DirectoryOrder = 'followers' | 'createdAt' | 'updatedAt';
/** Which users a walk covers: everyone, this server's, other servers', or one host's. */
export type DirectoryScope = { origin: 'combined' | 'local' | 'remote' } | { host: string };

const ORDER_CODE: Record<DirectoryOrder, string> = { followers: 'f', createdAt: 'c', updatedAt: 'u' };
const SEPARATOR = '\x01';
/** Above every id character: ends a prefix range. */
const HIGH = '~';
/** Wide enough for any follower count and any ms timestamp a Date holds. */
const pad = (n: number) => String(Math.max(0, Math.floor(n))).padStart(16, '0');

/** The sort keys a user is listed under. */
export interface DirectoryEntry {
  userId: string;
  host: string | null;
  followersCount: number;
  updatedAt: number | null;
}

function scopeCodes(host: string | null): string[] {
  return host === null ? ['*', 'l'] : ['*', 'r', '@' + host];
}

function scopeCode(scope: DirectoryScope): string {
  if ('host' in scope) return '@' + scope.host;
  return scope.origin === 'combined' ? '*' : scope.origin === 'local' ? 'l' : 'r';
}

export class UserDirectory {
  constructor(private readonly db: Database<string, string>) {}

  private keys(entry: DirectoryEntry): string[] {
    const keys: string[] = [];
    for (const scope of scopeCodes(entry.host)) {
      keys.push(`f${scope}${SEPARATOR}${pad(entry.followersCount)}${entry.userId}`);
      keys.push(`c${scope}${SEPARATOR}${entry.userId}`);
      if (entry.updatedAt !== null) keys.push(`u${scope}${SEPARATOR}${pad(entry.updatedAt)}${entry.userId}`);
    }
    return keys;
  }

  /** Lists a user under its sort keys (`before`: what it was listed under, now moved). */
  put(entry: DirectoryEntry, before?: DirectoryEntry): void {
    const next = new Set(this.keys(entry));
    if (before !== undefined) for (const key of this.keys(before)) if (!next.has(key)) void this.db.remove(key);
    for (const key of next) void this.db.put(key, entry.userId);
  }

  /** Moves a user in the followers order when its follower count changed. */
  moveFollowers(userId: string, host: string | null, from: number, to: number): void {
    for (const scope of scopeCodes(host)) {
      void this.db.remove(`f${scope}${SEPARATOR}${pad(from)}${userId}`);
      void this.db.put(`f${scope}${SEPARATOR}${pad(to)}${userId}`, userId);
    }
  }

  /** Moves a user in the last-update order (`from` null: not listed there yet). */
  moveUpdated(userId: string, host: string | null, from: number | null, to: number): void {
    for (const scope of scopeCodes(host)) {
      if (from !== null) void this.db.remove(`u${scope}${SEPARATOR}${pad(from)}${userId}`);
      void this.db.put(`u${scope}${SEPARATOR}${pad(to)}${userId}`, userId);
    }
  }

  /**
   * Visits the scope's user ids in `order` (descending: largest first), until `visit` answers false or
   * `maxVisits` entries were seen; the caller bounds its own work with it.
   */
  walk(
    order: DirectoryOrder,
    scope: DirectoryScope,
    descending: boolean,
    maxVisits: number,
    visit: (userId: string) => boolean,
  ): void {
    const prefix = `${ORDER_CODE[order]}${scopeCode(scope)}${SEPARATOR}`;
    const range = descending
      ? this.db.getRange({ start: prefix + HIGH, end: prefix, reverse: true, limit: maxVisits })
      : this.db.getRange({ start: prefix, end: prefix + HIGH, limit: maxVisits });
    for (const { value } of range) if (!visit(value)) return;
  }
}
