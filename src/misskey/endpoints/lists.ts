/**
 * users/lists/*: lists of users, owned and written by one user (their actor), readable by others when
 * public. Every write names a list of the caller's; another user's list id answers NO_SUCH_LIST.
 */
import { Type } from '@sinclair/typebox';
import type { UserListRecord } from '../../store/index.js';
import { type CallContext, endpoint, RawJson } from '../endpoint.js';
import { ApiError, endpointErrors as E, endpointMeta as M, type MisskeyErrorDef } from '../errors.js';
import { jsonArray } from '../render/json-sink.js';
import { membershipJson, userListJson } from '../render/user-list.js';
import { Id, Paging, Params, UserLiteSchema } from './common.js';

const ListName = Type.String({ minLength: 1, maxLength: 100 });
const UserListSchema = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  name: Type.String(),
  userIds: Type.Array(Type.String()),
  isPublic: Type.Boolean(),
});

/** The caller's own list, or the endpoint's NO_SUCH_LIST. */
function ownList(ctx: CallContext, listId: string, noSuchList: MisskeyErrorDef): UserListRecord {
  const list = ctx.store.userLists.get(listId);
  if (list === undefined || list.userId !== ctx.user?.id) throw new ApiError(noSuchList);
  return list;
}

/**
 * The list users/lists/show and get-memberships read, as Misskey picks it: with `forPublic` or without a
 * credential any public list, otherwise only one of the caller's.
 */
function readableList(ctx: CallContext, listId: string, forPublic: boolean, noSuchList: MisskeyErrorDef) {
  if (!forPublic && ctx.user !== null) return ownList(ctx, listId, noSuchList);
  const list = ctx.store.userLists.get(listId);
  if (list === undefined || !list.isPublic) throw new ApiError(noSuchList);
  return list;
}

export const listsCreate = endpoint({
  name: 'users/lists/create',
  description: 'Creates a list of users (private), at most `userListLimit` of them.',
  ...M['users/lists/create'],
  params: Params({ name: ListName }),
  res: UserListSchema,
  errors: { tooManyUserLists: E['users/lists/create'].tooManyUserLists },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    const args = { userId: me, name: p.name, limit: ctx.roles.policiesOf(me).userListLimit };
    const { listId } = await ctx.call({ op: 'list.create', args }, me);
    return userListJson(ctx.store, ctx.store.userLists.get(listId)!);
  },
});

export const listsCreateFromPublic = endpoint({
  name: 'users/lists/create-from-public',
  description: "Creates a private list of yours with every member of someone's public list.",
  ...M['users/lists/create-from-public'],
  params: Params({ name: ListName, listId: Id }),
  res: UserListSchema,
  errors: {
    noSuchList: E['users/lists/create-from-public'].noSuchList,
    tooManyUserLists: E['users/lists/create-from-public'].tooManyUserLists,
    tooManyUsers: E['users/lists/create-from-public'].tooManyUsers,
    youHaveBeenBlocked: E['users/lists/create-from-public'].youHaveBeenBlocked,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    const { userListLimit, userEachUserListsLimit } = ctx.roles.policiesOf(me);
    const args = {
      userId: me,
      sourceListId: p.listId,
      name: p.name,
      listLimit: userListLimit,
      memberLimit: userEachUserListsLimit,
    };
    const { listId } = await ctx.call({ op: 'list.createFromPublic', args }, me);
    return userListJson(ctx.store, ctx.store.userLists.get(listId)!);
  },
});

export const listsDelete = endpoint({
  name: 'users/lists/delete',
  description: 'Deletes one of your lists.',
  ...M['users/lists/delete'],
  params: Params({ listId: Id }),
  errors: { noSuchList: E['users/lists/delete'].noSuchList },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'list.delete', args: { userId: me, listId: p.listId } }, me);
    return null;
  },
});

export const listsList = endpoint({
  name: 'users/lists/list',
  description: "Your lists, or with `userId` that local user's public lists.",
  ...M['users/lists/list'],
  params: Params({ userId: Type.Optional(Id) }),
  res: Type.Array(UserListSchema),
  handler(p, ctx) {
    const errors = E['users/lists/list'];
    const ownerId = p.userId ?? ctx.user?.id;
    if (ownerId === undefined) throw new ApiError(errors.invalidParam);
    if (p.userId !== undefined) {
      const owner = ctx.store.users.get(p.userId);
      if (owner === undefined) throw new ApiError(errors.noSuchUser);
      if (owner.host !== null) throw new ApiError(errors.remoteUserNotAllowed);
    }
    const lists: Record<string, unknown>[] = [];
    for (const listId of ctx.store.userLists.idsOf(ownerId)) {
      const list = ctx.store.userLists.get(listId);
      if (list !== undefined && (p.userId === undefined || list.isPublic)) lists.push(userListJson(ctx.store, list));
    }
    return lists;
  },
});

export const listsShow = endpoint({
  name: 'users/lists/show',
  description: 'One of your lists; with `forPublic` (or signed out) any public list, with `likedCount` and `isLiked`.',
  ...M['users/lists/show'],
  params: Params({ listId: Id, forPublic: Type.Boolean({ default: false }) }),
  res: UserListSchema,
  handler(p, ctx) {
    const list = readableList(ctx, p.listId, p.forPublic, E['users/lists/show'].noSuchList);
    const json = userListJson(ctx.store, list);
    if (!p.forPublic || !list.isPublic) return json;
    const me = ctx.user?.id;
    return {
      ...json,
      likedCount: ctx.store.userLists.likedCount(list.id),
      isLiked: me !== undefined && ctx.store.userLists.isLikedBy(list.id, me),
    };
  },
});

export const listsUpdate = endpoint({
  name: 'users/lists/update',
  description: 'Renames one of your lists or makes it public or private.',
  ...M['users/lists/update'],
  params: Params({ listId: Id, name: Type.Optional(ListName), isPublic: Type.Optional(Type.Boolean()) }),
  res: UserListSchema,
  errors: { noSuchList: E['users/lists/update'].noSuchList },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    const args = { userId: me, listId: p.listId, name: p.name ?? null, isPublic: p.isPublic ?? null };
    await ctx.call({ op: 'list.update', args }, me);
    return userListJson(ctx.store, ctx.store.userLists.get(p.listId)!);
  },
});

export const listsPush = endpoint({
  name: 'users/lists/push',
  description: 'Adds a user to one of your lists, at most `userEachUserListsLimit` members.',
  ...M['users/lists/push'],
  params: Params({ listId: Id, userId: Id }),
  errors: {
    noSuchList: E['users/lists/push'].noSuchList,
    noSuchUser: E['users/lists/push'].noSuchUser,
    alreadyAdded: E['users/lists/push'].alreadyAdded,
    tooManyUsers: E['users/lists/push'].tooManyUsers,
    youHaveBeenBlocked: E['users/lists/push'].youHaveBeenBlocked,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    const args = {
      userId: me,
      listId: p.listId,
      memberId: p.userId,
      limit: ctx.roles.policiesOf(me).userEachUserListsLimit,
    };
    await ctx.call({ op: 'list.push', args }, me);
    return null;
  },
});

export const listsPull = endpoint({
  name: 'users/lists/pull',
  description: 'Removes a user from one of your lists (no error when they are not on it).',
  ...M['users/lists/pull'],
  params: Params({ listId: Id, userId: Id }),
  errors: { noSuchList: E['users/lists/pull'].noSuchList, noSuchUser: E['users/lists/pull'].noSuchUser },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'list.pull', args: { userId: me, listId: p.listId, memberId: p.userId } }, me);
    return null;
  },
});

export const listsUpdateMembership = endpoint({
  name: 'users/lists/update-membership',
  description: "Sets whether a member's replies to others show in the list's timeline (`withReplies`).",
  ...M['users/lists/update-membership'],
  params: Params({ listId: Id, userId: Id, withReplies: Type.Optional(Type.Boolean()) }),
  errors: {
    noSuchList: E['users/lists/update-membership'].noSuchList,
    noSuchUser: E['users/lists/update-membership'].noSuchUser,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    const args = { userId: me, listId: p.listId, memberId: p.userId, withReplies: p.withReplies ?? null };
    await ctx.call({ op: 'list.updateMembership', args }, me);
    return null;
  },
});

export const listsGetMemberships = endpoint({
  name: 'users/lists/get-memberships',
  description: "A list's memberships `{id, createdAt, userId, user, withReplies}`, newest first.",
  ...M['users/lists/get-memberships'],
  params: Params({
    ...Paging,
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
    listId: Id,
    forPublic: Type.Boolean({ default: false }),
  }),
  res: Type.Array(
    Type.Object({
      id: Type.String(),
      createdAt: Type.String(),
      userId: Type.String(),
      user: UserLiteSchema,
      withReplies: Type.Boolean(),
    }),
  ),
  handler(p, ctx) {
    const list = readableList(ctx, p.listId, p.forPublic, E['users/lists/get-memberships'].noSuchList);
    const items = ctx.store.userLists.membershipPage(list.id, p, p.limit, (membershipId, userId) =>
      membershipJson(ctx.store, list.id, membershipId, userId),
    );
    return new RawJson(jsonArray(items));
  },
});

/** A favorite is written by the list owner's actor, so it is ordered with the list's deletion and visibility. */
function favoriteTarget(ctx: CallContext, listId: string, noSuchList: MisskeyErrorDef): UserListRecord {
  const list = ctx.store.userLists.get(listId);
  if (list === undefined || !list.isPublic) throw new ApiError(noSuchList);
  return list;
}

export const listsFavorite = endpoint({
  name: 'users/lists/favorite',
  description: "Favorites someone's public list.",
  ...M['users/lists/favorite'],
  params: Params({ listId: Id }),
  errors: {
    noSuchList: E['users/lists/favorite'].noSuchList,
    alreadyFavorited: E['users/lists/favorite'].alreadyFavorited,
  },
  async handler(p, ctx) {
    const list = favoriteTarget(ctx, p.listId, E['users/lists/favorite'].noSuchList);
    const args = { ownerId: list.userId, listId: list.id, userId: ctx.user!.id };
    await ctx.call({ op: 'list.favorite', args }, list.userId);
    return null;
  },
});

export const listsUnfavorite = endpoint({
  name: 'users/lists/unfavorite',
  description: 'Takes back your favorite of a public list.',
  ...M['users/lists/unfavorite'],
  params: Params({ listId: Id }),
  errors: {
    noSuchList: E['users/lists/unfavorite'].noSuchList,
    notFavorited: E['users/lists/unfavorite'].notFavorited,
  },
  async handler(p, ctx) {
    const list = favoriteTarget(ctx, p.listId, E['users/lists/unfavorite'].noSuchList);
    const args = { ownerId: list.userId, listId: list.id, userId: ctx.user!.id };
    await ctx.call({ op: 'list.unfavorite', args }, list.userId);
    return null;
  },
});
