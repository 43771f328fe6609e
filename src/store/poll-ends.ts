/**
 * When polls end: `${expiresAt, 16 decimal digits}${noteId}` → true, written with the poll's note, so
 * the notifications of a poll that ended while the server was down are made at the next start.
 */
import type { Database } from 'lmdb';

/** Wide enough for any time a Date can hold (8.64e15 ms). */
const TIME_DIGITS = 16;
const keyOf = (expiresAt: number, noteId: string) => String(expiresAt).padStart(TIME_DIGITS, '0') + noteId;

export interface PollEnd {
  expiresAt: number;
  noteId: string;
}

export class PollEnds {
  constructor(private readonly db: Database<true, string>) {}

  add(end: PollEnd): void {
    void this.db.put(keyOf(end.expiresAt, end.noteId), true);
  }

  /** Answers whether the end was still scheduled. */
  remove(end: PollEnd): boolean {
    const key = keyOf(end.expiresAt, end.noteId);
    if (!this.db.doesExist(key)) return false;
    void this.db.remove(key);
    return true;
  }

  /** Up to `limit` ends at or before `now`, earliest first. */
  due(now: number, limit: number): PollEnd[] {
    const ends: PollEnd[] = [];
    for (const key of this.db.getKeys({ end: keyOf(now + 1, ''), limit }))
      ends.push({ expiresAt: Number(key.slice(0, TIME_DIGITS)), noteId: key.slice(TIME_DIGITS) });
    return ends;
  }
}
