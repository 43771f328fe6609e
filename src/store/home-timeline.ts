/**
 * How home timelines are kept in LMDB (the timelines environment), and the repository the timeline
 * actors read and flush them through. A user's timeline is a run of numbered chunks of
 * TIMELINE_CHUNK entries, oldest first: key `${userId}${seq}` (seq: the chunk's number as 7 base36
 * chars, so keys sort in chunk order), value: the chunk's entries as binary, ENTRY_BYTES each. Every
 * chunk but the newest is full, so entry i of a timeline whose oldest chunk is f lives in chunk
 * f + ⌊i / TIMELINE_CHUNK⌋; trimming drops whole oldest chunks. One put rewrites a chunk, so a flush
 * costs a put per touched user, not per entry (per-entry keys cost 5–15 µs each and dirty a page per
 * follower per commit).
 *
 * An entry is two float64s (platform byte order; little-endian on every machine Flock runs on): `hi`,
 * the note id's 8-char time part read as base36, and `lo`, its last 8 chars read as base36, times 8,
 * plus the note's NoteFlag bits. Ids are fixed-width lower-case base36 (aidx), so (hi, lo) order is id
 * order, and the numbers need no allocation in the worker's memory, unlike strings.
 */
import type { Database } from 'lmdb';

/**
 * 120 entries (1,920 bytes) is about the largest chunk LMDB keeps inside a leaf page (past ~2,000 bytes
 * a value moves to overflow pages of its own). Under heavy fan-out a flush's cost follows the chunks it
 * writes and removes, and every full chunk is written once and removed once: 64-entry chunks cost ≈ 1.9
 * times as many operations per entry.
 */
export const TIMELINE_CHUNK = 120;
export const ENTRY_BYTES = 16;
const SEQ_CHARS = 7;
const FLAG_SPAN = 8;

const chunkKey = (userId: string, seq: number) => userId + seq.toString(36).padStart(SEQ_CHARS, '0');
/** The chunk number in a key of `userId`'s timeline, or NaN when the key is not one. */
const chunkSeq = (userId: string, key: string) =>
  key.length === userId.length + SEQ_CHARS ? parseInt(key.slice(userId.length), 36) : NaN;

const AIDX = /^[0-9a-z]{16}$/;
/** Whether a note id can be a timeline entry (every id Flock generates can). */
export const isEntryId = (noteId: string) => AIDX.test(noteId);
export const entryHi = (noteId: string) => parseInt(noteId.slice(0, 8), 36);
export const entryLo = (noteId: string, flags: number) => parseInt(noteId.slice(8, 16), 36) * FLAG_SPAN + flags;

const BASE36 = Array.from('0123456789abcdefghijklmnopqrstuvwxyz', (c) => c.charCodeAt(0));
const HALF = 36 ** 4;
const chars = new Array<number>(17).fill(0);

/** Writes the 4 base36 digits of `x` (< 36^4, so int32 arithmetic is exact) at chars[at..at+3]. */
function digits4(x: number, at: number): void {
  for (let i = at + 3; i >= at; i--) {
    const q = (x / 36) | 0;
    chars[i] = BASE36[x - q * 36]!;
    x = q;
  }
}

/**
 * An entry as the timeline actor answers it: the 16-char note id then one char for its NoteFlag bits
 * ('0' + bits). Built from integer digit arithmetic: Number#toString(36) on these doubles runs a
 * floating-point remainder per digit and took half of the worker's time serving home-timeline reads.
 */
export function timelineEntry(hi: number, lo: number): string {
  const id = Math.floor(lo / FLAG_SPAN);
  const hiTop = Math.floor(hi / HALF);
  const idTop = Math.floor(id / HALF);
  digits4(hiTop, 0);
  digits4(hi - hiTop * HALF, 4);
  digits4(idTop, 8);
  digits4(id - idTop * HALF, 12);
  chars[16] = 48 + (lo - id * FLAG_SPAN);
  const c = chars;
  return String.fromCharCode(
    c[0]!,
    c[1]!,
    c[2]!,
    c[3]!,
    c[4]!,
    c[5]!,
    c[6]!,
    c[7]!,
    c[8]!,
    c[9]!,
    c[10]!,
    c[11]!,
    c[12]!,
    c[13]!,
    c[14]!,
    c[15]!,
    c[16]!,
  );
}
export const entryId = (entry: string) => entry.slice(0, 16);
export const entryFlags = (entry: string) => entry.charCodeAt(16) - 48;

/** A stored chunk's value: `entries` as (hi, lo) pairs. */
export function encodeTimelineChunk(entries: ArrayLike<number>): Buffer {
  const bytes = Buffer.alloc(entries.length * 8);
  for (let i = 0; i < entries.length; i++) bytes.writeDoubleLE(entries[i]!, i * 8);
  return bytes;
}

/** A stored chunk: its number (NaN when its key is not a chunk's) and its entries as bytes. */
export interface TimelineChunk {
  seq: number;
  bytes: Uint8Array;
}

/**
 * The stored chunks of every user's home timeline. Writes are lmdb-js async operations: encoded on the
 * calling thread, applied and committed by lmdb-js's writer thread, and each answers the promise of the
 * commit it is part of (one per transaction, shared by the writes queued into it).
 */
export class HomeTimelineChunks {
  constructor(private readonly db: Database<Uint8Array, string>) {}

  /** The user's stored chunks, in chunk order. */
  chunks(userId: string): TimelineChunk[] {
    const chunks: TimelineChunk[] = [];
    for (const { key, value } of this.db.getRange({ start: userId, end: userId + '~' }))
      chunks.push({ seq: chunkSeq(userId, key), bytes: value });
    return chunks;
  }

  /** Writes chunk `seq` of the user's timeline; `bytes` must stay untouched until the returned commit resolves. */
  put(userId: string, seq: number, bytes: Uint8Array): Promise<boolean> {
    return this.db.put(chunkKey(userId, seq), bytes);
  }

  remove(userId: string, seq: number): Promise<boolean> {
    return this.db.remove(chunkKey(userId, seq));
  }

  /** Removes every stored chunk of the user's timeline, whatever its key; answers the commits. */
  removeAll(userId: string): Promise<boolean>[] {
    return [...this.db.getKeys({ start: userId, end: userId + '~' })].map((key) => this.db.remove(key));
  }
}
