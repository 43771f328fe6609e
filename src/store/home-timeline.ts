/**
 * How home timelines are kept in LMDB. A user's timeline is a few chunks, key `${userId}${chunkKey}`
 * (chunkKey: the 16-char id of the entry the chunk started with), value: its entries packed into one
 * string, oldest first, 17 chars each: the note id and one char for its NoteFlag bits ('0' + bits).
 * One put rewrites up to TIMELINE_CHUNK entries, so a flush costs a put per touched user, not per
 * entry (per-entry keys cost 5–15 µs each and dirty a page per follower per commit).
 * Entries compare as strings in id order: `entry < id` exactly when the entry's id is below `id`.
 */
export const TIMELINE_CHUNK = 64;
export const TIMELINE_ENTRY_LENGTH = 17;

/** `meta` key of a worker's timeline checkpoint: entries of notes whose ids are older than it are flushed. */
export const timelineCheckpointKey = (worker: number) => `timelineCheckpoint:${worker}`;
export const TIMELINE_CHECKPOINT_PREFIX = 'timelineCheckpoint:';
/** A checkpoint meaning "everything is flushed" (written by a clean stop). */
export const TIMELINE_CLEAN = Number.MAX_SAFE_INTEGER;

export const timelineEntry = (noteId: string, flags: number) => noteId + String.fromCharCode(48 + flags);
export const entryId = (entry: string) => entry.slice(0, 16);
export const entryFlags = (entry: string) => entry.charCodeAt(16) - 48;

/** The bound strictly above every entry of note `id` (for "id > sinceId" comparisons). */
export const aboveEntriesOf = (id: string) => id + '\x7f';

export function unpackEntries(packed: string): string[] {
  const entries = new Array<string>(packed.length / TIMELINE_ENTRY_LENGTH);
  for (let i = 0, at = 0; at < packed.length; i++, at += TIMELINE_ENTRY_LENGTH) entries[i] = packed.slice(at, at + TIMELINE_ENTRY_LENGTH);
  return entries;
}

export const packEntries = (entries: readonly string[]) => entries.join('');
