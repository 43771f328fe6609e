/** Misskey's DriveFile and DriveFolder packs (DriveFileEntityService, DriveFolderEntityService), and the /files/ URLs of a file. */
import { fileUrl, publicFileUrl, thumbnailUrl } from '../../domain/index.js';
import { type DriveFileRecord, type DriveFolderRecord, idDate } from '../../store/index.js';

export interface FilePackOptions {
  /** Packed for its owner: the original URL and the raw orientation. */
  self: boolean;
  /** The folder object (detail packs); undefined leaves `folder` null. */
  folder?: object | null;
  /** The owner's UserLite JSON (packs `withUser`); undefined leaves `userId` and `user` null. */
  user?: string;
}

/** A DriveFile as Misskey packs it; for others, an EXIF orientation of 5–8 swaps width and height and is dropped. */
export function packFile(baseUrl: string, file: DriveFileRecord, options: FilePackOptions): Record<string, unknown> {
  const properties: Record<string, number> = {};
  if (file.width !== null && file.height !== null) {
    const swap = !options.self && file.orientation !== null && file.orientation >= 5;
    properties.width = swap ? file.height : file.width;
    properties.height = swap ? file.width : file.height;
    if (options.self && file.orientation !== null) properties.orientation = file.orientation;
  }
  return {
    id: file.id,
    createdAt: idDate(file.id),
    name: file.name,
    type: file.type,
    md5: file.md5,
    size: file.size,
    isSensitive: file.isSensitive,
    blurhash: file.blurhash,
    properties,
    url: options.self ? fileUrl(baseUrl, file) : publicFileUrl(baseUrl, file),
    thumbnailUrl: thumbnailUrl(baseUrl, file),
    comment: file.comment,
    folderId: file.folderId,
    folder: options.folder ?? null,
    userId: options.user === undefined ? null : file.userId,
    user: options.user === undefined ? null : JSON.parse(options.user),
  };
}

/** A DriveFolder; detail packs add the counts and the parent chain. */
export function packFolder(
  folder: DriveFolderRecord,
  detail?: { foldersCount: number; filesCount: number; parent: object | null },
): Record<string, unknown> {
  const packed: Record<string, unknown> = {
    id: folder.id,
    createdAt: idDate(folder.id),
    name: folder.name,
    parentId: folder.parentId,
  };
  if (detail !== undefined) Object.assign(packed, detail);
  return packed;
}
