/**
 * Drive files: the records (fileId → DriveFileRecord) and one index database whose keys start with a
 * letter naming the index (`driveIndex`, shared with drive-folders.ts):
 *
 * | key | value | for |
 * |---|---|---|
 * | `s${userId}${fileId}` | true | a user's files across folders (drive/stream) |
 * | `d${userId}${folderKey}${fileId}` | true | a folder's files (drive/files); folderKey is the folder id, ROOT for the root |
 * | `m${userId}${md5}${fileId}` | true | find-by-hash, check-existence and the per-user de-duplication |
 * | `n${userId}${folderKey}${nameKey}${fileId}` | true | drive/files/find (nameKey: 22 chars of the name's sha256) |
 * | `k${accessKey}` | fileId | /files/<key> |
 * | `r${sha256}` | records referring to those bytes | whether the bytes on disk are still needed |
 * | `u${userId}` | bytes | the user's drive usage |
 * | `a${fileId}${noteId}` | true | the notes a file is attached to |
 * | `l${userId}${urlKey}` | fileId | a remote user's file kept as a link, by its URL (urlKey: 22 chars of the URL's sha256) |
 *
 * A link (`uri` set) has no bytes here: it is in neither the md5 index nor the content references.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'lmdb';
import { IdIndex, type PageParams } from './paging.js';
import type { DriveFileRecord } from './records.js';

/** The folder key of the root folder: fixed width like an id, and no id looks like it. */
export const ROOT_FOLDER = '----------------';

export const folderKey = (folderId: string | null): string => folderId ?? ROOT_FOLDER;

/** A fixed-width stand-in for a name in keys (names run to 200 characters, past what a key may hold). */
export const nameKey = (name: string): string =>
  createHash('sha256').update(name, 'utf8').digest('base64url').slice(0, 22);

/** A file read as stored before links existed has none. */
const withUri = (file: DriveFileRecord | undefined): DriveFileRecord | undefined =>
  file === undefined || file.uri !== undefined ? file : { ...file, uri: null };

export class DriveFiles {
  private readonly index: IdIndex<unknown>;

  constructor(
    private readonly files: Database<DriveFileRecord, string>,
    private readonly db: Database<unknown, string>,
  ) {
    this.index = new IdIndex(db);
  }

  get(fileId: string): DriveFileRecord | undefined {
    return withUri(this.files.get(fileId));
  }

  /** The file an access key (the part of a /files/ URL before any variant suffix) names. */
  byAccessKey(accessKey: string): DriveFileRecord | undefined {
    const fileId = this.db.get('k' + accessKey) as string | undefined;
    return fileId === undefined ? undefined : this.get(fileId);
  }

  /** A user's file kept as a link to `url`. */
  linkedTo(userId: string, url: string): string | undefined {
    return this.db.get('l' + userId + nameKey(url)) as string | undefined;
  }

  /** Records a new file and counts its bytes against the user and the stored content. */
  add(file: DriveFileRecord): void {
    void this.files.put(file.id, file);
    this.indexFile(file);
    void this.db.put('k' + file.accessKey, file.id);
    if (file.uri !== null) {
      void this.db.put('l' + file.userId + nameKey(file.uri), file.id);
      return;
    }
    void this.db.put('r' + file.sha256, this.references(file.sha256) + 1);
    void this.db.put('u' + file.userId, this.usage(file.userId) + file.size);
  }

  /** Rewrites a file's record (name, folder, comment, sensitivity); its content stays. */
  update(before: DriveFileRecord, after: DriveFileRecord): void {
    this.unindexFile(before);
    void this.files.put(after.id, after);
    this.indexFile(after);
  }

  /** Removes a file; answers how many records still refer to its bytes (0: they can leave the disk). */
  remove(file: DriveFileRecord): number {
    this.unindexFile(file);
    void this.files.remove(file.id);
    void this.db.remove('k' + file.accessKey);
    for (const noteId of this.index.ids('a' + file.id)) void this.index.remove('a' + file.id, noteId);
    if (file.uri !== null) {
      void this.db.remove('l' + file.userId + nameKey(file.uri));
      return 0;
    }
    void this.db.put('u' + file.userId, Math.max(0, this.usage(file.userId) - file.size));
    const left = Math.max(0, this.references(file.sha256) - 1);
    if (left === 0) void this.db.remove('r' + file.sha256);
    else void this.db.put('r' + file.sha256, left);
    return left;
  }

  private indexFile(f: DriveFileRecord): void {
    void this.index.put('s' + f.userId, f.id, true);
    void this.index.put('d' + f.userId + folderKey(f.folderId), f.id, true);
    if (f.uri === null) void this.index.put('m' + f.userId + f.md5, f.id, true);
    void this.index.put('n' + f.userId + folderKey(f.folderId) + nameKey(f.name), f.id, true);
  }

  private unindexFile(f: DriveFileRecord): void {
    void this.index.remove('s' + f.userId, f.id);
    void this.index.remove('d' + f.userId + folderKey(f.folderId), f.id);
    if (f.uri === null) void this.index.remove('m' + f.userId + f.md5, f.id);
    void this.index.remove('n' + f.userId + folderKey(f.folderId) + nameKey(f.name), f.id);
  }

  /** How many file records refer to the content with this sha256. */
  references(sha256: string): number {
    return (this.db.get('r' + sha256) as number | undefined) ?? 0;
  }

  /** Bytes in the user's drive. */
  usage(userId: string): number {
    return (this.db.get('u' + userId) as number | undefined) ?? 0;
  }

  /** The user's files with this md5, oldest first. */
  withMd5(userId: string, md5: string): string[] {
    return this.index.ids('m' + userId + md5);
  }

  /** The user's files named exactly `name` in a folder, oldest first. */
  named(userId: string, folderId: string | null, name: string): string[] {
    return this.index.ids('n' + userId + folderKey(folderId) + nameKey(name));
  }

  /** How many files a folder holds. */
  countIn(userId: string, folderId: string): number {
    return this.index.count('d' + userId + folderId);
  }

  /** A page of a folder's files (null: the root), or of all the user's files (`folderId` undefined), in Misskey's order. */
  page<T>(
    userId: string,
    folderId: string | null | undefined,
    params: PageParams,
    limit: number,
    accept: (fileId: string) => T | undefined,
  ): T[] {
    const owner = folderId === undefined ? 's' + userId : 'd' + userId + folderKey(folderId);
    return this.index.page(owner, params, limit, (fileId) => accept(fileId));
  }

  /** Every file id of a folder (or of the whole drive), oldest first, for the sorts no index keeps (name, size). */
  idsIn(userId: string, folderId: string | null | undefined): string[] {
    return this.index.ids(folderId === undefined ? 's' + userId : 'd' + userId + folderKey(folderId));
  }

  /** Marks a file as attached to a note (notes/create). */
  attach(fileId: string, noteId: string): void {
    void this.index.put('a' + fileId, noteId, true);
  }

  detach(fileId: string, noteId: string): void {
    void this.index.remove('a' + fileId, noteId);
  }

  /** The notes a file is attached to, oldest first. */
  attachedNotes(fileId: string): string[] {
    return this.index.ids('a' + fileId);
  }

  /** A page of the notes a file is attached to, in Misskey's order. */
  attachedPage<T>(fileId: string, params: PageParams, limit: number, accept: (noteId: string) => T | undefined): T[] {
    return this.index.page('a' + fileId, params, limit, (noteId) => accept(noteId));
  }
}
