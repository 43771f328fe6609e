/**
 * A user's drive, addressed to its owner: files (recorded once their bytes are staged on disk; the
 * gateway moves the bytes into place after the commit) and folders. A file's notes are the owner's own,
 * so changing or deleting a file re-renders them here (LMDB serialises these rewrites with the note
 * actor's, each reading the latest record).
 */
import { randomBytes } from 'node:crypto';
import { noteFlags } from '../domain/index.js';
import { type DriveFileRecord, type DriveFolderRecord, genId } from '../store/index.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import type { Handler } from './handler.js';
import { rerenderNote } from './note-write.js';
import { forgetUserMedia } from './user.js';

/** A folder of `userId`'s, or undefined. */
function ownFolder(ctx: ActorContext, userId: string, folderId: string): DriveFolderRecord | undefined {
  const folder = ctx.store.driveFolders.get(folderId);
  return folder?.userId === userId ? folder : undefined;
}

/** Re-renders the notes carrying a file; `detach` takes the file out of them first (a deleted file). */
export function rerenderNotes(ctx: ActorContext, fileId: string, noteIds: readonly string[], detach: boolean): void {
  const { store } = ctx;
  for (const noteId of noteIds) {
    const rewritten = rerenderNote(ctx, noteId, (n) =>
      detach ? { ...n, fileIds: n.fileIds.filter((id) => id !== fileId) } : n,
    );
    if (!rewritten) continue;
    if (detach) {
      const note = store.notes.get(noteId)!;
      const flags = noteFlags(note);
      void store.noteIndexes.addUserNote(note.userId, note.id, flags);
      if (note.visibility === 'public') void store.noteIndexes.addPublic(note.id, flags, note.userHost === null);
    }
    ctx.emit({ type: 'noteFilesChanged', noteId });
  }
}

const createFile: Handler<'drive.createFile'> = (ctx, a) => {
  const { store } = ctx;
  const owner = store.users.get(a.userId);
  if (owner === undefined) return fail('noSuchUser');
  const f = a.file;
  if (f.folderId !== null && ownFolder(ctx, a.userId, f.folderId) === undefined) return fail('noSuchFolder');
  const isSensitive = f.isSensitive || store.userSettings.of(a.userId).alwaysMarkNsfw;
  if (!a.force) {
    const sameId = store.driveFiles.withMd5(a.userId, f.md5)[0];
    const same = sameId === undefined ? undefined : store.driveFiles.get(sameId);
    if (same !== undefined) {
      // the same bytes asked for as sensitive make the existing file so, as in Misskey
      if (isSensitive && !same.isSensitive) {
        store.driveFiles.update(same, { ...same, isSensitive: true });
        ctx.emit({ type: 'driveFileUpdated', fileId: same.id, userId: a.userId });
        rerenderNotes(ctx, same.id, store.driveFiles.attachedNotes(same.id), false);
      }
      return ok({ fileId: same.id, created: false });
    }
  }
  if (store.driveFiles.usage(a.userId) + f.size > a.capacity) return fail('noFreeSpace');
  const file: DriveFileRecord = {
    id: genId(),
    userId: a.userId,
    userHost: owner.host,
    md5: f.md5,
    sha256: f.sha256,
    name: f.name,
    type: f.type,
    size: f.size,
    comment: f.comment,
    isSensitive,
    folderId: f.folderId,
    blurhash: f.blurhash,
    width: f.width,
    height: f.height,
    orientation: f.orientation,
    accessKey: randomBytes(16).toString('base64url'),
    thumbnail: f.thumbnail,
    webpublic: f.webpublic,
    uri: null,
  };
  store.driveFiles.add(file);
  ctx.emit({ type: 'driveFileCreated', fileId: file.id, userId: a.userId });
  return ok({ fileId: file.id, created: true });
};

const updateFile: Handler<'drive.updateFile'> = (ctx, a) => {
  const { store } = ctx;
  const file = store.driveFiles.get(a.fileId);
  if (file === undefined) return fail('noSuchFile');
  if (file.userId !== a.userId) return fail('accessDenied');
  const p = a.patch;
  if (p.folderId != null && ownFolder(ctx, a.userId, p.folderId) === undefined) return fail('noSuchFolder');
  const next: DriveFileRecord = {
    ...file,
    name: p.name ?? file.name,
    folderId: p.folderId === undefined ? file.folderId : p.folderId,
    comment: p.comment === undefined ? file.comment : p.comment,
    isSensitive: p.isSensitive ?? file.isSensitive,
  };
  store.driveFiles.update(file, next);
  ctx.emit({ type: 'driveFileUpdated', fileId: file.id, userId: a.userId });
  if (next.comment !== file.comment || next.isSensitive !== file.isSensitive || next.name !== file.name)
    rerenderNotes(ctx, file.id, store.driveFiles.attachedNotes(file.id), false);
  return ok(null);
};

/** Deletes a file and takes it out of the notes that carry it, as Misskey does. */
const deleteFile: Handler<'drive.deleteFile'> = (ctx, a) => {
  const { store } = ctx;
  const file = store.driveFiles.get(a.fileId);
  if (file === undefined) return fail('noSuchFile');
  if (file.userId !== a.userId) return fail('accessDenied');
  const notes = store.driveFiles.attachedNotes(file.id);
  store.driveFiles.remove(file);
  rerenderNotes(ctx, file.id, notes, true);
  forgetUserMedia(ctx, file.userId, file.id);
  if (a.moderatorId !== null) {
    const owner = store.users.get(file.userId);
    store.moderationLogs.add(genId(), {
      userId: a.moderatorId,
      type: 'deleteDriveFile',
      info: {
        fileId: file.id,
        fileUserId: file.userId,
        fileUserUsername: owner?.username ?? null,
        fileUserHost: file.userHost,
      },
    });
  }
  ctx.emit({ type: 'driveFileDeleted', fileId: file.id, userId: file.userId });
  return ok({ sha256: file.uri === null ? file.sha256 : null });
};

const moveFiles: Handler<'drive.moveFiles'> = (ctx, a) => {
  const { store } = ctx;
  if (a.folderId !== null && ownFolder(ctx, a.userId, a.folderId) === undefined) return fail('noSuchFolder');
  for (const fileId of a.fileIds) {
    const file = store.driveFiles.get(fileId);
    if (file === undefined || file.userId !== a.userId || file.folderId === a.folderId) continue;
    store.driveFiles.update(file, { ...file, folderId: a.folderId });
    ctx.emit({ type: 'driveFileUpdated', fileId, userId: a.userId });
  }
  return ok(null);
};

const createFolder: Handler<'drive.createFolder'> = (ctx, a) => {
  if (a.parentId !== null && ownFolder(ctx, a.userId, a.parentId) === undefined) return fail('noSuchFolder');
  const folder: DriveFolderRecord = { id: genId(), userId: a.userId, name: a.name, parentId: a.parentId };
  ctx.store.driveFolders.put(folder);
  ctx.emit({ type: 'driveFolderCreated', folderId: folder.id, userId: a.userId });
  return ok({ folderId: folder.id });
};

/** Bounds the walk up a folder's parents (a chain is acyclic by construction; this only guards a damaged store). */
const MAX_FOLDER_DEPTH = 10_000;

/** Whether `ancestorId` is `folderId` or one of its parents. */
function isWithin(ctx: ActorContext, folderId: string, ancestorId: string): boolean {
  let at: string | null = folderId;
  for (let depth = 0; at !== null && depth < MAX_FOLDER_DEPTH; depth++) {
    if (at === ancestorId) return true;
    at = ctx.store.driveFolders.get(at)?.parentId ?? null;
  }
  return at !== null;
}

const updateFolder: Handler<'drive.updateFolder'> = (ctx, a) => {
  const folder = ownFolder(ctx, a.userId, a.folderId);
  if (folder === undefined) return fail('noSuchFolder');
  let parentId = folder.parentId;
  if (a.parentId !== undefined) {
    if (a.parentId !== null) {
      if (ownFolder(ctx, a.userId, a.parentId) === undefined) return fail('noSuchParentFolder');
      if (isWithin(ctx, a.parentId, folder.id)) return fail('recursiveNesting');
    }
    parentId = a.parentId;
  }
  ctx.store.driveFolders.update(folder, { ...folder, name: a.name ?? folder.name, parentId });
  ctx.emit({ type: 'driveFolderUpdated', folderId: folder.id, userId: a.userId });
  return ok(null);
};

const deleteFolder: Handler<'drive.deleteFolder'> = (ctx, a) => {
  const { store } = ctx;
  const folder = ownFolder(ctx, a.userId, a.folderId);
  if (folder === undefined) return fail('noSuchFolder');
  if (store.driveFiles.countIn(a.userId, folder.id) > 0 || store.driveFolders.countIn(a.userId, folder.id) > 0)
    return fail('hasChildFilesOrFolders');
  store.driveFolders.remove(folder);
  ctx.emit({ type: 'driveFolderDeleted', folderId: folder.id, userId: a.userId });
  return ok(null);
};

export const driveHandlers = {
  'drive.createFile': createFile,
  'drive.updateFile': updateFile,
  'drive.deleteFile': deleteFile,
  'drive.moveFiles': moveFiles,
  'drive.createFolder': createFolder,
  'drive.updateFolder': updateFolder,
  'drive.deleteFolder': deleteFolder,
};
