/**
 * Users' counters (notes, followers, following) and activity (when they last posted, on how many days
 * they were active), kept apart from their records; a user without an entry counts zeros.
 */
import type { Database } from 'lmdb';
import { NO_COUNTS, type UserCounts } from './records.js';

/** The counters `add` moves. */
export type CounterName = 'notesCount' | 'followersCount' | 'followingCount';

const inShapeOrder = (c: UserCounts): UserCounts => ({
  notesCount: c.notesCount,
  followersCount: c.followersCount,
  followingCount: c.followingCount,
  postedAt: c.postedAt,
  loggedInDays: c.loggedInDays,
  lastActiveDay: c.lastActiveDay,
});

export class Counts {
  constructor(private readonly db: Database<UserCounts, string>) {}

  of(userId: string): Readonly<UserCounts> {
    const stored = this.db.get(userId);
    if (stored === undefined) return NO_COUNTS;
    // written before the activity fields (COUNTS_BEFORE_ACTIVITY)
    return stored.loggedInDays === undefined ? inShapeOrder({ ...NO_COUNTS, ...stored }) : stored;
  }

  /** Adds `delta` to one counter, never below zero (read-modify-write: LMDB serialises write transactions across threads). */
  add(userId: string, counter: CounterName, delta: number): Promise<boolean> {
    const counts = this.of(userId);
    return this.write(userId, { ...counts, [counter]: Math.max(0, counts[counter] + delta) });
  }

  /** Counts a new note of the user's, posted at `at` (ms). */
  posted(userId: string, at: number): Promise<boolean> {
    const counts = this.of(userId);
    return this.write(userId, { ...counts, notesCount: counts.notesCount + 1, postedAt: at });
  }

  /** Counts `day` (days since the epoch) as a day of activity; answers false when it already was. */
  markActive(userId: string, day: number): boolean {
    const counts = this.of(userId);
    if (counts.lastActiveDay >= day) return false;
    void this.write(userId, { ...counts, loggedInDays: counts.loggedInDays + 1, lastActiveDay: day });
    return true;
  }

  /** Sets every counter at once (bulk loads). */
  set(userId: string, counts: UserCounts): Promise<boolean> {
    return this.write(userId, counts);
  }

  /** Whether no user has an entry (upgrades of earlier data). */
  isEmpty(): boolean {
    return this.db.getKeysCount({ limit: 1 }) === 0;
  }

  /** Drops the entry, which then counts zeros. */
  remove(userId: string): Promise<boolean> {
    return this.db.remove(userId);
  }

  /** Writes in COUNTS' field order, so the value is stored with that shape rather than as a map. */
  private write(userId: string, counts: UserCounts): Promise<boolean> {
    return this.db.put(userId, inShapeOrder(counts));
  }
}
