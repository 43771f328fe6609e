/** drive/folders and drive/folders/*: the caller's folders, nested under one another (never inside themselves). */
import { Type } from '@sinclair/typebox';
import type { DriveFolderRecord } from '../../store/index.js';
import { folderDetail } from '../drive-packs.js';
import { type CallContext, endpoint } from '../endpoint.js';
import { ApiError, endpointErrors as E, endpointMeta as M, type MisskeyErrorDef } from '../errors.js';
import { packFolder } from '../render/drive-file.js';
import { Id, Paging, Params } from './common.js';

const FolderName = Type.String({ minLength: 1, maxLength: 200 });
const RootOrFolder = Type.Union([Id, Type.Null()], { default: null });
const FolderSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
});

function callersFolder(ctx: CallContext, folderId: string, noSuchFolder: MisskeyErrorDef): DriveFolderRecord {
  const folder = ctx.store.driveFolders.get(folderId);
  if (folder === undefined || folder.userId !== ctx.user!.id) throw new ApiError(noSuchFolder);
  return folder;
}

export const driveFolders = endpoint({
  name: 'drive/folders',
  description: 'The folders in one of your folders (null: the root), newest first.',
  ...M['drive/folders'],
  params: Params({ ...Paging, folderId: RootOrFolder }),
  res: Type.Array(FolderSchema),
  handler(p, ctx) {
    return ctx.store.driveFolders.page(ctx.user!.id, p.folderId ?? null, p, p.limit, (id) => {
      const folder = ctx.store.driveFolders.get(id);
      return folder === undefined ? undefined : packFolder(folder);
    });
  },
});

export const driveFoldersCreate = endpoint({
  name: 'drive/folders/create',
  description: 'Creates a folder (named "Untitled" unless `name`) in one of yours (`parentId`; null: the root).',
  ...M['drive/folders/create'],
  params: Params({ name: Type.String({ maxLength: 200, default: 'Untitled' }), parentId: RootOrFolder }),
  res: FolderSchema,
  errors: { noSuchFolder: E['drive/folders/create'].noSuchFolder },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    const name = p.name.length === 0 ? 'Untitled' : p.name;
    const { folderId } = await ctx.call(
      { op: 'drive.createFolder', args: { userId: me, name, parentId: p.parentId ?? null } },
      me,
    );
    return folderDetail(ctx, folderId);
  },
});

export const driveFoldersShow = endpoint({
  name: 'drive/folders/show',
  description: 'One of your folders, with its counts and parents.',
  ...M['drive/folders/show'],
  params: Params({ folderId: Id }),
  res: FolderSchema,
  handler(p, ctx) {
    const folder = callersFolder(ctx, p.folderId, E['drive/folders/show'].noSuchFolder);
    return folderDetail(ctx, folder.id);
  },
});

export const driveFoldersUpdate = endpoint({
  name: 'drive/folders/update',
  description: 'Renames one of your folders, or moves it (`parentId`; null: the root) anywhere but inside itself.',
  ...M['drive/folders/update'],
  params: Params({
    folderId: Id,
    name: Type.Optional(FolderName),
    parentId: Type.Optional(Type.Union([Id, Type.Null()])),
  }),
  res: FolderSchema,
  errors: {
    noSuchFolder: E['drive/folders/update'].noSuchFolder,
    noSuchParentFolder: E['drive/folders/update'].noSuchParentFolder,
    recursiveNesting: E['drive/folders/update'].recursiveNesting,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    const args: { userId: string; folderId: string; name?: string; parentId?: string | null } = {
      userId: me,
      folderId: p.folderId,
    };
    if (p.name !== undefined) args.name = p.name;
    if (p.parentId !== undefined) args.parentId = p.parentId;
    await ctx.call({ op: 'drive.updateFolder', args }, me);
    return folderDetail(ctx, p.folderId);
  },
});

export const driveFoldersDelete = endpoint({
  name: 'drive/folders/delete',
  description: 'Deletes one of your folders; only an empty one.',
  ...M['drive/folders/delete'],
  params: Params({ folderId: Id }),
  errors: {
    noSuchFolder: E['drive/folders/delete'].noSuchFolder,
    hasChildFilesOrFolders: E['drive/folders/delete'].hasChildFilesOrFolders,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'drive.deleteFolder', args: { userId: me, folderId: p.folderId } }, me);
    return null;
  },
});

export const driveFoldersFind = endpoint({
  name: 'drive/folders/find',
  description: 'Your folders named exactly `name` in a folder (`parentId`; null: the root).',
  ...M['drive/folders/find'],
  params: Params({ name: Type.String({ maxLength: 200 }), parentId: RootOrFolder }),
  res: Type.Array(FolderSchema),
  handler(p, ctx) {
    const me = ctx.user!.id;
    return ctx.store.driveFolders
      .named(me, p.parentId ?? null, p.name)
      .flatMap((id) => ctx.store.driveFolders.get(id) ?? [])
      .filter((folder) => folder.name === p.name)
      .map((folder) => packFolder(folder));
  },
});
