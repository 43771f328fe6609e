/**
 * The inbox's verifying threads (verifier-thread.ts; `inboxVerifyingThreads`, one per core by default),
 * so the RSA verification and the parsing of a delivery are not done on the gateway thread that answers
 * requests. Two kinds of work go over: a whole
 * delivery whose key is stored (delivery-check.ts: the signature parsed and checked, the body read), and
 * a signature already parsed (the gateway's own path, after a key was fetched). What is asked for in
 * one turn of the event loop goes over as one batch (a thread hop costs about as much as a verification;
 * a batch shares it; the answers come back a few at a time, so the first of a large batch need not
 * wait for the last), and each key is sent to a thread once, as its PEM, and parsed there. When the thread cannot
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
  /** The index in the batch's items of the first answer here; the part that reaches the end ends the batch. */
  from: number;
  answers: VerifyAnswer[];
}

/** Keys a thread keeps parsed (its own bound; a key it dropped is sent again). */
export const VERIFIER_KEYS = 20_000;

type Waiting = (answer: VerifyAnswer) => void;

interface VerifyingThread {
  worker: Worker;
  /** keyId → the PEM the thread was given for it. */
  sentKeys: BoundedMap<string, string>;
  readonly inFlight: Map<number, Waiting[]>;
  /** Items asked of this thread and not yet answered. */
  pending: number;
}

export class BatchVerifier {
  private readonly threads: VerifyingThread[] = [];
  private closing = false;
  private batch: { pems: Map<string, string>; items: VerifyItem[]; waiting: Waiting[] } | null = null;
  private nextId = 0;

  /** `threads`: how many verifying threads (each takes the next batch when it has the least in hand). */
  constructor(threads: number) {
    for (let i = 0; i < threads; i++) {
      const thread: VerifyingThread = {
        worker: null as unknown as Worker,
        sentKeys: new BoundedMap(VERIFIER_KEYS),
        inFlight: new Map(),
        pending: 0,
      };
      thread.worker = this.spawn(thread);
      this.threads.push(thread);
    }
  }

  private spawn(thread: VerifyingThread): Worker {
    const worker = new Worker(new URL('./verifier-thread.js', import.meta.url));
    worker.on('message', (verified: VerifiedBatch) => {
      const waiting = thread.inFlight.get(verified.id) ?? [];
      if (verified.from + verified.answers.length >= waiting.length) thread.inFlight.delete(verified.id);
      thread.pending -= verified.answers.length;
      verified.answers.forEach((answer, i) => {
        waiting[verified.from + i]?.(answer);
      });
      if (thread.inFlight.size === 0) worker.unref();
    });
    worker.on('error', () => this.failAll(thread));
    worker.on('exit', () => {
      this.failAll(thread);
      if (!this.closing) thread.worker = this.spawn(thread);
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
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private ask(keyId: string, pem: string, item: VerifyItem): Promise<VerifyAnswer> {
    if (this.closing) return Promise.resolve(null);
    if (this.batch === null) {
      this.batch = { pems: new Map(), items: [], waiting: [] };
      setImmediate(() => this.flush());
    }
    const batch = this.batch;
    batch.pems.set(keyId, pem);
    batch.items.push(item);
    return new Promise<VerifyAnswer>((resolve) => batch.waiting.push(resolve));
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = null;
    if (batch === null) return;
    let thread = this.threads[0]!;
    for (const other of this.threads) if (other.pending < thread.pending) thread = other;
    const keys: [string, string][] = [];
    for (const [keyId, pem] of batch.pems) {
      if (thread.sentKeys.get(keyId) === pem) continue;
      thread.sentKeys.set(keyId, pem);
      keys.push([keyId, pem]);
    }
    // the thread dropped a key it was asked about: send it again next time
    const waiting = batch.waiting.map((resolve, i): Waiting => {
      const item = batch.items[i]!;
      return (answer) => {
        if (answer === null) thread.sentKeys.delete(item.kind === 'delivery' ? item.delivery.keyId : item.keyId);
        resolve(answer);
      };
    });
    const id = this.nextId++;
    // an idle thread does not keep the process alive; one with checks in hand does
    if (thread.inFlight.size === 0) thread.worker.ref();
    thread.inFlight.set(id, waiting);
    thread.pending += batch.items.length;
    thread.worker.postMessage({ id, keys, items: batch.items } satisfies VerifyBatch);
  }

  /** A thread is gone: what it had in hand is checked by the callers, and its successor needs every key. */
  private failAll(thread: VerifyingThread): void {
    for (const waiting of thread.inFlight.values()) for (const resolve of waiting) resolve(null);
    thread.inFlight.clear();
    thread.pending = 0;
    thread.sentKeys = new BoundedMap<string, string>(VERIFIER_KEYS);
  }
}
