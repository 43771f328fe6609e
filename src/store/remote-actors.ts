/**
 * What federation keeps about remote actors beside their user records: where to deliver to, and the
 * public key that verifies their signatures (by actor URI), and which actor a key id belongs to.
 * Written by the user actor's `user.storeRemote`, in the same commit as the user record.
 */
import type { Database } from 'lmdb';

/** Stored as a plain map. */
export interface RemoteActorRecord {
  userId: string;
  uri: string;
  inbox: string;
  sharedInbox: string | null;
  followers: string | null;
  following: string | null;
  featured: string | null;
  keyId: string;
  /** SPKI PEM. */
  publicKeyPem: string;
  /** When the actor document was last fetched (ms). */
  fetchedAt: number;
  /** The actor it moved to (its document's `movedTo`, or a verified Move), or null; absent in records stored before. */
  movedTo?: string | null;
}

export class RemoteActors {
  constructor(
    private readonly byUri: Database<RemoteActorRecord, string>,
    private readonly byKeyId: Database<string, string>,
  ) {}

  get(uri: string): RemoteActorRecord | undefined {
    return this.byUri.get(uri);
  }

  /** The actor URI a key id belongs to, as last fetched. */
  actorOfKey(keyId: string): string | undefined {
    return this.byKeyId.get(keyId);
  }

  /** Stores the actor's record; a key id it no longer has stops naming it. */
  put(record: RemoteActorRecord): void {
    const previous = this.byUri.get(record.uri);
    if (previous !== undefined && previous.keyId !== record.keyId) void this.byKeyId.remove(previous.keyId);
    void this.byUri.put(record.uri, record);
    void this.byKeyId.put(record.keyId, record.uri);
  }
}
