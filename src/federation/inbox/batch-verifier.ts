/**
 * Checks inbox signatures on a verifying thread of their own (verifier-thread.ts), so the RSA work is
 * not done on the gateway thread that answers requests: the checks asked for in one turn of the event
 * loop go over as one batch (a thread hop costs about as much as a verification; a batch shares it),
 * and each key is sent once, as its PEM, and parsed there. When the thread cannot answer (it stopped,
 * or it no longer has the key) the check is made here instead: a delivery is never refused for that.
 */
import { Worker } from 'node:worker_threads';
import { BoundedMap } from '../../store/index.js';
import type { ParsedSignature } from '../signature-types.js';

/** [keyId, algorithm, signature bytes, the strings it may have been made over]. */
export type VerifyItem = [string, ParsedSignature['algorithm'], Uint8Array, string[]];

export interface VerifyBatch {
  id: number;
  /** Keys the thread has not had yet (or had in another version): [keyId, SPKI PEM]. */
  keys: [string, string][];
  items: VerifyItem[];
}

export interface VerifiedBatch {
  id: number;
  /** In item order: whether the signature holds; null when the thread had no key for the item's keyId. */
  results: (boolean | null)[];
}

/** Keys the thread keeps parsed (its own bound; a key it dropped is sent again). */
export const VERIFIER_KEYS = 20_000;

interface Waiting {
  resolve(holds: boolean | null): void;
}

export class BatchVerifier {
  private worker: Worker;
  private closing = false;
  /** keyId → the PEM the thread was given for it. */
  private sentKeys = new BoundedMap<string, string>(VERIFIER_KEYS);
  private batch: { keys: [string, string][]; items: VerifyItem[]; waiting: Waiting[] } | null = null;
  private readonly inFlight = new Map<number, Waiting[]>();
  private nextId = 0;

  constructor() {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./verifier-thread.js', import.meta.url));
    worker.on('message', (verified: VerifiedBatch) => {
      const waiting = this.inFlight.get(verified.id) ?? [];
      this.inFlight.delete(verified.id);
      verified.results.forEach((holds, i) => {
        waiting[i]?.resolve(holds);
      });
      if (this.inFlight.size === 0) worker.unref();
    });
    worker.on('error', () => this.failAll());
    worker.on('exit', () => {
      this.failAll();
      if (!this.closing) this.worker = this.spawn();
    });
    worker.unref();
    return worker;
  }

  /**
   * Whether `signature` was made with the key `pem` (the key `keyId` names now); null when the thread
   * could not tell (stopped, or without the key): the caller checks it itself.
   */
  verify(signature: ParsedSignature, pem: string): Promise<boolean | null> {
    if (this.closing) return Promise.resolve(null);
    if (this.batch === null) {
      this.batch = { keys: [], items: [], waiting: [] };
      setImmediate(() => this.flush());
    }
    const batch = this.batch;
    const { keyId } = signature;
    if (this.sentKeys.get(keyId) !== pem) {
      this.sentKeys.set(keyId, pem);
      batch.keys.push([keyId, pem]);
    }
    // a copy of just its bytes: the decoded signature is a view into Node's 8 KB buffer pool, which a
    // structured clone would copy whole
    batch.items.push([keyId, signature.algorithm, new Uint8Array(signature.signature), signature.candidates]);
    return new Promise((resolve) => batch.waiting.push({ resolve }));
  }

  /** The thread's answer said it had no key for `keyId`: send it again next time. */
  forget(keyId: string): void {
    this.sentKeys.delete(keyId);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = null;
    if (batch === null) return;
    const id = this.nextId++;
    // an idle thread does not keep the process alive; one with checks in hand does
    if (this.inFlight.size === 0) this.worker.ref();
    this.inFlight.set(id, batch.waiting);
    this.worker.postMessage({ id, keys: batch.keys, items: batch.items } satisfies VerifyBatch);
  }

  /** The thread is gone: what it had in hand is checked by the callers, and a new thread needs every key. */
  private failAll(): void {
    for (const waiting of this.inFlight.values()) for (const w of waiting) w.resolve(null);
    this.inFlight.clear();
    this.sentKeys = new BoundedMap<string, string>(VERIFIER_KEYS);
  }
}
