/**
 * A remote user's drive files, addressed to that user: each attachment of a remote note is kept as a
 * link to its URL (not downloaded, as Misskey keeps remote files when it does not cache them), one
 * record per user and URL. Storing the same URL again answers the same file, brought up to date (an
 * edited note may change its alt text or sensitivity), and re-renders the notes carrying it.
 */
import { randomBytes } from 'node:crypto';
import { type DriveFileRecord, genId } from '../store/index.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import { rerenderNotes } from './drive.js';
import type { Handler } from './handler.js';
import type { RemoteDriveFile } from './protocol.js';

const FILE_NAME_MAX = 200;

/** The fields of a link that a later copy of its attachment may change. */
function described(
  f: RemoteDriveFile,
): Pick<DriveFileRecord, 'name' | 'type' | 'comment' | 'isSensitive' | 'blurhash' | 'width' | 'height'> {
  return {
    name: f.name.slice(0, FILE_NAME_MAX),
    type: f.type,
    comment: f.comment,
    isSensitive: f.isSensitive,
    blurhash: f.blurhash,
    width: f.width,
    height: f.height,
  };
}

function changes(file: DriveFileRecord, next: ReturnType<typeof described>): boolean {
  return (Object.keys(next) as (keyof typeof next)[]).some((key) => file[key] !== next[key]);
}

/** The id of the owner's link to `f.url`: the known one (updated when its description changed), else a new one. */
function storeLink(ctx: ActorContext, userId: string, userHost: string, f: RemoteDriveFile): string {
  const { store } = ctx;
  const knownId = store.driveFiles.linkedTo(userId, f.url);
  const known = knownId === undefined ? undefined : store.driveFiles.get(knownId);
  const next = described(f);
  if (known !== undefined) {
    if (changes(known, next)) {
      store.driveFiles.update(known, { ...known, ...next });
      ctx.emit({ type: 'driveFileUpdated', fileId: known.id, userId });
      rerenderNotes(ctx, known.id, store.driveFiles.attachedNotes(known.id), false);
    }
    return known.id;
  }
  const file: DriveFileRecord = {
    id: genId(),
    userId,
    userHost,
    md5: '',
    sha256: '',
    size: 0,
    folderId: null,
    orientation: null,
    accessKey: randomBytes(16).toString('base64url'),
    thumbnail: false,
    webpublic: false,
    uri: f.url,
    ...next,
  };
  store.driveFiles.add(file);
  ctx.emit({ type: 'driveFileCreated', fileId: file.id, userId });
  return file.id;
}

const storeRemoteFiles: Handler<'drive.storeRemoteFiles'> = (ctx, a) => {
  const owner = ctx.store.users.get(a.userId);
  // only remote users' drives hold links: a local user's files are always here
  if (owner === undefined || owner.host === null) return fail('noSuchUser');
  return ok({ fileIds: a.files.map((f) => storeLink(ctx, a.userId, owner.host!, f)) });
};

export const remoteFileHandlers = { 'drive.storeRemoteFiles': storeRemoteFiles };
