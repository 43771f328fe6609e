/** users/show, users/notes, users/followers, users/following, users/relation. */
import { Type } from '@sinclair/typebox';
import { idDate, type PageParams, type RelationVisibility, type UserRecord } from '../../store/index.js';
import { type CallContext, endpoint } from '../endpoint.js';
import { ApiError, commonErrors, endpointErrors as E, endpointMeta as M } from '../errors.js';
import { relation } from '../render/user.js';
import { Id, NotesSchema, Nullable, Paging, Params, UserSchema } from './common.js';
import { detailed } from './user-lists.js';

const Username = Type.String({ maxLength: 128 });
const Host = Type.String({ maxLength: 256 });

/** Misskey's answer when neither form of user reference is given (its schema's anyOf). */
const missingUserRef = () =>
  new ApiError(commonErrors.invalidParam, {
    param: '#/anyOf',
    reason: 'must have required property userId or username',
  });

/**
 * Whether the caller sees the user: suspended and deleted accounts are not there for anyone but
 * moderators, as Misskey's users/show answers.
 */
function shown(ctx: CallContext, user: UserRecord): boolean {
  if (!ctx.queries.caches.accounts.hidden.has(user.id)) return true;
  return ctx.user !== null && ctx.roles.isModerator(ctx.user.id);
}

/** A user by id, or by username and host (null, absent or this server's own host = local), if the caller sees them. */
function findUser(
  ctx: CallContext,
  p: { userId?: string | null; username?: string | null; host?: string | null },
): UserRecord | undefined {
  let userId = p.userId ?? undefined;
  if (userId === undefined) {
    if (p.username == null) throw missingUserRef();
    const localHost = new URL(ctx.config.url).host.toLowerCase();
    const host = p.host == null || p.host.toLowerCase() === localHost ? null : p.host.toLowerCase();
    userId = ctx.store.accounts.idOf(p.username.trim().toLowerCase(), host);
  }
  const user = userId === undefined ? undefined : ctx.store.users.get(userId);
  return user !== undefined && shown(ctx, user) ? user : undefined;
}

/** The lower-cased host when it names another server, or null. */
function remoteHost(ctx: CallContext, host: string | null | undefined): string | null {
  if (host == null) return null;
  const lower = host.trim().toLowerCase();
  return lower === '' || lower === new URL(ctx.config.url).host.toLowerCase() ? null : lower;
}

export const usersShow = endpoint({
  name: 'users/show',
  description:
    'A user (UserDetailed) by `userId` or `username`+`host`, or an array of them for `userIds` (unknown ids are left out).',
  ...M['users/show'],
  params: Params({
    userId: Type.Optional(Id),
    userIds: Type.Optional(Type.Array(Id, { uniqueItems: true, maxItems: 100 })),
    username: Type.Optional(Username),
    host: Type.Optional(Nullable(Host)),
  }),
  res: Type.Union([UserSchema, Type.Array(UserSchema)]),
  async handler(p, ctx) {
    if (p.userIds !== undefined) {
      return p.userIds
        .map((id) => ctx.store.users.get(id))
        .filter((u): u is UserRecord => u !== undefined && shown(ctx, u))
        .map((u) => detailed(ctx, u));
    }
    let user = findUser(ctx, p);
    if (user === undefined && p.userId === undefined && p.username != null) {
      // an account of another server not seen yet: found through WebFinger, as Misskey does
      const host = remoteHost(ctx, p.host);
      if (host !== null && ctx.remote !== undefined) {
        const found = await ctx.remote.userByAcct(p.username.trim(), host);
        // Misskey answers a failed lookup with a 500 (FAILED_TO_RESOLVE_REMOTE_USER); a name nobody can
        // resolve is the caller's input, not a server fault, so it is NO_SUCH_USER here
        if (found.ok) user = findUser(ctx, { userId: found.userId });
      }
    }
    if (user === undefined) throw new ApiError(E['users/show'].noSuchUser);
    return detailed(ctx, user);
  },
});

export const usersNotes = endpoint({
  name: 'users/notes',
  description: "A user's notes, newest first, leaving out those the viewer may not read.",
  ...M['users/notes'],
  params: Params({
    userId: Id,
    withReplies: Type.Boolean({ default: false }),
    withRenotes: Type.Boolean({ default: true }),
    withFiles: Type.Boolean({ default: false }),
    withChannelNotes: Type.Boolean({ default: false }),
    ...Paging,
  }),
  res: NotesSchema,
  handler(p, ctx) {
    if (p.withReplies && p.withFiles) throw new ApiError(E['users/notes'].bothWithRepliesAndWithFiles);
    if (ctx.store.users.get(p.userId) === undefined) throw new ApiError(E['users/notes'].noSuchUser);
    return ctx.renderer().list(ctx.queries.userNotes(ctx.viewer(), p.userId, p, p));
  },
});

const UserRefParams = {
  userId: Type.Optional(Nullable(Id)),
  username: Type.Optional(Nullable(Username)),
  host: Type.Optional(Nullable(Host)),
  ...Paging,
};

/** Whether the viewer may list a user's followers or followees under the user's visibility setting. */
function mayList(ctx: CallContext, user: UserRecord, visibility: RelationVisibility): boolean {
  if (visibility === 'public' || ctx.user?.id === user.id) return true;
  return visibility === 'followers' && ctx.user !== null && ctx.store.follows.has(ctx.user.id, user.id);
}

const FollowingSchema = (side: 'follower' | 'followee') =>
  Type.Array(
    Type.Object({
      id: Type.String(),
      createdAt: Type.String(),
      followeeId: Type.String(),
      followerId: Type.String(),
      [side]: UserSchema,
    }),
  );

/** One page of a user's follow edges, each with the user on the other side (UserDetailed). */
function followPage(
  ctx: CallContext,
  user: UserRecord,
  p: PageParams & { limit: number },
  side: 'follower' | 'followee',
) {
  const list = side === 'follower' ? ctx.store.followers : ctx.store.following;
  return list.page(user.id, p, p.limit, (followId, otherId) => {
    const other = ctx.store.users.get(otherId);
    if (other === undefined || !shown(ctx, other)) return undefined;
    const [followerId, followeeId] = side === 'follower' ? [otherId, user.id] : [user.id, otherId];
    return { id: followId, createdAt: idDate(followId), followeeId, followerId, [side]: detailed(ctx, other) };
  });
}

export const usersFollowers = endpoint({
  name: 'users/followers',
  description: 'Who follows a user, newest follow first, unless the user hides them (followersVisibility).',
  ...M['users/followers'],
  params: Params(UserRefParams),
  res: FollowingSchema('follower'),
  handler(p, ctx) {
    const user = findUser(ctx, p);
    if (user === undefined) throw new ApiError(E['users/followers'].noSuchUser);
    if (!mayList(ctx, user, user.followersVisibility)) throw new ApiError(E['users/followers'].forbidden);
    return followPage(ctx, user, p, 'follower');
  },
});

export const usersFollowing = endpoint({
  name: 'users/following',
  description: 'Whom a user follows, newest follow first, unless the user hides them (followingVisibility).',
  ...M['users/following'],
  params: Params(UserRefParams),
  res: FollowingSchema('followee'),
  handler(p, ctx) {
    const user = findUser(ctx, p);
    if (user === undefined) throw new ApiError(E['users/following'].noSuchUser);
    if (!mayList(ctx, user, user.followingVisibility)) throw new ApiError(E['users/following'].forbidden);
    return followPage(ctx, user, p, 'followee');
  },
});

const RelationSchema = Type.Object({
  id: Type.String(),
  isFollowing: Type.Boolean(),
  isFollowed: Type.Boolean(),
  hasPendingFollowRequestFromYou: Type.Boolean(),
  hasPendingFollowRequestToYou: Type.Boolean(),
  isBlocking: Type.Boolean(),
  isBlocked: Type.Boolean(),
  isMuted: Type.Boolean(),
  isRenoteMuted: Type.Boolean(),
});

export const usersRelation = endpoint({
  name: 'users/relation',
  description: 'Follow, request, block and mute flags between you and one user (or an array for an array of ids).',
  ...M['users/relation'],
  params: Params({ userId: Type.Union([Id, Type.Array(Id, { maxItems: 100 })]) }),
  res: Type.Union([RelationSchema, Type.Array(RelationSchema)]),
  handler(p, ctx) {
    const me = ctx.user!.id;
    return Array.isArray(p.userId)
      ? p.userId.map((id) => relation(ctx.store, me, id))
      : relation(ctx.store, me, p.userId);
  },
});
