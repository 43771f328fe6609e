/**
 * Accounts: which user an acct (`username@host`, lower-cased; local users have no host) names, and
 * the password hash a local user signs in with.
 */
import type { Database } from 'lmdb';
import type { AuthRecord } from './records.js';

/** `${usernameLower}@${host ?? ''}`: keys sort by username, then host, so a prefix search is a range. */
const acctKey = (usernameLower: string, host: string | null) => `${usernameLower}@${host ?? ''}`;

export class Accounts {
  constructor(
    private readonly acct: Database<string, string>,
    private readonly auth: Database<AuthRecord, string>,
  ) {}

  /** The id of the user with this lower-cased username on `host` (null: this server). */
  idOf(usernameLower: string, host: string | null): string | undefined {
    return this.acct.get(acctKey(usernameLower, host));
  }

  register(usernameLower: string, host: string | null, userId: string): Promise<boolean> {
    return this.acct.put(acctKey(usernameLower, host), userId);
  }

  /**
   * Visits the users whose acct starts with `acctPrefix` (`name`, `name@`, `name@host`…), in acct
   * order, until `visit` answers false; `local` tells whether the account is this server's.
   */
  search(acctPrefix: string, visit: (userId: string, local: boolean) => boolean): void {
    for (const { key, value: userId } of this.acct.getRange({ start: acctPrefix, end: acctPrefix + '\uffff' })) {
      if (!visit(userId, key.endsWith('@'))) return;
    }
  }

  passwordHash(userId: string): string | undefined {
    return this.auth.get(userId)?.hash;
  }

  setPasswordHash(userId: string, hash: string): Promise<boolean> {
    return this.auth.put(userId, { hash });
  }
}
