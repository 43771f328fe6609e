/**
 * User lists, written by their owner's shard (every op but the favorites is addressed to the owner,
 * and the favorites to the list's owner too, so they are ordered with its deletion and visibility).
 */

import { genId, type UserListRecord } from '../store/index.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import type { Handler } from './handler.js';

/** The list if `ownerId` owns it: another owner's list answers as no list at all, as in Misskey. */
function ownList(ctx: ActorContext, ownerId: string, listId: string): UserListRecord | undefined {
  const list = ctx.store.userLists.get(listId);
  return list?.userId === ownerId ? list : undefined;
}

/** A public list, whoever owns it. */
function publicList(ctx: ActorContext, listId: string): UserListRecord | undefined {
  const list = ctx.store.userLists.get(listId);
  return list?.isPublic === true ? list : undefined;
}

/** Whether `memberId` blocks the list's owner, who then may not add them (Misskey's YOU_HAVE_BEEN_BLOCKED). */
const blocksOwner = (ctx: ActorContext, ownerId: string, memberId: string) =>
  memberId !== ownerId && ctx.store.blocks.has(memberId, ownerId);

function addMember(ctx: ActorContext, listId: string, memberId: string): void {
  ctx.store.userLists.addMember(listId, memberId, { id: genId(), withReplies: false });
  ctx.emit({ type: 'listMemberAdded', listId, memberId });
}

function newList(ctx: ActorContext, ownerId: string, name: string): string {
  const listId = genId();
  ctx.store.userLists.put({ id: listId, userId: ownerId, name, isPublic: false });
  ctx.emit({ type: 'userListCreated', listId, userId: ownerId });
  return listId;
}

/** New lists are private, as in Misskey. */
const create: Handler<'list.create'> = (ctx, a) => {
  if (ctx.store.userLists.countOf(a.userId) >= a.limit) return fail('tooManyUserLists');
  return ok({ listId: newList(ctx, a.userId, a.name) });
};

/** Checked whole before anything is written (Misskey creates the list first and may stop half-way). */
const createFromPublic: Handler<'list.createFromPublic'> = (ctx, a) => {
  const source = publicList(ctx, a.sourceListId);
  if (source === undefined) return fail('noSuchList');
  if (ctx.store.userLists.countOf(a.userId) >= a.listLimit) return fail('tooManyUserLists');
  const memberIds = ctx.store.userLists.memberIds(source.id);
  if (memberIds.some((memberId) => blocksOwner(ctx, a.userId, memberId))) return fail('youHaveBeenBlocked');
  if (memberIds.length > a.memberLimit) return fail('tooManyUsers');
  const listId = newList(ctx, a.userId, a.name);
  for (const memberId of memberIds) addMember(ctx, listId, memberId);
  return ok({ listId });
};

const update: Handler<'list.update'> = (ctx, a) => {
  const list = ownList(ctx, a.userId, a.listId);
  if (list === undefined) return fail('noSuchList');
  ctx.store.userLists.put({ ...list, name: a.name ?? list.name, isPublic: a.isPublic ?? list.isPublic });
  ctx.emit({ type: 'userListUpdated', listId: list.id, userId: a.userId });
  return ok(null);
};

const remove: Handler<'list.delete'> = (ctx, a) => {
  const list = ownList(ctx, a.userId, a.listId);
  if (list === undefined) return fail('noSuchList');
  ctx.store.userLists.remove(list);
  ctx.emit({ type: 'userListDeleted', listId: list.id, userId: a.userId });
  return ok(null);
};

/** The member limit is the caller's policy, as in Misskey. */
const push: Handler<'list.push'> = (ctx, a) => {
  const list = ownList(ctx, a.userId, a.listId);
  if (list === undefined) return fail('noSuchList');
  if (!ctx.store.users.exists(a.memberId)) return fail('noSuchUser');
  if (blocksOwner(ctx, a.userId, a.memberId)) return fail('youHaveBeenBlocked');
  if (ctx.store.userLists.membership(list.id, a.memberId) !== undefined) return fail('alreadyAdded');
  if (ctx.store.userLists.memberCount(list.id) >= a.limit) return fail('tooManyUsers');
  addMember(ctx, list.id, a.memberId);
  return ok(null);
};

/** Pulling someone who is not a member changes nothing, as in Misskey. */
const pull: Handler<'list.pull'> = (ctx, a) => {
  const list = ownList(ctx, a.userId, a.listId);
  if (list === undefined) return fail('noSuchList');
  if (!ctx.store.users.exists(a.memberId)) return fail('noSuchUser');
  removeMember(ctx, list.id, a.memberId);
  return ok(null);
};

function removeMember(ctx: ActorContext, listId: string, memberId: string): void {
  const membership = ctx.store.userLists.membership(listId, memberId);
  if (membership === undefined) return;
  ctx.store.userLists.removeMember(listId, memberId, membership);
  ctx.emit({ type: 'listMemberRemoved', listId, memberId });
}

const updateMembership: Handler<'list.updateMembership'> = (ctx, a) => {
  const list = ownList(ctx, a.userId, a.listId);
  if (list === undefined) return fail('noSuchList');
  const membership = ctx.store.userLists.membership(list.id, a.memberId);
  if (membership === undefined) return fail('noSuchUser');
  const withReplies = a.withReplies ?? membership.withReplies;
  ctx.store.userLists.updateMember(list.id, a.memberId, { id: membership.id, withReplies });
  ctx.emit({ type: 'listMemberUpdated', listId: list.id, memberId: a.memberId });
  return ok(null);
};

const favorite: Handler<'list.favorite'> = (ctx, a) => {
  const list = publicList(ctx, a.listId);
  if (list === undefined) return fail('noSuchList');
  if (ctx.store.userLists.isLikedBy(list.id, a.userId)) return fail('alreadyFavorited');
  ctx.store.userLists.like(list.id, a.userId);
  ctx.emit({ type: 'userListFavorited', listId: list.id, userId: a.userId });
  return ok(null);
};

const unfavorite: Handler<'list.unfavorite'> = (ctx, a) => {
  const list = publicList(ctx, a.listId);
  if (list === undefined) return fail('noSuchList');
  if (!ctx.store.userLists.isLikedBy(list.id, a.userId)) return fail('notFavorited');
  ctx.store.userLists.unlike(list.id, a.userId);
  ctx.emit({ type: 'userListUnfavorited', listId: list.id, userId: a.userId });
  return ok(null);
};

export const userListHandlers = {
  'list.create': create,
  'list.createFromPublic': createFromPublic,
  'list.update': update,
  'list.delete': remove,
  'list.push': push,
  'list.pull': pull,
  'list.updateMembership': updateMembership,
  'list.favorite': favorite,
  'list.unfavorite': unfavorite,
};
