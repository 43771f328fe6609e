/**
 * Signs on the outbox's signing thread (signer-thread.ts): the signatures asked for in one turn of the
 * event loop go over as one batch, and each signer's key is sent once.
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
  /** base64 rsa-sha256 signatures, in item order; null when the signer's key was missing. */
  signatures: (string | null)[];
}

interface Waiting {
  resolve(signature: string): void;
  reject(err: Error): void;
}

export class BatchSigner {
  private worker: Worker;
  private closing = false;
  private readonly sentKeys = new Set<string>();
  private batch: { keys: [string, string][]; items: [string, string][]; waiting: Waiting[] } | null = null;
  private readonly inFlight = new Map<number, Waiting[]>();
  private nextId = 0;

  constructor() {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./signer-thread.js', import.meta.url));
    worker.on('message', (signed: SignedBatch) => {
      const waiting = this.inFlight.get(signed.id) ?? [];
      this.inFlight.delete(signed.id);
      signed.signatures.forEach((signature, i) => {
        if (signature === null) waiting[i]?.reject(new Error('The signing thread had no key for the signer'));
        else waiting[i]?.resolve(signature);
      });
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => {
      this.failAll(new Error('The signing thread stopped'));
      // the deliveries whose signatures were lost are retried; later ones need a thread
      if (!this.closing) this.worker = this.spawn();
    });
    worker.unref();
    return worker;
  }

  /** The rsa-sha256 signature (base64) of `text` by `signerId`, whose key is `pem()` (read only the first time). */
  sign(signerId: string, pem: () => string, text: string): Promise<string> {
    if (this.batch === null) {
      this.batch = { keys: [], items: [], waiting: [] };
      setImmediate(() => this.flush());
    }
    const batch = this.batch;
    if (!this.sentKeys.has(signerId)) {
      this.sentKeys.add(signerId);
      batch.keys.push([signerId, pem()]);
    }
    batch.items.push([signerId, text]);
    return new Promise((resolve, reject) => batch.waiting.push({ resolve, reject }));
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
    this.inFlight.set(id, batch.waiting);
    this.worker.postMessage({ id, keys: batch.keys, items: batch.items } satisfies SignBatch);
  }

  private failAll(err: Error): void {
    for (const waiting of this.inFlight.values()) for (const w of waiting) w.reject(err);
    this.inFlight.clear();
    // a new thread would not have the keys: send them again
    this.sentKeys.clear();
  }
}
