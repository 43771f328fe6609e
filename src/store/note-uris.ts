/**
 * Which stored note an ActivityPub object id names: remote notes are stored once per `uri` (the
 * same Create delivered twice, or fetched again, finds the note it made). Written with the note.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'lmdb';

/** LMDB keys are at most 1,978 bytes; a longer URI is keyed by its hash. */
const KEY_BYTES_MAX = 1024;

const keyOf = (uri: string) =>
  Buffer.byteLength(uri) <= KEY_BYTES_MAX ? uri : `#sha256:${createHash('sha256').update(uri).digest('base64url')}`;

export class NoteUris {
  constructor(private readonly db: Database<string, string>) {}

  /** The id of the note stored for `uri`. */
  idOf(uri: string): string | undefined {
    return this.db.get(keyOf(uri));
  }

  put(uri: string, noteId: string): Promise<boolean> {
    return this.db.put(keyOf(uri), noteId);
  }

  remove(uri: string): Promise<boolean> {
    return this.db.remove(keyOf(uri));
  }
}
