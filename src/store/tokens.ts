/**
 * Access tokens, stored under their tokenKey (a hash), never as themselves, so a copy of the data signs
 * nobody in; each user's keys are indexed too (`${userId}${tokenKey}`), to revoke all of them.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'lmdb';
import { IdIndex } from './paging.js';
import type { TokenRecord } from './records.js';

/** The key a token is stored under: its SHA-256 (base64url, 43 chars). Tokens carry ≥ 95 bits of randomness, so no salt or slow hash is needed. */
export const tokenKey = (token: string) => createHash('sha256').update(token).digest('base64url');

export class Tokens {
  private readonly byUser: IdIndex<true>;

  constructor(
    private readonly db: Database<TokenRecord, string>,
    userTokens: Database<true, string>,
  ) {
    this.byUser = new IdIndex(userTokens);
  }

  get(key: string): TokenRecord | undefined {
    return this.db.get(key);
  }

  /** Stores a token for `userId` under `key`; resolves once committed. */
  issue(key: string, userId: string, createdAt: number): Promise<unknown> {
    void this.db.put(key, { userId, createdAt });
    return this.byUser.put(userId, key, true);
  }

  revoke(userId: string, key: string): void {
    void this.db.remove(key);
    void this.byUser.remove(userId, key);
  }

  /** Every stored token key, whoever holds it (upgrades of earlier data). */
  storedKeys(): string[] {
    return [...this.db.getKeys()];
  }

  /** The keys of every token of the user. */
  ofUser(userId: string): string[] {
    return this.byUser.ids(userId);
  }
}
