/** Which derived indexes have been built over the records stored before they existed (key: index name → ms built). */
import type { Database } from 'lmdb';

export class IndexBuilds {
  constructor(private readonly db: Database<number, string>) {}

  isBuilt(name: string): boolean {
    return this.db.doesExist(name);
  }

  markBuilt(name: string): Promise<boolean> {
    return this.db.put(name, Date.now());
  }

  /** Records that the index is no longer kept up to date, so it is built afresh when next wanted. */
  forget(name: string): Promise<boolean> {
    return this.db.remove(name);
  }
}
