/** Finding people: users (the directory), users/search, users/search-by-username-and-host, users/get-frequently-replied-users, pinned-users. */
import { Type } from '@sinclair/typebox';
import { listableUser, relationsFor } from '../../queries/index.js';
import type { UserRecord } from '../../store/index.js';
import { type CallContext, endpoint } from '../endpoint.js';
import { ApiError, commonErrors, endpointErrors as E, endpointMeta as M } from '../errors.js';
import { Id, Nullable, Params, UserSchema } from './common.js';
import { detailed, UserOrigin, UserSort, UserState, userList, userQueries } from './user-lists.js';

const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 10 });
/** Misskey leaves offset unbounded; past this many users a page would only re-read the bounded index walk. */
const Offset = Type.Integer({ minimum: 0, maximum: 10_000, default: 0 });
const Host = Type.String({ maxLength: 256 });

export const users = endpoint({
  name: 'users',
  description:
    'Explorable users in a sort order (`+` descending: `+follower`, `+createdAt`, `+updatedAt`…), optionally only those updated within five days (`state: alive`), of one origin or host.',
  ...M.users,
  params: Params({
    limit: Limit,
    offset: Offset,
    sort: Type.Optional(UserSort),
    state: UserState,
    origin: UserOrigin('local'),
    hostname: Type.Optional(Nullable(Host)),
  }),
  res: Type.Array(UserSchema),
  handler(p, ctx) {
    const hostname = p.hostname == null || p.hostname === '' ? null : p.hostname.toLowerCase();
    return userList(ctx, userQueries(ctx).directory(ctx.viewer(), { ...p, hostname }));
  },
});

export const usersSearch = endpoint({
  name: 'users/search',
  description:
    'Users whose display name contains the query, or whose username starts with it (`@name`) or contains it; then users whose description contains it. Prefix matches and local users first, then the most recently updated.',
  ...M['users/search'],
  params: Params({
    query: Type.String({ maxLength: 512 }),
    offset: Offset,
    limit: Limit,
    origin: UserOrigin('combined'),
    detail: Type.Boolean({ default: true }),
  }),
  res: Type.Array(UserSchema),
  handler(p, ctx) {
    return userList(ctx, userQueries(ctx).search(ctx.viewer(), p.query, p), p.detail);
  },
});

export const usersSearchByUsernameAndHost = endpoint({
  name: 'users/search-by-username-and-host',
  description:
    'Users whose username and host start with the given ones (host `.`: this server), those you follow and active ones first, each group by username.',
  ...M['users/search-by-username-and-host'],
  params: Params({
    username: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
    host: Type.Optional(Nullable(Host)),
    limit: Limit,
    detail: Type.Boolean({ default: true }),
  }),
  res: Type.Array(UserSchema),
  handler(p, ctx) {
    const username = p.username ?? null;
    const host = p.host ?? null;
    if (username === null && host === null)
      throw new ApiError(commonErrors.invalidParam, {
        param: '#/anyOf',
        reason: 'must have required property username or host',
      });
    const localHost = new URL(ctx.config.url).host.toLowerCase();
    const found = userQueries(ctx).byUsernameAndHost(ctx.viewer(), { username, host, limit: p.limit }, localHost);
    return userList(ctx, found, p.detail);
  },
});

export const usersGetFrequentlyRepliedUsers = endpoint({
  name: 'users/get-frequently-replied-users',
  description:
    'The users a user replied to most in their latest 1,000 replies: `[{user, weight}]`, weight relative to the most replied-to.',
  ...M['users/get-frequently-replied-users'],
  params: Params({ userId: Id, limit: Limit }),
  res: Type.Array(Type.Object({ user: UserSchema, weight: Type.Number() })),
  handler(p, ctx) {
    if (ctx.store.users.get(p.userId) === undefined)
      throw new ApiError(E['users/get-frequently-replied-users'].noSuchUser);
    const relations = relationsFor(ctx.queries.caches, ctx.viewer());
    return userQueries(ctx)
      .frequentlyReplied(p.userId, p.limit)
      .filter(({ user }) => listableUser(user, relations, ctx.queries.caches.accounts.hidden))
      .map(({ user, weight }) => ({ user: detailed(ctx, user), weight }));
  },
});

/** `@name` or `@name@host` (the leading @ optional), as the instance's pinnedUsers lists them. */
function userOfAcct(ctx: CallContext, acct: string): UserRecord | undefined {
  const [username, host] = acct.replace(/^@/, '').split('@');
  if (username === undefined || username === '') return undefined;
  const localHost = new URL(ctx.config.url).host.toLowerCase();
  const userHost = host === undefined || host.toLowerCase() === localHost ? null : host.toLowerCase();
  const userId = ctx.store.accounts.idOf(username.toLowerCase(), userHost);
  return userId === undefined ? undefined : ctx.queries.caches.users.get(userId);
}

export const pinnedUsers = endpoint({
  name: 'pinned-users',
  description:
    "The users the instance's `pinnedUsers` setting lists (admin/update-meta; until then the config's), in its order (unknown ones left out).",
  ...M['pinned-users'],
  params: Params({}),
  res: Type.Array(UserSchema),
  handler(_p, ctx) {
    const relations = relationsFor(ctx.queries.caches, ctx.viewer());
    const found = ctx.queries.caches.instance
      .settings()
      .pinnedUsers.map((acct) => userOfAcct(ctx, acct))
      .filter(
        (u): u is UserRecord => u !== undefined && listableUser(u, relations, ctx.queries.caches.accounts.hidden),
      );
    return userList(ctx, found);
  },
});
