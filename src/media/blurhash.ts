/**
 * Blurhash encoding on a thread of its own: blurhash's encoder is plain JS and took 10–20 ms of the
 * gateway's event loop per image (64×64 pixels, 5×5 components). One thread, started on first use and
 * never keeping the process alive; images reach it one by one (the image queue bounds them anyway).
 */
import { Worker } from 'node:worker_threads';
import type { BlurhashJob } from './blurhash-worker.js';

interface Pending {
  resolve(hash: string): void;
  reject(err: Error): void;
}

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

function failAll(err: Error): void {
  for (const job of pending.values()) job.reject(err);
  pending.clear();
  worker = null;
}

function thread(): Worker {
  if (worker !== null) return worker;
  const started = new Worker(new URL('./blurhash-worker.js', import.meta.url));
  started.unref();
  started.on('message', (answer: { id: number; hash?: string; error?: string }) => {
    const job = pending.get(answer.id);
    if (job === undefined) return;
    pending.delete(answer.id);
    if (answer.hash !== undefined) job.resolve(answer.hash);
    else job.reject(new Error(answer.error ?? 'blurhash failed'));
  });
  started.on('error', failAll);
  started.on('exit', () => failAll(new Error('the blurhash thread stopped')));
  worker = started;
  return started;
}

/** The blurhash (5×5 components) of RGBA pixels; the buffer is handed over to the thread. */
export function blurhashOfPixels(pixels: Uint8Array, width: number, height: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    const own = pixels.byteOffset === 0 && pixels.byteLength === pixels.buffer.byteLength ? pixels : pixels.slice();
    const job: BlurhashJob = { id, pixels: own, width, height };
    thread().postMessage(job, [own.buffer as ArrayBuffer]);
  });
}
