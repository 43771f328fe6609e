/**
 * The media process: hashes uploads, tells their type from their bytes and works on images (sharp),
 * at a low CPU priority (nice 10), so that a burst of uploads takes only the CPU that serving reads leaves.
 * It answers the parent's jobs over the IPC channel and leaves when the parent does.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { detectType } from './detect.js';
import { analyseFile } from './images.js';
import type { MediaAnswer, MediaJob, MediaResult } from './media-jobs.js';

/** The md5 and sha256 of a file, read once. */
function hashFile(path: string): Promise<{ md5: string; sha256: string }> {
  return new Promise((resolve, reject) => {
    const md5 = createHash('md5');
    const sha256 = createHash('sha256');
    createReadStream(path, { highWaterMark: 1024 * 1024 })
      .on('data', (chunk) => {
        md5.update(chunk);
        sha256.update(chunk);
      })
      .on('error', reject)
      .on('end', () => resolve({ md5: md5.digest('hex'), sha256: sha256.digest('hex') }));
  });
}

async function run(job: MediaJob): Promise<MediaResult> {
  if (job.kind === 'inspect') {
    const [hashes, detected] = await Promise.all([hashFile(job.path), detectType(job.path, job.size)]);
    return { ...hashes, ...detected };
  }
  return analyseFile(job.path, job.type, job.outputs);
}

const answer = (message: MediaAnswer) => process.send?.(message);

process.on('message', (job: MediaJob) => {
  run(job).then(
    (value) => answer({ id: job.id, value }),
    (err: Error) => answer({ id: job.id, error: err.message }),
  );
});
process.on('disconnect', () => process.exit(0));
