/**
 * Key pairs of this server's actors, made when first needed.
 *
 * Why lazily: RSA-2048 generation costs tens of ms of CPU. At sign-up it would sit on the actor thread
 * inside the sign-up command (or on the gateway's event loop), and most accounts of a new server are
 * never looked up by another server for a while. So the first actor-document fetch (or, later, the first
 * delivery) asks for the pair; it is generated with node:crypto's asynchronous generateKeyPair, which
 * runs on libuv's thread pool, and stored with a conditional write, so concurrent first requests, in
 * this process or after a restart race, all end up with the one pair stored first. Requests for the same
 * actor while a pair is being made share one promise.
 */
import { generateKeyPair } from 'node:crypto';
import { type ActorKeyPair, BoundedMap, type Store } from '../store/index.js';

export type { ActorKeyPair };

const generate = (): Promise<ActorKeyPair> =>
  new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      },
      (err, publicKeyPem, privateKeyPem) => {
        if (err) reject(err);
        else resolve({ publicKeyPem, privateKeyPem, createdAt: Date.now() });
      },
    );
  });

export class ActorKeyService {
  /** Pairs already read or made (≈ 2.4 KB each): actors' keys never change, so entries never go stale. */
  private readonly known = new BoundedMap<string, ActorKeyPair>(10_000);
  private readonly making = new Map<string, Promise<ActorKeyPair>>();

  constructor(private readonly store: Store) {}

  /** The pair if it exists, without making one (synchronous: one LMDB read the first time). */
  peek(actorId: string): ActorKeyPair | undefined {
    let pair = this.known.get(actorId);
    if (pair === undefined) {
      pair = this.store.actorKeys.get(actorId);
      if (pair !== undefined) this.known.set(actorId, pair);
    }
    return pair;
  }

  /** The actor's pair, made and stored now if it has none. */
  of(actorId: string): Promise<ActorKeyPair> {
    const pair = this.peek(actorId);
    if (pair !== undefined) return Promise.resolve(pair);
    let pending = this.making.get(actorId);
    if (pending === undefined) {
      pending = generate()
        .then((made) => this.store.actorKeys.putOnce(actorId, made))
        .then((stored) => {
          this.known.set(actorId, stored);
          return stored;
        })
        .finally(() => this.making.delete(actorId));
      this.making.set(actorId, pending);
    }
    return pending;
  }
}
