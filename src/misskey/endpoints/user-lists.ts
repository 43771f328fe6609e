/** What the endpoints that answer lists of users share: rendering them as the viewer sees them, the user queries, and Misskey's sort and state params. */
import { Type } from '@sinclair/typebox';
import { UserQueries } from '../../queries/index.js';
import type { UserRecord } from '../../store/index.js';
import { type CallContext, RawJson } from '../endpoint.js';
import { jsonArray } from '../render/json-sink.js';
import { meDetailed, userDetailed } from '../render/user.js';

/** UserDetailed as the viewer sees it: with relation flags, or MeDetailed's fields when it is the viewer. */
export function detailed(ctx: CallContext, user: UserRecord): Record<string, unknown> {
  const renderer = ctx.renderer();
  if (ctx.user?.id === user.id) return meDetailed(ctx.store, user, ctx.roles.of(user.id), renderer);
  return userDetailed(ctx.store, user, ctx.user?.id ?? null, ctx.roles.of(user.id), renderer);
}

/** UserDetailed of each user, or the stored UserLite JSON when `detail` is false. */
export function userList(ctx: CallContext, users: UserRecord[], detail = true) {
  return detail ? users.map((u) => detailed(ctx, u)) : new RawJson(jsonArray(users.map((u) => u.lite)));
}

export const userQueries = (ctx: CallContext) => new UserQueries(ctx.store, ctx.queries.caches);

/** Misskey's user sort values (`+`: descending). */
export const UserSort = Type.Union(
  (['+follower', '-follower', '+createdAt', '-createdAt', '+updatedAt', '-updatedAt'] as const).map((s) =>
    Type.Literal(s),
  ),
);
/** `alive`: updated within five days. */
export const UserState = Type.Union([Type.Literal('all'), Type.Literal('alive')], { default: 'all' });
export const UserOrigin = <D extends 'local' | 'combined'>(fallback: D) =>
  Type.Union([Type.Literal('combined'), Type.Literal('local'), Type.Literal('remote')], { default: fallback });
