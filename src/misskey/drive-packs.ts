/** The drive packs endpoints answer with, over the caller's context (render/drive-file.ts packs the records). */
import type { DriveFileRecord } from '../store/index.js';
import type { CallContext } from './endpoint.js';
import { packFile, packFolder } from './render/drive-file.js';

/** Own files are packed for their owner (original URL, raw orientation). */
export const ownFile = (ctx: CallContext, file: DriveFileRecord) => packFile(ctx.config.url, file, { self: true });

/** A folder with its counts and its parents, as detail packs show it. */
export function folderDetail(ctx: CallContext, folderId: string, depth = 0): object | null {
  const folder = ctx.store.driveFolders.get(folderId);
  if (folder === undefined) return null;
  return packFolder(folder, {
    foldersCount: ctx.store.driveFolders.countIn(folder.userId, folder.id),
    filesCount: ctx.store.driveFiles.countIn(folder.userId, folder.id),
    // a chain is acyclic by construction; the bound only guards a damaged store
    parent: folder.parentId === null || depth > 64 ? null : folderDetail(ctx, folder.parentId, depth + 1),
  });
}

/** The detail pack drive/files/show|update|create answer: the folder and the owner included. */
export function detailedFile(ctx: CallContext, file: DriveFileRecord): object {
  return packFile(ctx.config.url, file, {
    self: true,
    folder: file.folderId === null ? null : folderDetail(ctx, file.folderId),
    user: ctx.renderer().userLite(file.userId),
  });
}
