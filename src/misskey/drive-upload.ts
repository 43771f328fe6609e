/**
 * drive/files/create after the body is on disk: the name checked, the bytes hashed and their type detected,
 * the file renamed to its staged name (known content), images analysed and their versions written
 * beside it, the record committed by the owner's actor, and only then the bytes moved into place
 * (store/blob-files.ts: a crash anywhere in between leaves nothing behind once start-up has recovered).
 */
import { rename } from 'node:fs/promises';
import type { ReceivedFile } from '../gateway/index.js';
import { analyseMedia, inspectFile } from '../media/index.js';
import type { BlobVariant } from '../store/index.js';
import type { CallContext } from './endpoint.js';
import { ApiError, endpointErrors } from './errors.js';

const E = endpointErrors['drive/files/create'];

export interface UploadParams {
  name?: string | null;
  folderId?: string | null;
  comment?: string | null;
  isSensitive: boolean;
  force: boolean;
}

/** Misskey's rule for a drive file's name (DriveFileEntityService.validateFileName). */
export const isValidFileName = (name: string): boolean =>
  name.trim().length > 0 && name.length <= 200 && !name.includes('\\') && !name.includes('/') && !name.includes('..');

/** The name a new file is stored under: the one given, else the part's filename; none (or `blob`) is `untitled`. */
function nameOf(p: UploadParams, upload: ReceivedFile): string | null {
  const given = (p.name ?? upload.filename).trim();
  if (given.length === 0 || given === 'blob') return null;
  if (!isValidFileName(given)) throw new ApiError(E.invalidFileName);
  return given;
}

/** Whether a detected type matches one of the uploadableFileTypes policy's patterns (`*`, `type/*` or exact). */
export function isUploadable(mime: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    if (pattern === '*' || pattern === '*/*') return true;
    if (pattern.endsWith('/*')) return mime.startsWith(pattern.slice(0, -1));
    return mime === pattern;
  });
}

type UploadFailure = 'noSuchUser' | 'noSuchFolder' | 'noFreeSpace';

/** Records an uploaded file in the caller's drive; answers its id (an existing file's, when de-duplicated). */
export async function storeUpload(
  ctx: CallContext<UploadFailure>,
  upload: ReceivedFile,
  p: UploadParams,
): Promise<string> {
  const userId = ctx.user!.id;
  const { store } = ctx;
  const policies = ctx.roles.policiesOf(userId);
  // as in Misskey, moderators are held to neither the allowed types nor the capacity
  const moderator = ctx.roles.isModerator(userId);
  const name = nameOf(p, upload);
  const detected = await inspectFile(upload.path, upload.size);
  if (!moderator && !isUploadable(detected.mime, policies.uploadableFileTypes)) throw new ApiError(E.unallowedFileType);
  const { md5, sha256 } = detected;
  const staged = new Map<BlobVariant, string>();
  const original = store.blobs.stagedPath(sha256, 'original');
  await rename(upload.path, original);
  staged.set('original', original);
  const outputs = {
    thumbnail: store.blobs.stagedPath(sha256, 'thumbnail'),
    webpublic: store.blobs.stagedPath(sha256, 'webpublic'),
  };
  try {
    const media = await analyseMedia(original, detected.mime, outputs);
    if (media.thumbnail) staged.set('thumbnail', outputs.thumbnail);
    if (media.webpublic) staged.set('webpublic', outputs.webpublic);
    const { fileId } = await ctx.call(
      {
        op: 'drive.createFile',
        args: {
          userId,
          force: p.force,
          capacity: moderator ? Number.MAX_SAFE_INTEGER : policies.driveCapacityMb * 1024 * 1024,
          file: {
            md5,
            sha256,
            size: upload.size,
            type: media.type,
            name: name ?? (detected.ext === null ? 'untitled' : `untitled.${detected.ext}`),
            comment: p.comment ?? null,
            isSensitive: p.isSensitive || policies.alwaysMarkNsfw,
            folderId: p.folderId ?? null,
            blurhash: media.blurhash,
            width: media.width,
            height: media.height,
            orientation: media.orientation,
            thumbnail: media.thumbnail,
            webpublic: media.webpublic,
          },
        },
      },
      userId,
    );
    return fileId;
  } finally {
    // committed or not: the staged bytes move into place while a record needs them, and go otherwise
    for (const path of Object.values(outputs))
      if (![...staged.values()].includes(path)) await store.blobs.discard(path);
    await store.blobs.settle(sha256, () => references(ctx, sha256), staged);
  }
}

/** How many records refer to a content now (past this thread's read snapshot). */
export function references(ctx: Pick<CallContext, 'store'>, sha256: string): number {
  ctx.store.resetReadSnapshot();
  return ctx.store.driveFiles.references(sha256);
}
