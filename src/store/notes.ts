/** Note records by id (local and remote). */
import type { Database } from 'lmdb';
import { idAtTime } from './ids.js';
import type { NoteRecord } from './records.js';

export class Notes {
  constructor(private readonly db: Database<NoteRecord, string>) {}

  /** The stored record as decoded, read past any cache. */
  get(noteId: string): NoteRecord | undefined {
    return this.db.get(noteId);
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
