/**
 * Drive folders: the records (folderId → DriveFolderRecord) and, in the drive's index database
 * (drive-files.ts), `f${userId}${parentKey}${folderId}` → true (a folder's subfolders) and
 * `F${userId}${parentKey}${nameKey}${folderId}` → true (drive/folders/find).
 */
import type { Database } from 'lmdb';
import { folderKey, nameKey } from './drive-files.js';
import { IdIndex, type PageParams } from './paging.js';
import type { DriveFolderRecord } from './records.js';

export class DriveFolders {
  private readonly index: IdIndex<unknown>;

  constructor(
    private readonly folders: Database<DriveFolderRecord, string>,
    db: Database<unknown, string>,
  ) {
    this.index = new IdIndex(db);
  }

  get(folderId: string): DriveFolderRecord | undefined {
    return this.folders.get(folderId);
  }

  put(folder: DriveFolderRecord): void {
    void this.folders.put(folder.id, folder);
    this.indexFolder(folder);
  }

  update(before: DriveFolderRecord, after: DriveFolderRecord): void {
    this.unindexFolder(before);
    this.put(after);
  }

  remove(folder: DriveFolderRecord): void {
    this.unindexFolder(folder);
    void this.folders.remove(folder.id);
  }

  private indexFolder(f: DriveFolderRecord): void {
    void this.index.put('f' + f.userId + folderKey(f.parentId), f.id, true);
    void this.index.put('F' + f.userId + folderKey(f.parentId) + nameKey(f.name), f.id, true);
  }

  private unindexFolder(f: DriveFolderRecord): void {
    void this.index.remove('f' + f.userId + folderKey(f.parentId), f.id);
    void this.index.remove('F' + f.userId + folderKey(f.parentId) + nameKey(f.name), f.id);
  }

  /** How many folders a folder holds. */
  countIn(userId: string, folderId: string): number {
    return this.index.count('f' + userId + folderId);
  }

  /** The user's folders named exactly `name` under a parent (null: the root), oldest first. */
  named(userId: string, parentId: string | null, name: string): string[] {
    return this.index.ids('F' + userId + folderKey(parentId) + nameKey(name));
  }

  /** A page of a folder's subfolders (null: the root's), in Misskey's order. */
  page<T>(
    userId: string,
    parentId: string | null,
    params: PageParams,
    limit: number,
    accept: (folderId: string) => T | undefined,
  ): T[] {
    return this.index.page('f' + userId + folderKey(parentId), params, limit, (folderId) => accept(folderId));
  }
}
