/**
 * Users' notifications, newest first: `${userId}${notificationId}` → NotificationRecord, and the read
 * pointer `userId` → the newest notification id the user has read. A user's notifications are written
 * from whichever shard handled their cause, so unread state is a comparison with the pointer (written
 * only by the user's own commands), never a counter several shards would update.
 */
import type { Database } from 'lmdb';
import { BoundedMap } from './bounded-map.js';
import { IdIndex, type PageParams, pageBounds } from './paging.js';
import type { NotificationRecord } from './records.js';

/** How many notifications a user keeps (Misskey's perUserNotificationsMaxCount is 500 by default; clients page far back). */
export const NOTIFICATIONS_PER_USER = 2_000;
/** Each thread counts a user's notifications again after this many of its own additions, and trims the oldest past the cap. */
const TRIM_EVERY = 32;
/** Users whose additions since their last count a thread remembers. */
const TRIM_CACHE_USERS = 50_000;
/** Above every id character. */
const HIGH = '~';

export class Notifications {
  private readonly index: IdIndex<NotificationRecord>;
  /** This thread's additions per user since it last counted them (a user forgotten starts again at zero). */
  private readonly sinceTrim = new BoundedMap<string, number>(TRIM_CACHE_USERS);

  constructor(
    private readonly db: Database<NotificationRecord, string>,
    private readonly reads: Database<string, string>,
  ) {
    this.index = new IdIndex(db);
  }

  /**
   * Adds a notification; every TRIM_EVERY additions a user has had from this thread, drops their oldest
   * beyond NOTIFICATIONS_PER_USER, so a flood keeps at most the cap plus a few per thread.
   */
  add(userId: string, id: string, notification: NotificationRecord): void {
    void this.index.put(userId, id, notification);
    const added = (this.sinceTrim.get(userId) ?? 0) + 1;
    if (added < TRIM_EVERY) {
      this.sinceTrim.set(userId, added);
      return;
    }
    this.sinceTrim.set(userId, 0);
    this.trim(userId);
  }

  private trim(userId: string): void {
    const excess = this.index.count(userId) - NOTIFICATIONS_PER_USER;
    if (excess <= 0) return;
    for (const key of [...this.db.getKeys({ start: userId, end: userId + HIGH, limit: excess })])
      void this.db.remove(key);
  }

  get(userId: string, id: string): NotificationRecord | undefined {
    return this.index.get(userId, id);
  }

  /**
   * Up to `limit` results of `accept` over the user's notifications between the bounds, always newest
   * first: Misskey reads them newest first even when only sinceId is given (a reversed stream range).
   */
  page<T>(
    userId: string,
    params: PageParams,
    limit: number,
    accept: (id: string, notification: NotificationRecord) => T | undefined,
  ): T[] {
    const { since, until } = pageBounds(params);
    const high = until === undefined ? userId + HIGH : userId + until;
    const low = since === undefined ? userId : userId + since;
    const out: T[] = [];
    for (const { key, value } of this.db.getRange({ start: high, end: low, reverse: true })) {
      if (key === high || key === low) continue;
      const result = accept(key.slice(userId.length), value);
      if (result !== undefined && out.push(result) >= limit) break;
    }
    return out;
  }

  /** The id of the user's newest notification, if they have any. */
  newestId(userId: string): string | undefined {
    for (const key of this.db.getKeys({ start: userId + HIGH, end: userId, reverse: true, limit: 1 }))
      return key.slice(userId.length);
    return undefined;
  }

  /** The newest notification id the user has read (undefined: none yet). */
  lastReadId(userId: string): string | undefined {
    return this.reads.get(userId);
  }

  /** Marks every notification up to `id` read; answers whether that moved the pointer. */
  markReadUpTo(userId: string, id: string): boolean {
    const last = this.reads.get(userId);
    if (last !== undefined && last >= id) return false;
    void this.reads.put(userId, id);
    return true;
  }

  /** How many of the user's notifications are newer than their read pointer (at most `max`). */
  unreadCount(userId: string, max: number): number {
    const last = this.reads.get(userId);
    const start = last === undefined ? userId : userId + last + '\x00';
    return this.db.getKeysCount({ start, end: userId + HIGH, limit: max });
  }

  /** Whether the user has a notification newer than their read pointer. */
  hasUnread(userId: string): boolean {
    const newest = this.newestId(userId);
    if (newest === undefined) return false;
    const last = this.reads.get(userId);
    return last === undefined || newest > last;
  }

  /** Removes every notification of the user (the read pointer stays: ids only grow). */
  flush(userId: string): void {
    this.index.removeAll(userId);
    this.sinceTrim.set(userId, 0);
  }
}
