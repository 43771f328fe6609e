/**
 * Accounts a moderator suspended or deleted (userId → AccountState); a user without an entry is in
 * good standing. The entries are few, so the gateway reads them all at start-up and keeps them in a
 * set its reads check (queries' ReadCaches.accounts).
 */
import type { Database } from 'lmdb';

/** Stored as a plain map. */
export interface AccountState {
  suspended: boolean;
  /** admin/delete-account: the account is gone for good (its username stays taken). */
  deleted: boolean;
  /** Whether the deleted account's notes and follows have all been removed (the purge resumes at start-up until then). */
  purged: boolean;
}

export const GOOD_STANDING: Readonly<AccountState> = { suspended: false, deleted: false, purged: false };

export class AccountStates {
  constructor(private readonly db: Database<AccountState, string>) {}

  of(userId: string): Readonly<AccountState> {
    return this.db.get(userId) ?? GOOD_STANDING;
  }

  set(userId: string, state: AccountState): void {
    if (!state.suspended && !state.deleted) void this.db.remove(userId);
    else void this.db.put(userId, state);
  }

  /** Every account not in good standing. */
  *all(): Generator<{ userId: string; state: AccountState }> {
    for (const { key, value } of this.db.getRange()) yield { userId: key, state: value };
  }
}
