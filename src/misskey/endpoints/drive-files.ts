/**
 * drive, drive/files, drive/stream and drive/files/*: reads straight from the store, writes through the
 * owner's actor; uploads arrive as multipart (drive-upload.ts).
 */
import { Type } from '@sinclair/typebox';
import type { DriveFileRecord, PageParams } from '../../store/index.js';
import { detailedFile, ownFile } from '../drive-packs.js';
import { isValidFileName, references, storeUpload } from '../drive-upload.js';
import { type CallContext, endpoint } from '../endpoint.js';
import { ApiError, commonErrors, endpointErrors as E, endpointMeta as M, type MisskeyErrorDef } from '../errors.js';
import { Id, NotesSchema, Nullable, Paging, Params } from './common.js';

/** Misskey's `type` filter: a MIME pattern in which `*` matches anything. */
const TypePattern = Type.String({ pattern: '^[a-zA-Z\\/\\-*]+$', maxLength: 128 });
const Md5 = Type.String({ minLength: 1, maxLength: 64 });
const FileName = Type.String({ maxLength: 1024 });
const Comment = Nullable(Type.String({ maxLength: 512 }));
/** A folder id, or null for the root (the default). */
const RootOrFolder = Type.Union([Id, Type.Null()], { default: null });
const FileSchema = Type.Object({ id: Type.String(), name: Type.String(), type: Type.String(), size: Type.Integer() });
const FilesSchema = Type.Array(FileSchema);

/** The caller's file, or the endpoint's NO_SUCH_FILE / ACCESS_DENIED. */
function callersFile(
  ctx: CallContext,
  fileId: string,
  noSuchFile: MisskeyErrorDef,
  accessDenied: MisskeyErrorDef,
): DriveFileRecord {
  const file = ctx.store.driveFiles.get(fileId);
  if (file === undefined) throw new ApiError(noSuchFile);
  if (file.userId !== ctx.user!.id) throw new ApiError(accessDenied);
  return file;
}

/** Whether a type matches Misskey's `type` pattern (`*` anything, as SQL LIKE's `%`). */
function typeMatcher(pattern: string | undefined): (type: string) => boolean {
  if (pattern === undefined) return () => true;
  const re = new RegExp('^' + pattern.replace(/[-/\\^$+?.()|[\]{}]/g, '\\$&').replace(/\*/g, '.*') + '$');
  return (type) => re.test(type);
}

type Sort = '+createdAt' | '-createdAt' | '+name' | '-name' | '+size' | '-size';
/** Past this many files in one folder the name and size sorts look at the newest only. */
const SORT_WINDOW = 10_000;

/** A page of the caller's files in a folder (undefined: all of them), newest first, or by a sort as Misskey orders it ('+' descending). */
function filePage(
  ctx: CallContext,
  folderId: string | null | undefined,
  p: PageParams & { limit: number; type?: string; sort?: Sort },
): object[] {
  const me = ctx.user!.id;
  const matches = typeMatcher(p.type);
  const accept = (fileId: string) => {
    const file = ctx.store.driveFiles.get(fileId);
    return file !== undefined && matches(file.type) ? file : undefined;
  };
  if (p.sort === undefined)
    return ctx.store.driveFiles.page(me, folderId, p, p.limit, accept).map((f) => ownFile(ctx, f));
  const files = ctx.store.driveFiles
    .idsIn(me, folderId)
    .slice(-SORT_WINDOW)
    .filter((id) => (p.sinceId === undefined || id > p.sinceId) && (p.untilId === undefined || id < p.untilId))
    .flatMap((id) => accept(id) ?? []);
  const sign = p.sort[0] === '+' ? -1 : 1;
  const key = p.sort.slice(1);
  const value = (f: DriveFileRecord) => (key === 'name' ? f.name : key === 'size' ? f.size : f.id);
  files.sort((a, b) => (value(a) < value(b) ? -sign : value(a) > value(b) ? sign : a.id < b.id ? -sign : sign));
  return files.slice(0, p.limit).map((f) => ownFile(ctx, f));
}

export const drive = endpoint({
  name: 'drive',
  description: "The caller's drive capacity and usage, in bytes.",
  ...M.drive,
  params: Params({}),
  res: Type.Object({ capacity: Type.Integer(), usage: Type.Integer() }),
  handler(_p, ctx) {
    return {
      capacity: ctx.roles.policiesOf(ctx.user!.id).driveCapacityMb * 1024 * 1024,
      usage: ctx.store.driveFiles.usage(ctx.user!.id),
    };
  },
});

export const driveFiles = endpoint({
  name: 'drive/files',
  description:
    "The caller's files in a folder (null: the root), newest first or by `sort`; `type` filters by MIME pattern.",
  ...M['drive/files'],
  params: Params({
    ...Paging,
    folderId: RootOrFolder,
    type: Type.Optional(Nullable(TypePattern)),
    sort: Type.Optional(
      Nullable(
        Type.Union(['+createdAt', '-createdAt', '+name', '-name', '+size', '-size'].map((s) => Type.Literal(s))),
      ),
    ),
  }),
  res: FilesSchema,
  handler(p, ctx) {
    return filePage(ctx, p.folderId ?? null, { ...p, type: p.type ?? undefined, sort: (p.sort ?? undefined) as Sort });
  },
});

export const driveStream = endpoint({
  name: 'drive/stream',
  description: "The caller's files across every folder, newest first; `type` filters by MIME pattern.",
  ...M['drive/stream'],
  params: Params({ ...Paging, type: Type.Optional(TypePattern) }),
  res: FilesSchema,
  handler(p, ctx) {
    return filePage(ctx, undefined, p);
  },
});

export const driveFilesCreate = endpoint({
  name: 'drive/files/create',
  description:
    'Uploads a file (multipart/form-data: `file`, and `name`, `folderId`, `comment`, `isSensitive`, `force` as fields). Its type is detected from its bytes; images get dimensions, a blurhash and a thumbnail. The same bytes already in your drive answer that file unless `force`.',
  ...M['drive/files/create'],
  multipart: true,
  params: Params({
    folderId: RootOrFolder,
    name: Type.Optional(Nullable(FileName)),
    comment: Type.Optional(Comment),
    isSensitive: Type.Boolean({ default: false }),
    force: Type.Boolean({ default: false }),
  }),
  res: FileSchema,
  errors: {
    noSuchUser: commonErrors.internalError,
    noSuchFolder: E['drive/files/update'].noSuchFolder,
    noFreeSpace: E['drive/files/create'].noFreeSpace,
  },
  async handler(p, ctx) {
    if (ctx.upload === null) throw new ApiError(commonErrors.fileRequired);
    const fileId = await storeUpload(ctx, ctx.upload, p);
    return detailedFile(ctx, ctx.store.driveFiles.get(fileId)!);
  },
});

/** The file a /files/ URL of this server names (drive/files/show's `url`). */
function fileOfUrl(ctx: CallContext, url: string): DriveFileRecord | undefined {
  const prefix = ctx.config.url + '/files/';
  if (!url.startsWith(prefix)) return undefined;
  return ctx.store.driveFiles.byAccessKey(url.slice(prefix.length, prefix.length + 22));
}

export const driveFilesShow = endpoint({
  name: 'drive/files/show',
  description: "One of your files (anyone's, for a moderator), by `fileId` or by one of its URLs.",
  ...M['drive/files/show'],
  params: Params({ fileId: Type.Optional(Id), url: Type.Optional(Type.String({ maxLength: 2048 })) }),
  res: FileSchema,
  handler(p, ctx) {
    const { noSuchFile, accessDenied } = E['drive/files/show'];
    let fileId: string | undefined;
    if (p.fileId !== undefined) fileId = p.fileId;
    else if (p.url !== undefined) fileId = fileOfUrl(ctx, p.url)?.id;
    else throw new ApiError(commonErrors.invalidParam, { param: '#/anyOf', reason: 'fileId or url is required' });
    if (fileId === undefined) throw new ApiError(noSuchFile);
    const file = ctx.store.driveFiles.get(fileId);
    if (file === undefined) throw new ApiError(noSuchFile);
    // moderators may look at anyone's file, as in Misskey
    if (file.userId !== ctx.user!.id && !ctx.roles.isModerator(ctx.user!.id)) throw new ApiError(accessDenied);
    return detailedFile(ctx, file);
  },
});

export const driveFilesUpdate = endpoint({
  name: 'drive/files/update',
  description:
    'Renames, moves (folderId null: the root), marks sensitive or comments one of your files; notes carrying it show the change.',
  ...M['drive/files/update'],
  params: Params({
    fileId: Id,
    folderId: Type.Optional(Nullable(Id)),
    name: Type.Optional(FileName),
    isSensitive: Type.Optional(Type.Boolean()),
    comment: Type.Optional(Comment),
  }),
  res: FileSchema,
  errors: {
    noSuchFile: E['drive/files/update'].noSuchFile,
    accessDenied: E['drive/files/update'].accessDenied,
    noSuchFolder: E['drive/files/update'].noSuchFolder,
  },
  async handler(p, ctx) {
    if (p.name !== undefined && !isValidFileName(p.name)) throw new ApiError(E['drive/files/update'].invalidFileName);
    const me = ctx.user!.id;
    if (p.isSensitive === false && ctx.roles.policiesOf(me).alwaysMarkNsfw)
      throw new ApiError(E['drive/files/update'].restrictedByRole);
    const patch = { name: p.name, folderId: p.folderId, comment: p.comment, isSensitive: p.isSensitive };
    for (const key of Object.keys(patch) as (keyof typeof patch)[]) if (patch[key] === undefined) delete patch[key];
    await ctx.call({ op: 'drive.updateFile', args: { userId: me, fileId: p.fileId, patch } }, me);
    return detailedFile(ctx, ctx.store.driveFiles.get(p.fileId)!);
  },
});

export const driveFilesDelete = endpoint({
  name: 'drive/files/delete',
  description:
    'Deletes one of your files; it leaves the notes that carried it, and its bytes leave the disk once no file refers to them.',
  ...M['drive/files/delete'],
  params: Params({ fileId: Id }),
  errors: {
    noSuchFile: E['drive/files/delete'].noSuchFile,
    accessDenied: E['drive/files/delete'].accessDenied,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    const file = ctx.store.driveFiles.get(p.fileId);
    if (file === undefined) throw new ApiError(E['drive/files/delete'].noSuchFile);
    // a moderator may delete anyone's file (logged); others only their own
    const moderatorId = file.userId !== me && ctx.roles.isModerator(me) ? me : null;
    const owner = moderatorId === null ? me : file.userId;
    const { sha256 } = await ctx.call(
      { op: 'drive.deleteFile', args: { userId: owner, fileId: p.fileId, moderatorId } },
      owner,
    );
    if (sha256 !== null) await ctx.store.blobs.settle(sha256, () => references(ctx, sha256), new Map());
    return null;
  },
});

export const driveFilesMoveBulk = endpoint({
  name: 'drive/files/move-bulk',
  description: 'Moves several of your files into a folder (null: the root); ids of files not yours are skipped.',
  ...M['drive/files/move-bulk'],
  params: Params({
    fileIds: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true }),
    folderId: RootOrFolder,
  }),
  errors: { noSuchFolder: E['drive/files/update'].noSuchFolder },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call(
      { op: 'drive.moveFiles', args: { userId: me, fileIds: p.fileIds, folderId: p.folderId ?? null } },
      me,
    );
    return null;
  },
});

export const driveFilesFind = endpoint({
  name: 'drive/files/find',
  description: 'Your files named exactly `name` in a folder (null: the root).',
  ...M['drive/files/find'],
  params: Params({ name: FileName, folderId: RootOrFolder }),
  res: FilesSchema,
  handler(p, ctx) {
    const me = ctx.user!.id;
    return ctx.store.driveFiles
      .named(me, p.folderId ?? null, p.name)
      .flatMap((id) => ctx.store.driveFiles.get(id) ?? [])
      .filter((file) => file.name === p.name)
      .map((file) => ownFile(ctx, file));
  },
});

export const driveFilesFindByHash = endpoint({
  name: 'drive/files/find-by-hash',
  description: 'Your files with this md5.',
  ...M['drive/files/find-by-hash'],
  params: Params({ md5: Md5 }),
  res: FilesSchema,
  handler(p, ctx) {
    const me = ctx.user!.id;
    return ctx.store.driveFiles
      .withMd5(me, p.md5.toLowerCase())
      .flatMap((id) => ctx.store.driveFiles.get(id) ?? [])
      .map((file) => ownFile(ctx, file));
  },
});

export const driveFilesCheckExistence = endpoint({
  name: 'drive/files/check-existence',
  description: 'Whether you have a file with this md5.',
  ...M['drive/files/check-existence'],
  params: Params({ md5: Md5 }),
  res: Type.Boolean(),
  handler(p, ctx) {
    return ctx.store.driveFiles.withMd5(ctx.user!.id, p.md5.toLowerCase()).length > 0;
  },
});

export const driveFilesAttachedNotes = endpoint({
  name: 'drive/files/attached-notes',
  description: 'The notes one of your files is attached to, newest first.',
  ...M['drive/files/attached-notes'],
  params: Params({ fileId: Id, ...Paging }),
  res: NotesSchema,
  handler(p, ctx) {
    const { noSuchFile } = E['drive/files/attached-notes'];
    callersFile(ctx, p.fileId, noSuchFile, noSuchFile);
    return ctx.renderer().list(ctx.queries.attachedTo(ctx.viewer(), p.fileId, p));
  },
});
