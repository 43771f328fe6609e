/**
 * The derived indexes that finding people reads (the `users` directory's sort orders, users/search's
 * trigrams), written by the user actor in the same transaction as the record they derive from, and
 * built once over earlier data at start-up (buildSearchIndexes).
 */
import type { DirectoryEntry, Store, UserRecord, UserSearchTexts } from '../store/index.js';

type StoredUser = Omit<UserRecord, 'lite'>;

function directoryEntryOf(user: StoredUser, followersCount: number): DirectoryEntry {
  return { userId: user.id, host: user.host, followersCount, updatedAt: user.updatedAt };
}

const searchTextsOf = (user: StoredUser): UserSearchTexts => ({
  username: user.usernameLower,
  name: user.name,
  description: user.description,
});

/** Indexes a user record as written: `before` is the record it replaces (undefined for a new user). */
export function indexUser(store: Store, before: StoredUser | undefined, after: StoredUser): void {
  const followersCount = store.counts.of(after.id).followersCount;
  const previous = before === undefined ? undefined : directoryEntryOf(before, followersCount);
  store.userDirectory.put(directoryEntryOf(after, followersCount), previous);
  store.userSearch.update(after.id, before === undefined ? null : searchTextsOf(before), searchTextsOf(after));
}

/** Adds `delta` to a user's follower count and moves the user in the directory's followers order with it. */
export function addFollowers(store: Store, userId: string, delta: number): void {
  const from = store.counts.of(userId).followersCount;
  const to = Math.max(0, from + delta);
  void store.counts.add(userId, 'followersCount', delta);
  const user = store.users.get(userId);
  if (user !== undefined) store.userDirectory.moveFollowers(userId, user.host, from, to);
}

/** Writes the indexes of every stored user (start-up, once, for data from before the indexes existed). */
export function indexStoredUsers(store: Store): void {
  for (const user of store.users.all()) indexUser(store, undefined, user);
}
