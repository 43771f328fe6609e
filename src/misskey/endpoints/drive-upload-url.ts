/** drive/files/upload-from-url: answered at once, as Misskey does; the download and the upload run afterwards (upload-from-url.ts). */
import { Type } from '@sinclair/typebox';
import { endpoint } from '../endpoint.js';
import {
  ApiError,
  commonErrors,
  endpointErrors as E,
  flockErrors,
  endpointMeta as M,
  unavailableErrors,
} from '../errors.js';
import { canQueueDownload, queueUploadFromUrl } from '../upload-from-url.js';
import { Id, Nullable, Params } from './common.js';

const noSuchFolder = E['drive/files/update'].noSuchFolder;

export const driveFilesUploadFromUrl = endpoint({
  name: 'drive/files/upload-from-url',
  description:
    "Downloads a file from a URL of another server into your drive, in the background (answers at once; the file appears when it is done). Fetched through the same guard as federation (no private addresses, no blocked instances), at most your maxFileSizeMb; then checked and stored as an upload. `marker` is Misskey's tag for the stream event of the finished upload (Flock has no streaming yet).",
  ...M['drive/files/upload-from-url'],
  params: Params({
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    folderId: Type.Optional(Nullable(Id)),
    isSensitive: Type.Boolean({ default: false }),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 512 }))),
    marker: Type.Optional(Nullable(Type.String({ maxLength: 256 }))),
    force: Type.Boolean({ default: false }),
  }),
  errors: {
    noSuchUser: commonErrors.internalError,
    noSuchFolder,
    noFreeSpace: E['drive/files/create'].noFreeSpace,
  },
  handler(p, ctx) {
    let url: URL;
    try {
      url = new URL(p.url);
    } catch {
      throw new ApiError(commonErrors.invalidParam, { param: 'url', reason: 'Expected a URL' });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new ApiError(commonErrors.invalidParam, { param: 'url', reason: 'Expected an http(s) URL' });
    const folderId = p.folderId ?? null;
    if (folderId !== null && ctx.store.driveFolders.get(folderId)?.userId !== ctx.user!.id)
      throw new ApiError(noSuchFolder);
    if (ctx.remote === undefined) throw new ApiError(unavailableErrors.notYetServed);
    if (!canQueueDownload()) throw new ApiError(flockErrors.overloaded, undefined, { 'Retry-After': '10' });
    queueUploadFromUrl(ctx, url.href, {
      folderId,
      comment: p.comment ?? null,
      isSensitive: p.isSensitive,
      force: p.force,
    });
    return null;
  },
});
