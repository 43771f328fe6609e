/**
 * The derived indexes that finding people and tags reads (the `users` directory's sort orders,
 * users/search's trigrams, hashtags), written by the actors in the same transaction as the record they
 * derive from, and built once over earlier data at start-up (indexStoredUsers, indexStoredHashtags).
 */
import { lastActiveAt, noteFlags, profileHashtags } from '../domain/index.js';
import type { DirectoryEntry, NoteRecord, Store, UserCounts, UserRecord, UserSearchTexts } from '../store/index.js';

type StoredUser = Omit<UserRecord, 'lite'>;

/**
 * The `users` directory orders by last activity to the minute: moving a poster's entry on every note
 * touched one more database in each note's commit (more pages written per note), while once a minute
 * costs nothing. UserDetailed's `updatedAt` stays exact.
 */
const DIRECTORY_STEP_MS = 60_000;
const directoryTime = (at: number | null) => (at === null ? null : at - (at % DIRECTORY_STEP_MS));

function directoryEntryOf(user: StoredUser, counts: UserCounts): DirectoryEntry {
  return {
    userId: user.id,
    host: user.host,
    followersCount: counts.followersCount,
    updatedAt: directoryTime(lastActiveAt(user, counts)),
  };
}

const searchTextsOf = (user: StoredUser): UserSearchTexts => ({
  username: user.usernameLower,
  name: user.name,
  description: user.description,
});

/** Indexes a user record as written: `before` is the record it replaces (undefined for a new user). */
export function indexUser(store: Store, before: StoredUser | undefined, after: StoredUser): void {
  const counts = store.counts.of(after.id);
  const previous = before === undefined ? undefined : directoryEntryOf(before, counts);
  store.userDirectory.put(directoryEntryOf(after, counts), previous);
  store.userSearch.update(after.id, before === undefined ? null : searchTextsOf(before), searchTextsOf(after));
  attachProfileHashtags(store, before, after);
}

/** Counts a new note of the user's, posted at `at`, and moves them to the front of the `updatedAt` order (to the minute). */
export function notePosted(store: Store, userId: string, at: number): void {
  const user = store.users.get(userId);
  const counts = store.counts.of(userId);
  void store.counts.posted(userId, at);
  if (user === undefined) return;
  const from = directoryTime(lastActiveAt(user, counts));
  const to = directoryTime(at)!;
  if (from !== to) store.userDirectory.moveUpdated(userId, user.host, from, to);
}

/** Counts the hashtags a profile gained and lost (attached users). */
function attachProfileHashtags(store: Store, before: StoredUser | undefined, after: StoredUser): void {
  const old = before === undefined ? [] : profileHashtags(before);
  const now = profileHashtags(after);
  const local = after.host === null;
  for (const tag of old) if (!now.includes(tag)) store.hashtags.detach(tag, after.id, local);
  for (const tag of now) if (!old.includes(tag)) store.hashtags.attach(tag, after.id, local);
}

/**
 * Indexes a new note: the words of a local note's text when notes/search is served (`withWords`), and
 * its hashtags (counting its author as a user of each).
 */
export function indexNote(store: Store, note: NoteRecord, flags: number, withWords: boolean): void {
  if (withWords) indexNoteText(store, note);
  if (note.tags.length === 0) return;
  for (const tag of note.tags) store.hashtags.mention(tag, note.userId, note.userHost === null);
  store.hashtags.addNote(note.tags, note.id, flags, note.userId);
}

/** notes/search covers this server's notes, as Misskey's search without a search engine does by default (`local`). */
function indexNoteText(store: Store, note: NoteRecord): void {
  if (note.userHost === null && note.text !== null) store.noteSearch.add(note.id, note.text);
}

/** Takes a deleted note out of the word and tag lists; like Misskey, a tag's user counts stay. */
export function unindexNote(store: Store, note: NoteRecord): void {
  if (note.userHost === null && note.text !== null) store.noteSearch.remove(note.id, note.text);
  if (note.tags.length > 0) store.hashtags.removeNote(note.tags, note.id);
}

/** Writes the word index of every stored local note (start-up, once, for earlier data). */
export function indexStoredNoteTexts(store: Store): void {
  for (const note of store.notes.all()) indexNoteText(store, note);
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

/** Writes the hashtag indexes of every stored profile and note (start-up, once, for earlier data). */
export function indexStoredHashtags(store: Store): void {
  for (const user of store.users.all()) attachProfileHashtags(store, undefined, user);
  for (const note of store.notes.all()) indexNote(store, note, noteFlags(note), false);
}
