/**
 * The inbox's verifying thread (verifier-thread.ts), so the RSA verification and the parsing of a
 * delivery are not done on the gateway thread that answers requests. Two kinds of work go over: a whole
 * delivery whose key is stored (delivery-check.ts: the signature parsed and checked, the body read), and
 * a signature already parsed (the gateway's own path, after a key was fetched). What is asked for in
 * one turn of the event loop goes over as one batch (a thread hop costs about as much as a verification;
 * a batch shares it), and each key is sent once, as its PEM, and parsed there. When the thread cannot
 * answer (it stopped, or it no longer has the key) the answer is null and the caller checks on its own
 * thread: a delivery is never refused for that.
 */
import { Worker } from 'node:worker_threads';
import { BoundedMap } from '../../store/index.js';
import type { ParsedSignature } from '../signature-types.js';
import type { DeliveryCheck, DeliveryToCheck } from './delivery-check.js';

export type VerifyItem =
  | { kind: 'delivery'; delivery: DeliveryToCheck }
  | {
      kind: 'signature';
      keyId: string;
      algorithm: ParsedSignature['algorithm'];
      signature: Uint8Array;
      candidates: string[];
    };

export interface VerifyBatch {
  id: number;
  /** Keys the thread has not had yet (or had in another version): [keyId, SPKI PEM]. */
  keys: [string, string][];
  items: VerifyItem[];
}

/** Per item, in order: a delivery's check, whether a signature holds; null when the thread had no key for it. */
export type VerifyAnswer = DeliveryCheck | boolean | null;

export interface VerifiedBatch {
  id: number;
  answers: VerifyAnswer[];
}

/** Keys the thread keeps parsed (its own bound; a key it dropped is sent again). */
export const VERIFIER_KEYS = 20_000;

type Waiting = (answer: VerifyAnswer) => void;

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
      verified.answers.forEach((answer, i) => {
        waiting[i]?.(answer);
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

  /** The check of a delivery signed with the key `pem` (which `delivery.keyId` names); null: not checked. */
  async check(delivery: DeliveryToCheck, pem: string): Promise<DeliveryCheck | null> {
    const answer = await this.ask(delivery.keyId, pem, { kind: 'delivery', delivery });
    return typeof answer === 'object' ? answer : null;
  }

  /** Whether `signature` was made with the key `pem` (the key its keyId names now); null: not checked. */
  async verify(signature: ParsedSignature, pem: string): Promise<boolean | null> {
    const answer = await this.ask(signature.keyId, pem, {
      kind: 'signature',
      keyId: signature.keyId,
      algorithm: signature.algorithm,
      // a copy of just its bytes: the decoded signature is a view into Node's 8 KB buffer pool, which a
      // structured clone would copy whole
      signature: new Uint8Array(signature.signature),
      candidates: signature.candidates,
    });
    return typeof answer === 'boolean' ? answer : null;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private ask(keyId: string, pem: string, item: VerifyItem): Promise<VerifyAnswer> {
    if (this.closing) return Promise.resolve(null);
    if (this.batch === null) {
      this.batch = { keys: [], items: [], waiting: [] };
      setImmediate(() => this.flush());
    }
    const batch = this.batch;
    if (this.sentKeys.get(keyId) !== pem) {
      this.sentKeys.set(keyId, pem);
      batch.keys.push([keyId, pem]);
    }
    batch.items.push(item);
    return new Promise<VerifyAnswer>((resolve) => batch.waiting.push(resolve)).then((answer) => {
      // the thread dropped the key: send it again next time
      if (answer === null) this.sentKeys.delete(keyId);
      return answer;
    });
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
    for (const waiting of this.inFlight.values()) for (const resolve of waiting) resolve(null);
    this.inFlight.clear();
    this.sentKeys = new BoundedMap<string, string>(VERIFIER_KEYS);
  }
}
