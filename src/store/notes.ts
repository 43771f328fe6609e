/** Note records by id (local and remote). */
import type { Database } from 'lmdb';
import { idAtTime } from './ids.js';
import { fastNoteRecord, type NoteRecord } from './records.js';

/** Replies an old note's thread is looked up through, at most: a deeper chain counts from the last one reached. */
const THREAD_LOOKUP_DEPTH = 256;

export class Notes {
  constructor(private readonly db: Database<NoteRecord, string>) {}

  /**
   * The stored record as decoded, read past any cache; a note stored before `renoteUserId` and
   * `threadId` existed gets them worked out, one stored before `fileIds` has none, and one stored before
   * `updatedAt` was never edited.
   */
  get(noteId: string): NoteRecord | undefined {
    const note = this.db.get(noteId);
    if (note === undefined || note.updatedAt !== undefined) return note;
    const old = note.threadId === undefined;
    // in NOTE's field order, so that a rewrite of the note stores it with the current shape
    return fastNoteRecord({
      ...note,
      renoteUserId: old ? this.renoteUserIdOf(note) : note.renoteUserId,
      threadId: old ? this.threadIdOf(note) : note.threadId,
      fileIds: note.fileIds ?? [],
      updatedAt: null,
    });
  }

  private renoteUserIdOf(note: NoteRecord): string | null {
    return note.renoteId === null ? null : (this.db.get(note.renoteId)?.userId ?? null);
  }

  /** The root of an old note's reply thread: the first ancestor that knows it, else the oldest one still stored. */
  private threadIdOf(note: NoteRecord): string {
    let at = note;
    for (let depth = 0; at.replyId !== null && depth < THREAD_LOOKUP_DEPTH; depth++) {
      const parent = this.db.get(at.replyId);
      if (parent === undefined) return at.replyId;
      if (parent.threadId !== undefined) return parent.threadId;
      at = parent;
    }
    return at.id;
  }

  put(note: NoteRecord): Promise<boolean> {
    return this.db.put(note.id, note);
  }

  remove(noteId: string): Promise<boolean> {
    return this.db.remove(noteId);
  }

  /** How many notes are stored. */
  count(): number {
    return (this.db.getStats() as { entryCount: number }).entryCount;
  }

  isEmpty(): boolean {
    return this.db.getKeysCount({ limit: 1 }) === 0;
  }

  /** Every note, in id order. */
  *all(): Generator<NoteRecord> {
    for (const { value } of this.db.getRange()) yield value;
  }

  /** The notes created at `ms` or later, oldest first (ids are time-sorted). */
  *createdSince(ms: number): Generator<NoteRecord> {
    for (const { value } of this.db.getRange({ start: idAtTime(ms) })) yield value;
  }
}
