/**
 * Upgrades of stored data written by earlier Flock versions, run by the main thread before any other
 * thread opens the store.
 */
import type { Store, UserCounts } from './index.js';

type LegacyCounts = Partial<Record<keyof UserCounts, unknown>>;

/**
 * Before `userCounts` existed, a user's counters lived in every UserRecord. Moves them over once (when
 * `userCounts` is still empty and the first user record carries them), in one transaction, and drops
 * them from the user records, where later profile updates would otherwise carry stale copies along.
 * Returns how many users were upgraded.
 */
export async function moveCountsOutOfUserRecords(store: Store): Promise<number> {
  if (store.userCounts.getKeysCount({ limit: 1 }) > 0) return 0;
  const [first] = [...store.users.getRange({ limit: 1 })];
  if (first === undefined || typeof (first.value as unknown as LegacyCounts).notesCount !== 'number') return 0;
  let moved = 0;
  await store.env.transaction(() => {
    for (const { key, value } of store.users.getRange()) {
      const { notesCount, followersCount, followingCount, ...user } = value as typeof value & LegacyCounts;
      if (typeof notesCount !== 'number') continue;
      store.userCounts.put(key, {
        notesCount,
        followersCount: typeof followersCount === 'number' ? followersCount : 0,
        followingCount: typeof followingCount === 'number' ? followingCount : 0,
      });
      store.users.put(key, user);
      moved++;
    }
  });
  return moved;
}

/** Length of a tokenKey (base64url SHA-256); every token Flock has issued is shorter. */
const TOKEN_KEY_LENGTH = 43;

/**
 * Before tokens were stored hashed, the `tokens` keys were the tokens themselves. Re-keys each under
 * its hash (and its `userTokens` entry with it), in one transaction. Returns how many were re-keyed.
 */
export async function hashStoredTokens(store: Store, hash: (token: string) => string): Promise<number> {
  const legacy = [...store.tokens.getKeys()].filter((key) => key.length !== TOKEN_KEY_LENGTH);
  if (legacy.length === 0) return 0;
  await store.env.transaction(() => {
    for (const token of legacy) {
      const record = store.tokens.get(token);
      if (record === undefined) continue;
      const key = hash(token);
      store.tokens.put(key, record);
      store.tokens.remove(token);
      store.userTokens.remove(record.userId + token);
      store.userTokens.put(record.userId + key, true);
    }
  });
  return legacy.length;
}
