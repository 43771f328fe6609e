/** admin/meta and admin/update-meta: the instance settings, which `meta` reflects at once. */
import { Type } from '@sinclair/typebox';
import { normalizeHost } from '../../domain/index.js';
import type { InstanceSettings } from '../../store/index.js';
import { endpoint } from '../endpoint.js';
import { moderationMeta as M } from '../misskey-moderation-meta.js';
import { metaDetailed } from '../render/meta.js';
import { Nullable, Params } from './common.js';

/** Bounds of the settings' lists: enough for any real instance, small enough to read on every note. */
const MAX_ENTRIES = 1000;
const text = (maxLength: number) => Nullable(Type.String({ maxLength }));
const list = (maxLength: number, maxItems = MAX_ENTRIES) => Type.Array(Type.String({ maxLength }), { maxItems });
const Url = text(1024);

const UpdateMetaParams = Params({
  name: Type.Optional(text(256)),
  shortName: Type.Optional(text(64)),
  description: Type.Optional(text(4096)),
  disableRegistration: Type.Optional(Type.Boolean()),
  pinnedUsers: Type.Optional(list(512, 100)),
  hiddenTags: Type.Optional(list(256)),
  blockedHosts: Type.Optional(list(256)),
  silencedHosts: Type.Optional(list(256)),
  mediaSilencedHosts: Type.Optional(list(256)),
  sensitiveWords: Type.Optional(list(1024)),
  prohibitedWords: Type.Optional(list(1024)),
  prohibitedWordsForNameOfUser: Type.Optional(list(1024)),
  iconUrl: Type.Optional(Url),
  bannerUrl: Type.Optional(Url),
  backgroundImageUrl: Type.Optional(Url),
  logoImageUrl: Type.Optional(Url),
  themeColor: Type.Optional(Nullable(Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }))),
  maintainerName: Type.Optional(text(256)),
  maintainerEmail: Type.Optional(text(512)),
  langs: Type.Optional(list(32, 64)),
  serverRules: Type.Optional(list(2048, 100)),
  tosUrl: Type.Optional(Url),
  privacyPolicyUrl: Type.Optional(Url),
  inquiryUrl: Type.Optional(Url),
  impressumUrl: Type.Optional(Url),
  repositoryUrl: Type.Optional(Url),
  feedbackUrl: Type.Optional(Url),
  preservedUsernames: Type.Optional(list(128)),
  bannedEmailDomains: Type.Optional(list(256)),
});

/** Each entry once, in the order given, without empty ones (Misskey drops those too). */
const distinct = (entries: readonly string[]) => [...new Set(entries.filter((entry) => entry !== ''))];

/** The patch as stored: host lists lower-case punycode, word and name lists without blanks. */
function normalized(patch: Partial<InstanceSettings>): Partial<InstanceSettings> {
  const out = { ...patch };
  for (const field of ['blockedHosts', 'silencedHosts', 'mediaSilencedHosts', 'bannedEmailDomains'] as const) {
    const hosts = out[field];
    if (hosts !== undefined) out[field] = distinct(hosts.map(normalizeHost));
  }
  for (const field of [
    'pinnedUsers',
    'hiddenTags',
    'sensitiveWords',
    'prohibitedWords',
    'prohibitedWordsForNameOfUser',
    'langs',
    'serverRules',
    'preservedUsernames',
  ] as const) {
    const entries = out[field];
    if (entries !== undefined) out[field] = distinct(entries.map((entry) => entry.trim()));
  }
  return out;
}

export const adminMeta = endpoint({
  name: 'admin/meta',
  description: "The instance's meta with every setting administrators change (admin/update-meta).",
  ...M['admin/meta'],
  params: Params({}),
  res: Type.Object({ name: Nullable(Type.String()), blockedHosts: Type.Array(Type.String()) }),
  handler(_p, ctx) {
    const settings = ctx.queries.caches.instance.settings();
    return { ...metaDetailed(ctx.config, settings, ctx.roles.basePolicies()), ...settings };
  },
});

export const adminUpdateMeta = endpoint({
  name: 'admin/update-meta',
  description:
    'Changes instance settings (only those given): name, registration, pinned users, blocked, silenced and media-silenced hosts, sensitive and prohibited words, preserved usernames, images and links. `meta` shows them at once; each change is in the moderation log with the settings before and after.',
  ...M['admin/update-meta'],
  params: UpdateMetaParams,
  async handler(p, ctx) {
    const patch = normalized(p);
    const defaults = ctx.queries.caches.instance.defaults;
    await ctx.call({ op: 'instance.updateSettings', args: { moderatorId: ctx.user!.id, defaults, patch } }, 'instance');
    return null;
  },
});
