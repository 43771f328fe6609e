/** hashtags/show, hashtags/list, hashtags/trend, hashtags/users and notes/search-by-tag. */
import { Type } from '@sinclair/typebox';
import { HashtagQueries } from '../../queries/index.js';
import { type CallContext, endpoint } from '../endpoint.js';
import { ApiError, commonErrors, endpointErrors as E, endpointMeta as M } from '../errors.js';
import { NotesSchema, Nullable, Paging, Params, UserSchema } from './common.js';
import { UserOrigin, UserSort, UserState, userList } from './user-lists.js';

/** A tag as clients send it: text without control characters (which never occur in a stored tag). */
const Tag = Type.String({ minLength: 1, maxLength: 256, pattern: '^[^\\x00-\\x1f\\x7f]+$' });
/** Tags are stored NFKC-normalised and lower-cased, as Misskey's normalizeForSearch leaves them. */
const normalizeTag = (tag: string) => tag.normalize('NFKC').toLowerCase();

const HashtagSchema = Type.Object({
  tag: Type.String(),
  mentionedUsersCount: Type.Integer(),
  mentionedLocalUsersCount: Type.Integer(),
  mentionedRemoteUsersCount: Type.Integer(),
  attachedUsersCount: Type.Integer(),
  attachedLocalUsersCount: Type.Integer(),
  attachedRemoteUsersCount: Type.Integer(),
});

const hashtagQueries = (ctx: CallContext) => new HashtagQueries(ctx.store, ctx.queries.caches);

export const hashtagsShow = endpoint({
  name: 'hashtags/show',
  description: 'A hashtag with how many users used it in notes and have it in their profile (local and remote).',
  ...M['hashtags/show'],
  params: Params({ tag: Tag }),
  res: HashtagSchema,
  handler(p, ctx) {
    const hashtag = hashtagQueries(ctx).show(normalizeTag(p.tag));
    if (hashtag === undefined) throw new ApiError(E['hashtags/show'].noSuchHashtag);
    return hashtag;
  },
});

const HashtagSort = Type.Union(
  [
    'mentionedUsers',
    'mentionedLocalUsers',
    'mentionedRemoteUsers',
    'attachedUsers',
    'attachedLocalUsers',
    'attachedRemoteUsers',
  ]
    .flatMap((count) => [`+${count}`, `-${count}`] as const)
    .map((sort) => Type.Literal(sort as `+${string}`)),
);

export const hashtagsList = endpoint({
  name: 'hashtags/list',
  description:
    'Hashtags in the order of one of their user counts (`+` descending), optionally only those some (local, remote) user has in their profile.',
  ...M['hashtags/list'],
  params: Params({
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
    attachedToUserOnly: Type.Boolean({ default: false }),
    attachedToLocalUserOnly: Type.Boolean({ default: false }),
    attachedToRemoteUserOnly: Type.Boolean({ default: false }),
    sort: HashtagSort,
  }),
  res: Type.Array(HashtagSchema),
  handler(p, ctx) {
    return hashtagQueries(ctx).list(p.sort as Parameters<HashtagQueries['list']>[0], p.limit, p);
  },
});

export const hashtagsTrend = endpoint({
  name: 'hashtags/trend',
  description:
    "The ten hashtags the most users used in the last hour: `[{tag, chart, usersCount}]`, chart = users per ten minutes, latest first; the instance's hiddenTags are left out.",
  ...M['hashtags/trend'],
  params: Params({}),
  res: Type.Array(Type.Object({ tag: Type.String(), chart: Type.Array(Type.Integer()), usersCount: Type.Integer() })),
  handler(_p, ctx) {
    const hidden = new Set(ctx.queries.caches.instance.settings().hiddenTags.map((tag) => tag.toLowerCase()));
    const trend = hashtagQueries(ctx).trend();
    return hidden.size === 0 ? trend : trend.filter((entry) => !hidden.has(entry.tag.toLowerCase()));
  },
});

export const hashtagsUsers = endpoint({
  name: 'hashtags/users',
  description: 'Users whose profile (description or fields) has the hashtag, in a `users` sort.',
  ...M['hashtags/users'],
  params: Params({
    tag: Tag,
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
    sort: UserSort,
    state: UserState,
    origin: UserOrigin('local'),
  }),
  res: Type.Array(UserSchema),
  handler(p, ctx) {
    return userList(ctx, hashtagQueries(ctx).users(ctx.viewer(), normalizeTag(p.tag), p));
  },
});

export const notesSearchByTag = endpoint({
  name: 'notes/search-by-tag',
  description:
    'Notes with a hashtag (`tag`), or matching `query` (`[[a, b], [c]]`: a and b, or c), newest first, optionally only (or no) replies, renotes, polls.',
  ...M['notes/search-by-tag'],
  params: Params({
    tag: Type.Optional(Tag),
    query: Type.Optional(Type.Array(Type.Array(Tag, { minItems: 1, maxItems: 16 }), { minItems: 1, maxItems: 16 })),
    reply: Type.Optional(Nullable(Type.Boolean())),
    renote: Type.Optional(Nullable(Type.Boolean())),
    poll: Type.Optional(Nullable(Type.Boolean())),
    withFiles: Type.Boolean({ default: false }),
    ...Paging,
  }),
  res: NotesSchema,
  handler(p, ctx) {
    const groups = p.tag !== undefined ? [[p.tag]] : p.query;
    if (groups === undefined)
      throw new ApiError(commonErrors.invalidParam, {
        param: '#/anyOf',
        reason: 'must have required property tag or query',
      });
    const only = {
      reply: p.reply ?? undefined,
      renote: p.renote ?? undefined,
      poll: p.poll ?? undefined,
      withFiles: p.withFiles,
    };
    const normalized = groups.map((group) => group.map(normalizeTag));
    return ctx.renderer().list(ctx.queries.tagged(ctx.viewer(), normalized, p, only));
  },
});
