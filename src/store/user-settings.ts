/** Users' own settings (userId → UserSettings), apart from their records; a user without an entry has Misskey's defaults. */
import type { Database } from 'lmdb';
import { DEFAULT_USER_SETTINGS, type UserSettings } from './records.js';

export class UserSettingsRepository {
  constructor(private readonly db: Database<UserSettings, string>) {}

  of(userId: string): Readonly<UserSettings> {
    return this.db.get(userId) ?? DEFAULT_USER_SETTINGS;
  }

  set(userId: string, settings: UserSettings): void {
    void this.db.put(userId, settings);
  }
}
