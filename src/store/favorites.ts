/** Favorites: a user's favorite of a note (`${userId}${noteId}` → favorite id) and their favorites in time order (`${userId}${favoriteId}` → noteId). */
import type { Database } from 'lmdb';
import { IdIndex, type PageParams } from './paging.js';

export class Favorites {
  private readonly byNote: IdIndex<string>;
  private readonly log: IdIndex<string>;

  constructor(favorites: Database<string, string>, favoriteLog: Database<string, string>) {
    this.byNote = new IdIndex(favorites);
    this.log = new IdIndex(favoriteLog);
  }

  /** The id of the user's favorite of the note. */
  idOf(userId: string, noteId: string): string | undefined {
    return this.byNote.get(userId, noteId);
  }

  add(userId: string, noteId: string, favoriteId: string): Promise<boolean> {
    void this.byNote.put(userId, noteId, favoriteId);
    return this.log.put(userId, favoriteId, noteId);
  }

  remove(userId: string, noteId: string, favoriteId: string): void {
    void this.byNote.remove(userId, noteId);
    void this.log.remove(userId, favoriteId);
  }

  /** The user's favorites (favorite id, note id), in Misskey's page order. */
  page<T>(
    userId: string,
    params: PageParams,
    limit: number,
    accept: (favoriteId: string, noteId: string) => T | undefined,
  ): T[] {
    return this.log.page(userId, params, limit, accept);
  }
}
