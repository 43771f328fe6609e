/**
 * The RSA key pairs of this server's actors (each local user, and the instance actor), by actor id.
 * A pair is written once and never replaced: actor documents other servers have cached name its public
 * key, so a second pair for the same actor would make every signature already verified by them fail.
 * Plain msgpack maps (registry-style encoder): read rarely and cached by the federation module.
 */
import type { Database } from 'lmdb';

export interface ActorKeyPair {
  /** SPKI, PEM. */
  publicKeyPem: string;
  /** PKCS#8, PEM. Never rendered, never logged. */
  privateKeyPem: string;
  createdAt: number;
}

export class ActorKeys {
  constructor(private readonly db: Database<ActorKeyPair, string>) {}

  get(actorId: string): ActorKeyPair | undefined {
    return this.db.get(actorId);
  }

  /**
   * Stores `pair` unless the actor already has one (a conditional write, atomic in LMDB's writer);
   * resolves with the pair the actor has once committed: `pair`, or the one stored first.
   */
  async putOnce(actorId: string, pair: ActorKeyPair): Promise<ActorKeyPair> {
    await this.db.ifNoExists(actorId, () => {
      void this.db.put(actorId, pair);
    });
    return this.db.get(actorId) ?? pair;
  }
}
