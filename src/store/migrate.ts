/**
 * Upgrades of stored data written by earlier Flock versions, run by the main thread before any other
 * thread opens the store.
 */

import { NO_COUNTS, type UserCounts } from './records.js';
import type { Store } from './store.js';
import { tokenKey } from './tokens.js';

type LegacyCounts = Partial<Record<keyof UserCounts, unknown>>;

/**
 * Before `userCounts` existed, a user's counters lived in every UserRecord. Moves them over once (when
 * no user has counts yet and the first user record carries them), in one transaction, and drops them
 * from the user records, where later profile updates would otherwise carry stale copies along.
 * Returns how many users were upgraded.
 */
export async function moveCountsOutOfUserRecords(store: Store): Promise<number> {
  if (!store.counts.isEmpty()) return 0;
  const users = store.users.all();
  const first = users.next();
  users.return(undefined);
  if (first.done === true || typeof (first.value as unknown as LegacyCounts).notesCount !== 'number') return 0;
  let moved = 0;
  await store.transaction(() => {
    for (const record of store.users.all()) {
      const { notesCount, followersCount, followingCount, ...user } = record as typeof record & LegacyCounts;
      if (typeof notesCount !== 'number') continue;
      void store.counts.set(user.id, {
        ...NO_COUNTS,
        notesCount,
        followersCount: typeof followersCount === 'number' ? followersCount : 0,
        followingCount: typeof followingCount === 'number' ? followingCount : 0,
      });
      void store.users.put(user);
      moved++;
    }
  });
  return moved;
}

/** Length of a tokenKey (base64url SHA-256); every token Flock has issued is shorter. */
const TOKEN_KEY_LENGTH = 43;

/**
 * Before tokens were stored hashed, the `tokens` keys were the tokens themselves. Re-keys each under
 * its hash (and its entry in the user's token list with it), in one transaction. Returns how many were re-keyed.
 */
export async function hashStoredTokens(store: Store): Promise<number> {
  const legacy = store.tokens.storedKeys().filter((key) => key.length !== TOKEN_KEY_LENGTH);
  if (legacy.length === 0) return 0;
  await store.transaction(() => {
    for (const token of legacy) {
      const record = store.tokens.get(token);
      if (record === undefined) continue;
      store.tokens.revoke(record.userId, token);
      void store.tokens.issue(tokenKey(token), record.userId, record.createdAt);
    }
  });
  return legacy.length;
}

/**
 * Builds a derived index (search, directory, hashtags) over the records stored before it existed: once
 * per index name, recorded in `indexBuilds`, in one transaction with the record of it. `build` writes
 * the index entries of every stored record; the caller supplies it, since what a record is indexed
 * under is a domain rule. Returns whether it ran.
 */
export async function buildIndexOnce(store: Store, name: string, build: () => void): Promise<boolean> {
  if (store.indexBuilds.isBuilt(name)) return false;
  await store.transaction(() => {
    build();
    void store.indexBuilds.markBuilt(name);
  });
  return true;
}
