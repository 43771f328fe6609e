/**
 * The one hook through which the notes, users and tokens repositories say what they wrote, so that a
 * worker can report it to the gateway's read caches (actors/changes.ts) and no write path can forget.
 */

/** The records whose writes are reported, by the key they are read under (note id, user id, token key). */
export type WrittenKind = 'notes' | 'users' | 'tokens';

export type WriteListener = (kind: WrittenKind, key: string) => void;

export class ObservedWrites {
  private listener: WriteListener | null = null;

  /** Sets the listener every later write of a note, user or token is reported to. */
  observe(listener: WriteListener): void {
    this.listener = listener;
  }

  report(kind: WrittenKind, key: string): void {
    this.listener?.(kind, key);
  }
}
