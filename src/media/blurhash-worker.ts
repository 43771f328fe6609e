/** The blurhash thread: encodes the pixels it is sent, away from the gateway's event loop. */
import { parentPort } from 'node:worker_threads';
import { encodeBlurhash } from './blurhash-encode.js';

export interface BlurhashJob {
  id: number;
  pixels: Uint8Array;
  width: number;
  height: number;
}

parentPort!.on('message', (job: BlurhashJob) => {
  try {
    const pixels = new Uint8ClampedArray(job.pixels.buffer, job.pixels.byteOffset, job.pixels.byteLength);
    parentPort!.postMessage({ id: job.id, hash: encodeBlurhash(pixels, job.width, job.height, 5, 5) });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: (err as Error).message });
  }
});
