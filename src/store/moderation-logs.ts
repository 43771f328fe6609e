/**
 * The moderation log (admin/show-moderation-logs): one entry per moderation action, keyed by its id
 * (owner '' of an instance-wide IdIndex), so the log pages in Misskey's order. Entries are never
 * changed or removed.
 */
import type { Database } from 'lmdb';
import { IdIndex, type PageParams } from './paging.js';

/** One action: who did it (`userId`, the moderator), Misskey's log type, and its payload (stored as a plain map). */
export interface ModerationLogEntry {
  userId: string;
  type: string;
  info: Record<string, unknown>;
}

export class ModerationLogs {
  private readonly log: IdIndex<ModerationLogEntry>;

  constructor(db: Database<ModerationLogEntry, string>) {
    this.log = new IdIndex(db);
  }

  add(id: string, entry: ModerationLogEntry): void {
    void this.log.put('', id, entry);
  }

  /** Entries as (id, entry), newest first (Misskey's paging). */
  page<T>(params: PageParams, limit: number, accept: (id: string, entry: ModerationLogEntry) => T | undefined): T[] {
    return this.log.page('', params, limit, accept);
  }
}
