/**
 * following/create, following/delete, following/update, following/update-all, following/invalidate,
 * following/requests/{list,accept,reject,cancel}. Follow-graph writes go to the followee's actor.
 */
import { Type } from '@sinclair/typebox';
import { type CallContext, endpoint, RawJson } from '../endpoint.js';
import { ApiError, endpointErrors as E, endpointMeta as M, type MisskeyErrorDef } from '../errors.js';
import { jsonArray } from '../render/json-sink.js';
import { Id, Paging, Params, UserLiteSchema } from './common.js';

/** The UserLite JSON of a user, or the endpoint's NO_SUCH_USER when there is none. */
function userLite(ctx: CallContext, userId: string, noSuchUser: MisskeyErrorDef): string {
  const user = ctx.store.users.get(userId);
  if (user === undefined) throw new ApiError(noSuchUser);
  return user.lite;
}

export const followingCreate = endpoint({
  name: 'following/create',
  description:
    'Follows a user, or sends a follow request when their account is locked; answers the followee (UserLite).',
  ...M['following/create'],
  params: Params({ userId: Id, withReplies: Type.Optional(Type.Boolean()) }),
  res: UserLiteSchema,
  errors: {
    noSuchUser: E['following/create'].noSuchUser,
    followeeIsYourself: E['following/create'].followeeIsYourself,
    alreadyFollowing: E['following/create'].alreadyFollowing,
    blocking: E['following/create'].blocking,
    blocked: E['following/create'].blocked,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call(
      { op: 'user.follow', args: { followerId: me, followeeId: p.userId, withReplies: p.withReplies ?? false } },
      p.userId,
    );
    return new RawJson(userLite(ctx, p.userId, E['following/create'].noSuchUser));
  },
});

export const followingDelete = endpoint({
  name: 'following/delete',
  description: 'Unfollows a user (or withdraws a pending request); answers the former followee (UserLite).',
  ...M['following/delete'],
  params: Params({ userId: Id }),
  res: UserLiteSchema,
  errors: { notFollowing: E['following/delete'].notFollowing },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    if (p.userId === me) throw new ApiError(E['following/delete'].followeeIsYourself);
    const lite = userLite(ctx, p.userId, E['following/delete'].noSuchUser);
    await ctx.call({ op: 'user.unfollow', args: { followerId: me, followeeId: p.userId } }, p.userId);
    return new RawJson(lite);
  },
});

/** A follow's settings: `notify` (notes as notifications) and `withReplies` (their replies to others in your home timeline). */
const FollowSettingsParams = {
  notify: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('none')])),
  withReplies: Type.Optional(Type.Boolean()),
};

const settingsOf = (p: { notify?: 'normal' | 'none'; withReplies?: boolean }) => ({
  notify: p.notify ?? null,
  withReplies: p.withReplies ?? null,
});

export const followingUpdate = endpoint({
  name: 'following/update',
  description:
    "Changes one of your follows' settings (`notify`, `withReplies`: whether their replies to others reach your home timeline); answers you (UserLite), as Misskey does.",
  ...M['following/update'],
  params: Params({ userId: Id, ...FollowSettingsParams }),
  res: UserLiteSchema,
  errors: { notFollowing: E['following/update'].notFollowing },
  async handler(p, ctx) {
    const me = ctx.user!;
    if (p.userId === me.id) throw new ApiError(E['following/update'].followeeIsYourself);
    if (!ctx.store.users.exists(p.userId)) throw new ApiError(E['following/update'].noSuchUser);
    const args = { followerId: me.id, followeeId: p.userId, settings: settingsOf(p) };
    await ctx.call({ op: 'user.updateFollow', args }, p.userId);
    return new RawJson(me.lite);
  },
});

export const followingUpdateAll = endpoint({
  name: 'following/update-all',
  description: 'Changes the settings (`notify`, `withReplies`) of every follow of yours.',
  ...M['following/update-all'],
  params: Params(FollowSettingsParams),
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'user.updateAllFollows', args: { followerId: me, settings: settingsOf(p) } }, me);
    return null;
  },
});

export const followingInvalidate = endpoint({
  name: 'following/invalidate',
  description:
    'Removes one of your followers: their follow of you is deleted; answers you (UserLite), as Misskey does.',
  ...M['following/invalidate'],
  params: Params({ userId: Id }),
  res: UserLiteSchema,
  errors: { notFollowing: E['following/invalidate'].notFollowing },
  async handler(p, ctx) {
    const me = ctx.user!;
    if (p.userId === me.id) throw new ApiError(E['following/invalidate'].followerIsYourself);
    if (!ctx.store.users.exists(p.userId)) throw new ApiError(E['following/invalidate'].noSuchUser);
    // a pending request is not a follow (user.unfollow would withdraw it)
    if (!ctx.store.follows.has(p.userId, me.id)) throw new ApiError(E['following/invalidate'].notFollowing);
    await ctx.call({ op: 'user.unfollow', args: { followerId: p.userId, followeeId: me.id } }, me.id);
    return new RawJson(me.lite);
  },
});

export const followRequestsList = endpoint({
  name: 'following/requests/list',
  description: 'Follow requests waiting for your answer, newest first: `[{id, follower, followee}]`.',
  ...M['following/requests/list'],
  params: Params(Paging),
  res: Type.Array(Type.Object({ id: Type.String(), follower: UserLiteSchema, followee: UserLiteSchema })),
  handler(p, ctx) {
    const me = ctx.user!;
    const items = ctx.store.followRequests.page(me.id, p, p.limit, (requestId, followerId) => {
      const follower = ctx.store.users.get(followerId);
      if (follower === undefined) return undefined;
      return `{"id":${JSON.stringify(requestId)},"follower":${follower.lite},"followee":${me.lite}}`;
    });
    return new RawJson(jsonArray(items));
  },
});

export const followRequestsAccept = endpoint({
  name: 'following/requests/accept',
  description: 'Accepts a follow request from a user.',
  ...M['following/requests/accept'],
  params: Params({ userId: Id }),
  errors: { noFollowRequest: E['following/requests/accept'].noFollowRequest },
  async handler(p, ctx) {
    if (ctx.store.users.get(p.userId) === undefined) throw new ApiError(E['following/requests/accept'].noSuchUser);
    const me = ctx.user!.id;
    await ctx.call({ op: 'user.acceptRequest', args: { followeeId: me, followerId: p.userId } }, me);
    return null;
  },
});

export const followRequestsReject = endpoint({
  name: 'following/requests/reject',
  description: 'Rejects a follow request from a user (no error when there is none, as in Misskey).',
  ...M['following/requests/reject'],
  params: Params({ userId: Id }),
  errors: { noSuchUser: E['following/requests/reject'].noSuchUser },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'user.rejectRequest', args: { followeeId: me, followerId: p.userId } }, me);
    return null;
  },
});

export const followRequestsCancel = endpoint({
  name: 'following/requests/cancel',
  description:
    'Withdraws your pending follow request (to a locked or a remote user, who is told); answers the followee (UserLite).',
  ...M['following/requests/cancel'],
  params: Params({ userId: Id }),
  res: UserLiteSchema,
  errors: { notFollowing: E['following/requests/cancel'].followRequestNotFound },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    const lite = userLite(ctx, p.userId, E['following/requests/cancel'].noSuchUser);
    // an accepted follow is not a request (user.unfollow would end it)
    if (!ctx.store.followRequests.has(me, p.userId))
      throw new ApiError(E['following/requests/cancel'].followRequestNotFound);
    await ctx.call({ op: 'user.unfollow', args: { followerId: me, followeeId: p.userId } }, p.userId);
    return new RawJson(lite);
  },
});
