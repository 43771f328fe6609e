/**
 * Downloading a file from another server (drive/files/upload-from-url) through the guarded fetcher:
 * the same address checks on every hop, no signature (media servers need none), and the body streamed
 * to a file, never held whole in memory (its hashes and type are worked out where an upload's are, in
 * the media process). The size limit is the caller's (the user's maxFileSizeMb policy), checked
 * against the declared length before reading and against the bytes while reading; a failed download
 * leaves no file behind.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FetchRefusedError, type GuardedFetcher } from './fetcher.js';

/** A file downloaded to disk. */
export interface Downloaded {
  path: string;
  size: number;
  /** The URL that answered, after redirects (its last path segment suggests the file's name). */
  url: string;
}

/** The body is larger than the limit. */
export class DownloadTooLargeError extends FetchRefusedError {}

/** How long a whole download may take (a 30 MiB file over a slow link). */
const DOWNLOAD_TIMEOUT_MS = 120_000;

/** Downloads `url` into `path` (a fresh file), at most `maxBytes`. */
export async function downloadTo(
  fetcher: GuardedFetcher,
  url: string,
  path: string,
  maxBytes: number,
): Promise<Downloaded> {
  const { res, url: answered } = await fetcher.open(url, '*/*', {
    signed: false,
    totalTimeoutMs: DOWNLOAD_TIMEOUT_MS,
  });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new FetchRefusedError(`${new URL(answered).origin} answered ${res.statusCode}`);
  }
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.body.destroy();
    throw new DownloadTooLargeError(`The file is larger than ${maxBytes} bytes`);
  }
  let size = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new DownloadTooLargeError(`The file is larger than ${maxBytes} bytes`));
      done(null, chunk);
    },
  });
  try {
    await pipeline(res.body, counting, createWriteStream(path, { flags: 'wx' }));
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  return { path, size, url: answered };
}
