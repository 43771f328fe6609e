/**
 * The instance's settings (admin/update-meta): one record under one key, stored as a plain map. Until
 * an administrator first changes them there is no record, and the settings are the config's
 * (`InstanceSettingsRepository.of(defaults)`).
 */
import type { Database } from 'lmdb';

/** The settings Misskey's admin/update-meta changes that Flock serves (Misskey's names). */
export interface InstanceSettings {
  name: string | null;
  shortName: string | null;
  description: string | null;
  disableRegistration: boolean;
  pinnedUsers: string[];
  hiddenTags: string[];
  blockedHosts: string[];
  silencedHosts: string[];
  mediaSilencedHosts: string[];
  sensitiveWords: string[];
  prohibitedWords: string[];
  prohibitedWordsForNameOfUser: string[];
  iconUrl: string | null;
  bannerUrl: string | null;
  backgroundImageUrl: string | null;
  logoImageUrl: string | null;
  themeColor: string | null;
  maintainerName: string | null;
  maintainerEmail: string | null;
  langs: string[];
  serverRules: string[];
  tosUrl: string | null;
  privacyPolicyUrl: string | null;
  inquiryUrl: string | null;
  impressumUrl: string | null;
  repositoryUrl: string | null;
  feedbackUrl: string | null;
  preservedUsernames: string[];
  bannedEmailDomains: string[];
}

/** The fields, at run time: a change copies these and nothing else into the stored record. */
export const INSTANCE_SETTINGS_FIELDS = [
  'name',
  'shortName',
  'description',
  'disableRegistration',
  'pinnedUsers',
  'hiddenTags',
  'blockedHosts',
  'silencedHosts',
  'mediaSilencedHosts',
  'sensitiveWords',
  'prohibitedWords',
  'prohibitedWordsForNameOfUser',
  'iconUrl',
  'bannerUrl',
  'backgroundImageUrl',
  'logoImageUrl',
  'themeColor',
  'maintainerName',
  'maintainerEmail',
  'langs',
  'serverRules',
  'tosUrl',
  'privacyPolicyUrl',
  'inquiryUrl',
  'impressumUrl',
  'repositoryUrl',
  'feedbackUrl',
  'preservedUsernames',
  'bannedEmailDomains',
] as const satisfies readonly (keyof InstanceSettings)[];
// a field missing from the list above fails to compile here
const everyField: Record<Exclude<keyof InstanceSettings, (typeof INSTANCE_SETTINGS_FIELDS)[number]>, never> = {};
void everyField;

const KEY = 'settings';

export class InstanceSettingsRepository {
  constructor(private readonly db: Database<Partial<InstanceSettings>, string>) {}

  /** The stored settings over `defaults` (fields stored by an earlier version that lacked one keep the default). */
  of(defaults: Readonly<InstanceSettings>): InstanceSettings {
    const stored = this.db.get(KEY);
    return stored === undefined ? { ...defaults } : { ...defaults, ...stored };
  }

  set(settings: InstanceSettings): void {
    void this.db.put(KEY, settings);
  }
}
