/**
 * Blocks, mutes, renote mutes and thread mutes, addressed to the user who blocks or mutes. A block also
 * ends the follows and follow requests between the two users through the unfollow path, each in the
 * shard of its followee (whose follower set it changes): the blockee's follow of the blocker here, the
 * blocker's follow of the blockee in the blockee's shard; and takes the blocker out of the blockee's
 * lists there (list.pull).
 */

import { genId } from '../store/index.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import type { Effects, Handler } from './handler.js';
import { journalBlock } from './outgoing-notes.js';
import type { Command } from './protocol.js';
import { userHandlers } from './user.js';
import { userListHandlers } from './user-lists.js';

/**
 * Runs a command of `address`'s shard: in place when that shard is on this thread (the state a shard
 * keeps in memory, such as a followee's follower-set cache, lives on its thread), else as a message.
 */
export function runIn(
  ctx: ActorContext,
  address: string,
  command: Command,
  effects: Effects,
  runHere: () => void,
): void {
  const shard = ctx.placement.shardOf(address);
  if (ctx.placement.isLocal(shard)) runHere();
  else effects.outgoing.push({ shard, command });
}

/** Ends `followerId`'s follow of (or request to) `followeeId`, in the followee's shard. */
function endFollow(ctx: ActorContext, followerId: string, followeeId: string, effects: Effects): void {
  const { store } = ctx;
  if (!store.follows.has(followerId, followeeId) && !store.followRequests.has(followerId, followeeId)) return;
  const args = { followerId, followeeId };
  runIn(ctx, followeeId, { op: 'user.unfollow', args }, effects, () =>
    userHandlers['user.unfollow'](ctx, args, effects),
  );
}

/** Takes `memberId` out of every list `ownerId` owns, in the owner's shard (as Misskey does for a blocker in the blockee's lists). */
function leaveListsOf(ctx: ActorContext, ownerId: string, memberId: string, effects: Effects): void {
  const lists = ctx.store.userLists;
  for (const listId of lists.idsOf(ownerId)) {
    if (lists.membership(listId, memberId) === undefined) continue;
    const args = { userId: ownerId, listId, memberId };
    runIn(ctx, ownerId, { op: 'list.pull', args }, effects, () => userListHandlers['list.pull'](ctx, args, effects));
  }
}

const block: Handler<'user.block'> = (ctx, a, effects) => {
  const { store } = ctx;
  if (a.blockerId === a.blockeeId) return fail('blockeeIsYourself');
  if (!store.users.exists(a.blockeeId)) return fail('noSuchUser');
  if (store.blocks.has(a.blockerId, a.blockeeId)) return fail('alreadyBlocking');
  endFollow(ctx, a.blockeeId, a.blockerId, effects);
  endFollow(ctx, a.blockerId, a.blockeeId, effects);
  leaveListsOf(ctx, a.blockeeId, a.blockerId, effects);
  const blockingId = genId();
  store.blocks.add(a.blockerId, a.blockeeId, blockingId);
  ctx.emit({ type: 'blocked', userId: a.blockerId, targetId: a.blockeeId });
  journalBlock(ctx, 'blocked', a.blockerId, a.blockeeId, blockingId);
  return ok(null);
};

/** Unblocking does not bring back the follows the block ended, as in Misskey. */
const unblock: Handler<'user.unblock'> = (ctx, a) => {
  const { store } = ctx;
  if (a.blockerId === a.blockeeId) return fail('blockeeIsYourself');
  if (!store.users.exists(a.blockeeId)) return fail('noSuchUser');
  const blockingId = store.blocks.remove(a.blockerId, a.blockeeId);
  if (blockingId === undefined) return fail('notBlocking');
  ctx.emit({ type: 'unblocked', userId: a.blockerId, targetId: a.blockeeId });
  journalBlock(ctx, 'unblocked', a.blockerId, a.blockeeId, blockingId);
  return ok(null);
};

/** A mute whose end has already passed is accepted and not written, as Misskey does; an expired one is replaced. */
const mute: Handler<'user.mute'> = (ctx, a) => {
  const { store } = ctx;
  if (a.muterId === a.muteeId) return fail('muteeIsYourself');
  if (!store.users.exists(a.muteeId)) return fail('noSuchUser');
  const now = Date.now();
  if (store.mutes.has(a.muterId, a.muteeId, now)) return fail('alreadyMuting');
  if (a.expiresAt !== null && a.expiresAt <= now) return ok(null);
  store.mutes.add(a.muterId, a.muteeId, { id: genId(), expiresAt: a.expiresAt });
  ctx.emit({ type: 'muted', userId: a.muterId, targetId: a.muteeId });
  return ok(null);
};

/** Unmuting a mute that has expired removes it and answers notMuting (it no longer applied). */
const unmute: Handler<'user.unmute'> = (ctx, a) => {
  const { store } = ctx;
  if (a.muterId === a.muteeId) return fail('muteeIsYourself');
  if (!store.users.exists(a.muteeId)) return fail('noSuchUser');
  if (!store.mutes.remove(a.muterId, a.muteeId, Date.now())) return fail('notMuting');
  ctx.emit({ type: 'unmuted', userId: a.muterId, targetId: a.muteeId });
  return ok(null);
};

const renoteMute: Handler<'user.renoteMute'> = (ctx, a) => {
  const { store } = ctx;
  if (a.muterId === a.muteeId) return fail('muteeIsYourself');
  if (!store.users.exists(a.muteeId)) return fail('noSuchUser');
  if (store.renoteMutes.has(a.muterId, a.muteeId)) return fail('alreadyMuting');
  store.renoteMutes.add(a.muterId, a.muteeId, genId());
  ctx.emit({ type: 'renoteMuted', userId: a.muterId, targetId: a.muteeId });
  return ok(null);
};

const renoteUnmute: Handler<'user.renoteUnmute'> = (ctx, a) => {
  const { store } = ctx;
  if (a.muterId === a.muteeId) return fail('muteeIsYourself');
  if (!store.users.exists(a.muteeId)) return fail('noSuchUser');
  if (!store.renoteMutes.remove(a.muterId, a.muteeId)) return fail('notMuting');
  ctx.emit({ type: 'renoteUnmuted', userId: a.muterId, targetId: a.muteeId });
  return ok(null);
};

/** Muting a thread twice changes nothing (Misskey answers a database error there). */
const muteThread: Handler<'user.muteThread'> = (ctx, a) => {
  const note = ctx.store.notes.get(a.noteId);
  if (note === undefined) return fail('noSuchNote');
  if (ctx.store.threadMutes.has(a.userId, note.threadId)) return ok(null);
  ctx.store.threadMutes.add(a.userId, note.threadId);
  ctx.emit({ type: 'threadMuted', userId: a.userId, threadId: note.threadId });
  return ok(null);
};

/** Unmuting a thread that is not muted is a no-op, as in Misskey. */
const unmuteThread: Handler<'user.unmuteThread'> = (ctx, a) => {
  const note = ctx.store.notes.get(a.noteId);
  if (note === undefined) return fail('noSuchNote');
  if (ctx.store.threadMutes.remove(a.userId, note.threadId))
    ctx.emit({ type: 'threadUnmuted', userId: a.userId, threadId: note.threadId });
  return ok(null);
};

export const relationHandlers = {
  'user.block': block,
  'user.unblock': unblock,
  'user.mute': mute,
  'user.unmute': unmute,
  'user.renoteMute': renoteMute,
  'user.renoteUnmute': renoteUnmute,
  'user.muteThread': muteThread,
  'user.unmuteThread': unmuteThread,
};
