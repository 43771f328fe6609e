/** The blurhash thread: encodes the pixels it is sent (blurhash's encoder is plain JS, ≈ 10–20 ms for 64×64 × 5×5 here). */
import { parentPort } from 'node:worker_threads';
import { encode } from 'blurhash';

export interface BlurhashJob {
  id: number;
  pixels: Uint8Array;
  width: number;
  height: number;
}

parentPort!.on('message', (job: BlurhashJob) => {
  try {
    const pixels = new Uint8ClampedArray(job.pixels.buffer, job.pixels.byteOffset, job.pixels.byteLength);
    parentPort!.postMessage({ id: job.id, hash: encode(pixels, job.width, job.height, 5, 5) });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: (err as Error).message });
  }
});
