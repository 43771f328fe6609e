/** i, i/update, i/registry/*, i/favorites: the signed-in user's own account. */
import { type Static, Type } from '@sinclair/typebox';
import type { ProfilePatch } from '../../actors/index.js';
import { isFaithfulJson } from '../../gateway/index.js';
import { idDate, type RegistryScope, type UserSettings } from '../../store/index.js';
import { type CallContext, endpoint, RawJson } from '../endpoint.js';
import { ApiError, callerAccountGone, commonErrors, endpointErrors as E, endpointMeta as M } from '../errors.js';
import { jsonArray } from '../render/json-sink.js';
import { meDetailed } from '../render/user.js';
import { Id, NoteSchema, Nullable, Paging, Params, UserSchema } from './common.js';

const Visibility = Type.Union([Type.Literal('public'), Type.Literal('followers'), Type.Literal('private')]);
/** Bounded in count and length here; their total length is bounded again by the wordMuteLimit policy (checkMutedWords). */
const MutedWord = Type.String({ maxLength: 1024 });
const MutedWords = Type.Array(Type.Union([Type.Array(MutedWord, { maxItems: 32 }), MutedWord]), { maxItems: 1000 });
const Name = Nullable(Type.String({ minLength: 1, maxLength: 50 }));
/** Misskey's notification types a receive setting may name (the closed set: other keys are dropped). */
const NOTIFICATION_TYPES = [
  'note',
  'follow',
  'mention',
  'reply',
  'renote',
  'quote',
  'reaction',
  'pollEnded',
  'receiveFollowRequest',
  'followRequestAccepted',
  'roleAssigned',
  'chatRoomInvitationReceived',
  'achievementEarned',
  'app',
  'test',
] as const;
const NotificationReceive = Type.Union([
  Type.Object({
    type: Type.Union(
      ['all', 'following', 'follower', 'mutualFollow', 'followingOrFollower', 'never'].map((t) => Type.Literal(t)),
    ),
  }),
  Type.Object({ type: Type.Literal('list'), userListId: Id }),
]);
const NotificationRecieveConfig = Type.Partial(
  Type.Object(Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, NotificationReceive]))),
);

export const i = endpoint({
  name: 'i',
  description: 'The signed-in user (MeDetailed).',
  ...M.i,
  params: Params({}),
  res: UserSchema,
  handler: (_p, ctx) => meDetailed(ctx.store, ctx.user!, ctx.roles.of(ctx.user!.id), ctx.renderer()),
});

const updateParams = Params({
  name: Type.Optional(Name),
  /** The seed API's name for `name`. */
  displayName: Type.Optional(Name),
  description: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 1500 }))),
  location: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 50 }))),
  birthday: Type.Optional(Nullable(Type.String({ pattern: '^([0-9]{4})-([0-9]{2})-([0-9]{2})$' }))),
  lang: Type.Optional(Nullable(Type.String({ pattern: '^[a-z]{2,3}([-@][A-Za-z0-9]+)?$', maxLength: 16 }))),
  avatarId: Type.Optional(Nullable(Id)),
  bannerId: Type.Optional(Nullable(Id)),
  pinnedPageId: Type.Optional(Nullable(Id)),
  fields: Type.Optional(
    Type.Array(Type.Object({ name: Type.String({ maxLength: 255 }), value: Type.String({ maxLength: 1500 }) }), {
      maxItems: 16,
    }),
  ),
  isLocked: Type.Optional(Type.Boolean()),
  isBot: Type.Optional(Type.Boolean()),
  isCat: Type.Optional(Type.Boolean()),
  isExplorable: Type.Optional(Type.Boolean()),
  hideOnlineStatus: Type.Optional(Type.Boolean()),
  publicReactions: Type.Optional(Type.Boolean()),
  carefulBot: Type.Optional(Type.Boolean()),
  autoAcceptFollowed: Type.Optional(Type.Boolean()),
  noCrawle: Type.Optional(Type.Boolean()),
  preventAiLearning: Type.Optional(Type.Boolean()),
  followingVisibility: Type.Optional(Visibility),
  followersVisibility: Type.Optional(Visibility),
  mutedWords: Type.Optional(MutedWords),
  hardMutedWords: Type.Optional(MutedWords),
  mutedInstances: Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 1000 })),
  alsoKnownAs: Type.Optional(Type.Array(Type.String({ maxLength: 512 }), { maxItems: 10, uniqueItems: true })),
  followedMessage: Type.Optional(Nullable(Type.String({ maxLength: 256 }))),
  injectFeaturedNote: Type.Optional(Type.Boolean()),
  receiveAnnouncementEmail: Type.Optional(Type.Boolean()),
  alwaysMarkNsfw: Type.Optional(Type.Boolean()),
  autoSensitive: Type.Optional(Type.Boolean()),
  emailNotificationTypes: Type.Optional(
    Type.Array(Type.String({ maxLength: 64 }), { maxItems: NOTIFICATION_TYPES.length + 8, uniqueItems: true }),
  ),
  notificationRecieveConfig: Type.Optional(NotificationRecieveConfig),
});

/** The settings only MeDetailed shows, field by field; they are stored apart from the profile. */
const settingsPatch = (p: Static<typeof updateParams>): Partial<UserSettings> => ({
  followedMessage: p.followedMessage === undefined ? undefined : p.followedMessage?.trim() || null,
  injectFeaturedNote: p.injectFeaturedNote,
  receiveAnnouncementEmail: p.receiveAnnouncementEmail,
  alwaysMarkNsfw: p.alwaysMarkNsfw,
  autoSensitive: p.autoSensitive,
  emailNotificationTypes: p.emailNotificationTypes,
  notificationRecieveConfig: p.notificationRecieveConfig as UserSettings['notificationRecieveConfig'] | undefined,
});

/** Misskey caps the total length of mute words at the wordMuteLimit policy and requires string entries to be /regexps/. */
function checkMutedWords(words: (string[] | string)[], limit: number): void {
  let length = 0;
  for (const word of words) length += typeof word === 'string' ? word.length : word.reduce((n, w) => n + w.length, 0);
  if (length > limit) throw new ApiError(E['i/update'].tooManyMutedWords);
  for (const word of words) {
    if (typeof word !== 'string') continue;
    const match = /^\/(.+)\/(.*)$/.exec(word);
    if (match === null) throw new ApiError(E['i/update'].invalidRegexp);
    try {
      new RegExp(match[1]!, match[2]);
    } catch {
      throw new ApiError(E['i/update'].invalidRegexp);
    }
  }
}

/** Turns `@user@host` lines into actor URIs; only accounts this server knows can be aliases, since it does not federate yet. */
function resolveAliases(ctx: CallContext, lines: string[]): string[] | null {
  const localHost = new URL(ctx.config.url).host.toLowerCase();
  const uris = new Set<string>();
  for (const line of lines) {
    const [username = '', host = null] = line.replace(/^@/, '').split('@');
    const hostOrLocal = host === null || host.toLowerCase() === localHost ? null : host.toLowerCase();
    const userId = username === '' ? undefined : ctx.store.accounts.idOf(username.toLowerCase(), hostOrLocal);
    const user = userId === undefined ? undefined : ctx.store.users.get(userId);
    if (user === undefined) throw new ApiError(E['i/update'].noSuchUser);
    if (user.id === ctx.user!.id) throw new ApiError(E['i/update'].forbiddenToSetYourself);
    uris.add(user.uri ?? `${ctx.config.url}/users/${user.id}`);
  }
  return uris.size > 0 ? [...uris] : null;
}

/** The stored profile change, field by field (a spread of the params would carry whatever else they held). */
function profilePatch(p: Static<typeof updateParams>, ctx: CallContext): ProfilePatch {
  const patch: ProfilePatch = {
    description: p.description,
    location: p.location,
    birthday: p.birthday,
    lang: p.lang,
    isLocked: p.isLocked,
    isBot: p.isBot,
    isCat: p.isCat,
    isExplorable: p.isExplorable,
    hideOnlineStatus: p.hideOnlineStatus,
    publicReactions: p.publicReactions,
    carefulBot: p.carefulBot,
    autoAcceptFollowed: p.autoAcceptFollowed,
    noCrawle: p.noCrawle,
    preventAiLearning: p.preventAiLearning,
    followingVisibility: p.followingVisibility,
    followersVisibility: p.followersVisibility,
    mutedWords: p.mutedWords,
    hardMutedWords: p.hardMutedWords,
    mutedInstances: p.mutedInstances,
  };
  const name = p.name !== undefined ? p.name : p.displayName;
  if (name !== undefined) patch.name = name === null || name.trim() === '' ? null : name.trim();
  if (p.fields !== undefined) {
    patch.fields = p.fields
      .filter((f) => f.name.trim() !== '' && f.value.trim() !== '')
      .map((f) => ({ name: f.name.trim(), value: f.value.trim() }));
  }
  if (p.alsoKnownAs !== undefined) patch.alsoKnownAs = resolveAliases(ctx, p.alsoKnownAs);
  return patch;
}

/** The avatar and banner asked for (null: none; absent: unchanged). */
function mediaPatch(p: { avatarId?: string | null; bannerId?: string | null }) {
  const media: { avatarId?: string | null; bannerId?: string | null } = {};
  if (p.avatarId !== undefined) media.avatarId = p.avatarId;
  if (p.bannerId !== undefined) media.bannerId = p.bannerId;
  return media;
}

export const iUpdate = endpoint({
  name: 'i/update',
  description:
    'Updates your profile and settings; answers MeDetailed after the write. `displayName` is accepted as `name`.',
  ...M['i/update'],
  params: updateParams,
  res: UserSchema,
  errors: {
    noSuchUser: callerAccountGone,
    noSuchAvatar: E['i/update'].noSuchAvatar,
    avatarNotAnImage: E['i/update'].avatarNotAnImage,
    noSuchBanner: E['i/update'].noSuchBanner,
    bannerNotAnImage: E['i/update'].bannerNotAnImage,
  },
  async handler(p, ctx) {
    const changesMedia = p.avatarId !== undefined || p.bannerId !== undefined;
    if (changesMedia && !ctx.roles.policiesOf(ctx.user!.id).canUpdateBioMedia)
      throw new ApiError(E['i/update'].restrictedByRole);
    // There are no pages yet, so any page id names something that does not exist.
    if (p.pinnedPageId != null) throw new ApiError(E['i/update'].noSuchPage);
    const name = p.name ?? p.displayName;
    if (name != null && ctx.queries.caches.instance.rules().hasProhibitedNameWords(name))
      throw new ApiError(E['i/update'].nameContainsProhibitedWords);
    if (p.mutedWords !== undefined) checkMutedWords(p.mutedWords, ctx.roles.policiesOf(ctx.user!.id).wordMuteLimit);
    if (p.hardMutedWords !== undefined)
      checkMutedWords(p.hardMutedWords, ctx.roles.policiesOf(ctx.user!.id).wordMuteLimit);
    const userId = ctx.user!.id;
    await ctx.call(
      {
        op: 'user.update',
        args: { userId, patch: profilePatch(p, ctx), settings: settingsPatch(p), media: mediaPatch(p) },
      },
      userId,
    );
    return meDetailed(ctx.store, ctx.store.users.get(userId)!, ctx.roles.of(userId), ctx.renderer());
  },
});

const Scope = Type.Array(Type.String({ pattern: '^[a-zA-Z0-9_]+$', maxLength: 256 }), { maxItems: 32 });
/** Control characters are the registry key separators, so a domain may not contain them. */
const Domain = Type.Optional(Nullable(Type.String({ pattern: '^[^\\x00-\\x1f]*$', maxLength: 256 })));
const RegistryKey = Type.String({ minLength: 1, maxLength: 1024 });

/** The caller's registry scope that the params name. */
const registryScope = (ctx: CallContext, p: { scope: string[]; domain?: string | null }): RegistryScope => ({
  userId: ctx.user!.id,
  domain: p.domain ?? null,
  scope: p.scope,
});

/** The params' registry scope; answers INVALID_PARAM rather than fail the write when key, scope and domain could not be stored. */
function registryItemScope(
  ctx: CallContext,
  p: { key: string; scope: string[]; domain?: string | null },
): RegistryScope {
  const at = registryScope(ctx, p);
  if (!ctx.store.registry.fits(at, p.key)) {
    throw new ApiError(commonErrors.invalidParam, {
      param: '#/properties/key',
      reason: 'key, scope and domain are too long together',
    });
  }
  return at;
}

/** Entries of one scope as [key, JSON text]. */
const scopeEntries = (ctx: CallContext, p: { scope: string[]; domain?: string | null }): [string, string][] =>
  ctx.store.registry.entries(registryScope(ctx, p));

export const registryGetAll = endpoint({
  name: 'i/registry/get-all',
  description: 'Every key and value of one registry scope, as an object.',
  ...M['i/registry/get-all'],
  params: Params({ scope: Scope, domain: Domain }),
  res: Type.Record(Type.String(), Type.Unknown()),
  handler: (p, ctx) =>
    new RawJson(
      '{' +
        scopeEntries(ctx, p)
          .map(([key, json]) => JSON.stringify(key) + ':' + json)
          .join(',') +
        '}',
    ),
});

export const registryGet = endpoint({
  name: 'i/registry/get',
  description: 'One registry value (no content when it is null).',
  ...M['i/registry/get'],
  params: Params({ key: RegistryKey, scope: Scope, domain: Domain }),
  res: Type.Unknown(),
  handler(p, ctx) {
    const json = ctx.store.registry.get(registryItemScope(ctx, p), p.key);
    if (json === undefined) throw new ApiError(E['i/registry/get'].noSuchKey);
    return json === 'null' ? null : new RawJson(json);
  },
});

export const registrySet = endpoint({
  name: 'i/registry/set',
  description: 'Stores one registry value (any JSON value with finite numbers, nested at most 64 deep).',
  ...M['i/registry/set'],
  params: Params({ key: RegistryKey, value: Type.Unknown(), scope: Scope, domain: Domain }),
  async handler(p, ctx) {
    registryItemScope(ctx, p);
    if (!isFaithfulJson(p.value)) {
      throw new ApiError(commonErrors.invalidParam, {
        param: '#/properties/value',
        reason: 'must be JSON with finite numbers, nested at most 64 deep',
      });
    }
    const userId = ctx.user!.id;
    const json = JSON.stringify(p.value) ?? 'null';
    await ctx.call(
      { op: 'user.registrySet', args: { userId, domain: p.domain ?? null, scope: p.scope, key: p.key, json } },
      userId,
    );
    return null;
  },
});

export const registryKeys = endpoint({
  name: 'i/registry/keys',
  description: 'The keys of one registry scope.',
  requireCredential: true,
  kind: 'read:account',
  params: Params({ scope: Scope, domain: Domain }),
  res: Type.Array(Type.String()),
  handler: (p, ctx) => scopeEntries(ctx, p).map(([key]) => key),
});

export const registryRemove = endpoint({
  name: 'i/registry/remove',
  description: 'Deletes one registry value.',
  requireCredential: true,
  kind: 'write:account',
  params: Params({ key: RegistryKey, scope: Scope, domain: Domain }),
  errors: E['i/registry/remove'],
  async handler(p, ctx) {
    registryItemScope(ctx, p);
    const userId = ctx.user!.id;
    await ctx.call(
      { op: 'user.registryRemove', args: { userId, domain: p.domain ?? null, scope: p.scope, key: p.key } },
      userId,
    );
    return null;
  },
});

export const favorites = endpoint({
  name: 'i/favorites',
  description: 'Your favorited notes, newest favorite first: `[{id, createdAt, noteId, note}]`.',
  ...M['i/favorites'],
  params: Params(Paging),
  res: Type.Array(
    Type.Object({ id: Type.String(), createdAt: Type.String(), noteId: Type.String(), note: NoteSchema }),
  ),
  handler(p, ctx) {
    const renderer = ctx.renderer();
    const items = ctx.store.favorites.page(ctx.user!.id, p, p.limit, (favoriteId, noteId) => {
      const note = renderer.render(noteId);
      if (note === undefined) return undefined;
      return `{"id":${JSON.stringify(favoriteId)},"createdAt":"${idDate(favoriteId)}","noteId":${JSON.stringify(noteId)},"note":${note}}`;
    });
    return new RawJson(jsonArray(items));
  },
});
