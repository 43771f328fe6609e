/** Personal memos: what a user noted about another user (`${authorId}${targetId}` → the memo text), readable only by its author. */
import type { Database } from 'lmdb';
import { IdIndex } from './paging.js';

export class Memos {
  private readonly byTarget: IdIndex<string>;

  constructor(memos: Database<string, string>) {
    this.byTarget = new IdIndex(memos);
  }

  /** The author's memo about the target, or null when there is none. */
  of(authorId: string, targetId: string): string | null {
    return this.byTarget.get(authorId, targetId) ?? null;
  }

  set(authorId: string, targetId: string, memo: string): void {
    void this.byTarget.put(authorId, targetId, memo);
  }

  remove(authorId: string, targetId: string): void {
    void this.byTarget.remove(authorId, targetId);
  }
}
