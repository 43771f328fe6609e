/** User records by id (local and remote). */
import type { Database } from 'lmdb';
import { fastUserRecord, NO_USER_MEDIA, type UserRecord } from './records.js';

/** A record stored before avatars and banners, read with none (in USER's field order, so a rewrite stores the current shape). */
const withMedia = (user: UserRecord): UserRecord =>
  user.avatarId === undefined ? fastUserRecord({ ...user, ...NO_USER_MEDIA }) : user;

export class Users {
  constructor(private readonly db: Database<UserRecord, string>) {}

  /** The stored record as decoded, read past any cache. */
  get(userId: string): UserRecord | undefined {
    const user = this.db.get(userId);
    return user === undefined ? undefined : withMedia(user);
  }

  /** Whether the user exists, without decoding the record. */
  exists(userId: string): boolean {
    return this.db.doesExist(userId);
  }

  put(user: UserRecord): Promise<boolean> {
    return this.db.put(user.id, user);
  }

  /** Whether any user is stored (the first sign-up needs no invitation even while registration is closed). */
  hasAny(): boolean {
    return this.db.getKeysCount({ limit: 1 }) > 0;
  }

  /** Every user record, in id order. */
  *all(): Generator<UserRecord> {
    for (const { value } of this.db.getRange()) yield withMedia(value);
  }
}
