/**
 * Signs on the outbox's signing threads (signer-thread.ts): the signatures asked for in one turn of the
 * event loop go over as one batch, to the thread with the fewest signatures still to make, and each
 * signer's key is sent to a thread once.
 */
import { Worker } from 'node:worker_threads';

export interface SignBatch {
  id: number;
  /** Keys the thread has not had yet: [signerId, PEM]. */
  keys: [string, string][];
  /** [signerId, string to sign]. */
  items: [string, string][];
}

export interface SignedBatch {
  id: number;
  /** The index in the batch's items of the first signature here; the last part ends the batch. */
  from: number;
  /** base64 rsa-sha256 signatures, in item order; null when the signer's key was missing. */
  signatures: (string | null)[];
}

interface Waiting {
  resolve(signature: string): void;
  reject(err: Error): void;
}

interface SigningThread {
  worker: Worker;
  readonly sentKeys: Set<string>;
  readonly inFlight: Map<number, Waiting[]>;
  /** Signatures asked of this thread and not yet answered. */
  pending: number;
}

export class BatchSigner {
  private readonly threads: SigningThread[] = [];
  private closing = false;
  private batch: { pems: Map<string, () => string>; items: [string, string][]; waiting: Waiting[] } | null = null;
  private nextId = 0;

  constructor(threads: number) {
    for (let i = 0; i < threads; i++) {
      const thread: SigningThread = {
        worker: null as unknown as Worker,
        sentKeys: new Set(),
        inFlight: new Map(),
        pending: 0,
      };
      thread.worker = this.spawn(thread);
      this.threads.push(thread);
    }
  }

  private spawn(thread: SigningThread): Worker {
    const worker = new Worker(new URL('./signer-thread.js', import.meta.url));
    worker.on('message', (signed: SignedBatch) => {
      const waiting = thread.inFlight.get(signed.id) ?? [];
      if (signed.from + signed.signatures.length >= waiting.length) thread.inFlight.delete(signed.id);
      thread.pending -= signed.signatures.length;
      signed.signatures.forEach((signature, i) => {
        const w = waiting[signed.from + i];
        if (signature === null) w?.reject(new Error('The signing thread had no key for the signer'));
        else w?.resolve(signature);
      });
    });
    worker.on('error', (err) => this.failAll(thread, err));
    worker.on('exit', () => {
      this.failAll(thread, new Error('The signing thread stopped'));
      // the deliveries whose signatures were lost are retried; later ones need a thread
      if (!this.closing) thread.worker = this.spawn(thread);
    });
    worker.unref();
    return worker;
  }

  /** The rsa-sha256 signature (base64) of `text` by `signerId`, whose key is `pem()` (read only when a thread lacks it). */
  sign(signerId: string, pem: () => string, text: string): Promise<string> {
    if (this.batch === null) {
      this.batch = { pems: new Map(), items: [], waiting: [] };
      setImmediate(() => this.flush());
    }
    const batch = this.batch;
    batch.pems.set(signerId, pem);
    batch.items.push([signerId, text]);
    return new Promise((resolve, reject) => batch.waiting.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = null;
    if (batch === null) return;
    let thread = this.threads[0]!;
    for (const other of this.threads) if (other.pending < thread.pending) thread = other;
    const keys: [string, string][] = [];
    for (const [signerId, pem] of batch.pems) {
      if (thread.sentKeys.has(signerId)) continue;
      thread.sentKeys.add(signerId);
      keys.push([signerId, pem()]);
    }
    const id = this.nextId++;
    thread.inFlight.set(id, batch.waiting);
    thread.pending += batch.items.length;
    thread.worker.postMessage({ id, keys, items: batch.items } satisfies SignBatch);
  }

  private failAll(thread: SigningThread, err: Error): void {
    for (const waiting of thread.inFlight.values()) for (const w of waiting) w.reject(err);
    thread.inFlight.clear();
    thread.pending = 0;
    // a new thread would not have the keys: send them again
    thread.sentKeys.clear();
  }
}
