/** Users' counters (notes, followers, following), kept apart from their records; a user without an entry counts zeros. */
import type { Database } from 'lmdb';
import { NO_COUNTS, type UserCounts } from './records.js';

export class Counts {
  constructor(private readonly db: Database<UserCounts, string>) {}

  of(userId: string): Readonly<UserCounts> {
    return this.db.get(userId) ?? NO_COUNTS;
  }

  /** Adds `delta` to one counter, never below zero (read-modify-write: LMDB serialises write transactions across threads). */
  add(userId: string, counter: keyof UserCounts, delta: number): Promise<boolean> {
    const counts = this.of(userId);
    return this.db.put(userId, { ...counts, [counter]: Math.max(0, counts[counter] + delta) });
  }

  /** Sets every counter at once (bulk loads). */
  set(userId: string, counts: UserCounts): Promise<boolean> {
    return this.db.put(userId, counts);
  }

  /** Whether no user has an entry (upgrades of earlier data). */
  isEmpty(): boolean {
    return this.db.getKeysCount({ limit: 1 }) === 0;
  }

  /** Drops the entry, which then counts zeros. */
  remove(userId: string): Promise<boolean> {
    return this.db.remove(userId);
  }
}
