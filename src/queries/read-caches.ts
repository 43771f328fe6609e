/**
 * The gateway thread's caches of decoded records, shared by every request and every client API. They
 * stay current because each batch result lists what its committed commands wrote, and those entries
 * are forgotten before the batch's replies are delivered.
 */
import { DecodedCache, fastNoteRecord, fastUserRecord, type NoteRecord, type Store, type TokenRecord, type UserRecord } from '../store/index.js';
import type { Mailboxes } from '../actors/index.js';

/** Decoded notes, users and tokens (see DecodedCache: entries are forgotten when a worker reports writing them). */
export interface ReadCaches {
  notes: DecodedCache<NoteRecord>;
  users: DecodedCache<UserRecord>;
  /** Token → its record, so authenticating a request reads no LMDB (revocations are reported in Changed). */
  tokens: DecodedCache<TokenRecord>;
}

export function createReadCaches(store: Store, entries: number): ReadCaches {
  return {
    notes: new DecodedCache((noteId) => store.notes.get(noteId), entries, fastNoteRecord),
    users: new DecodedCache((userId) => store.users.get(userId), entries, fastUserRecord),
    tokens: new DecodedCache((key) => store.tokens.get(key), entries, (record) => record),
  };
}

/** Makes the caches forget what each batch wrote, once it has committed and before its replies arrive. */
export function forgetWrites(caches: ReadCaches, store: Store, mailboxes: Mailboxes): void {
  mailboxes.onChanged((changed) => {
    for (const id of changed.notes) caches.notes.forget(id);
    for (const id of changed.users) caches.users.forget(id);
    for (const key of changed.tokens) caches.tokens.forget(key);
    // the next read in this event turn must not re-cache a snapshot from before these commits
    store.resetReadSnapshot();
  });
}
