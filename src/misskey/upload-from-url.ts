/**
 * drive/files/upload-from-url's work, after the call has been answered (Misskey answers at once and
 * the file appears later): the file is downloaded through federation's guarded fetcher (the SSRF
 * checks, the caller's maxFileSizeMb policy as the limit, streamed to disk), then recorded exactly as
 * an upload is (storeUpload: type from the bytes, the allowed types, capacity, thumbnails). Failures
 * are logged, never answered. Downloads run a few at a time, with a bounded queue behind them.
 */
import PQueue from 'p-queue';
import { logger } from '../log/index.js';
import { isValidFileName, storeUpload, type UploadParams } from './drive-upload.js';
import type { CallContext } from './endpoint.js';
import { ApiError } from './errors.js';

const log = logger('misskey.drive');

/** Downloads at once (each holds a socket and a file open for up to two minutes). */
const CONCURRENCY = 4;
/** Downloads waiting beyond those; past it the call is refused as SERVER_BUSY. */
const QUEUE_MAX = 64;

const downloads = new PQueue({ concurrency: CONCURRENCY });

/** Whether another download may be queued now. */
export const canQueueDownload = (): boolean => downloads.size + downloads.pending < CONCURRENCY + QUEUE_MAX;

/** The name a URL suggests (its last path segment, decoded), when Misskey's rule for names allows it; else none. */
function nameFromUrl(url: string): string {
  const segment = new URL(url).pathname.split('/').pop() ?? '';
  try {
    const name = decodeURIComponent(segment);
    return isValidFileName(name) ? name : '';
  } catch {
    return '';
  }
}

type Failure = 'noSuchUser' | 'noSuchFolder' | 'noFreeSpace';

/** Queues the download of `url` into the caller's drive; resolves once it is queued. */
export function queueUploadFromUrl(ctx: CallContext<Failure>, url: string, params: UploadParams): void {
  const userId = ctx.user!.id;
  // the host only: a URL's path and query may carry someone's secrets
  const host = new URL(url).host;
  void downloads.add(async () => {
    const path = ctx.store.blobs.uploadPath();
    try {
      const maxBytes = ctx.roles.policiesOf(userId).maxFileSizeMb * 1024 * 1024;
      const got = await ctx.remote!.download(url, path, maxBytes);
      const fileId = await storeUpload(ctx, { ...got, path, filename: nameFromUrl(got.url) }, params);
      log.info({ userId, host, fileId }, 'upload from a URL stored');
    } catch (err) {
      const reason = err instanceof ApiError ? err.def.code : err instanceof Error ? err.message : String(err);
      log.info({ userId, host, reason }, 'upload from a URL failed');
    } finally {
      // storeUpload moved the bytes when it got that far; otherwise they go
      await ctx.store.blobs.discard(path);
    }
  });
}
