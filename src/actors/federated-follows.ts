/**
 * Follow-graph changes another server asked for (the inbox's Follow, Undo{Follow} and Reject), each
 * addressed to the followee like every write of the follow graph. A remote Follow is answered in its
 * own commit: an Accept queued, or a follow request left for a locked user to answer, or a Reject.
 */
import { genId } from '../store/index.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import type { Handler } from './handler.js';
import { queueAnswer } from './outgoing-follows.js';
import { createFollow, endFollowOrRequest } from './user.js';

/** Whether the local `followee` turns remote follows away: gone, suspended, or blocking the follower. */
function refuses(ctx: ActorContext, followeeId: string, followerId: string): boolean {
  const state = ctx.store.accountStates.of(followeeId);
  return state.deleted || state.suspended || ctx.store.blocks.has(followeeId, followerId);
}

/**
 * A remote user's Follow of a local user. A Follow of someone already followed is accepted again (its
 * Accept may have been lost), as Mastodon does; a repeated request stays one request.
 */
const remoteFollow: Handler<'user.remoteFollow'> = (ctx, a) => {
  const { store } = ctx;
  const followee = store.users.get(a.followeeId);
  const follower = store.users.get(a.followerId);
  if (followee === undefined || followee.host !== null || follower === undefined || follower.host === null)
    return fail('noSuchUser');
  store.remoteFollowIds.set(a.followerId, a.followeeId, a.activityId);
  if (refuses(ctx, a.followeeId, a.followerId)) {
    queueAnswer(ctx, 'Reject', a.followeeId, a.followerId);
    return ok({ state: 'rejected' as const });
  }
  if (store.follows.has(a.followerId, a.followeeId)) {
    queueAnswer(ctx, 'Accept', a.followeeId, a.followerId);
    return ok({ state: 'following' as const });
  }
  if (store.followRequests.has(a.followerId, a.followeeId)) return ok({ state: 'requested' as const });
  const followsBack = store.follows.has(a.followeeId, a.followerId);
  if (followee.isLocked && !(followee.autoAcceptFollowed && followsBack)) {
    store.followRequests.add(a.followerId, a.followeeId, genId(), false);
    ctx.emit({ type: 'followRequested', followerId: a.followerId, followeeId: a.followeeId });
    return ok({ state: 'requested' as const });
  }
  createFollow(ctx, a.followerId, a.followeeId, false);
  queueAnswer(ctx, 'Accept', a.followeeId, a.followerId);
  return ok({ state: 'following' as const });
};

/**
 * Ends a follow or request the other server already knows has ended (a remote follower's Undo{Follow},
 * a remote followee's Reject, a remote account's removal), so nothing is queued.
 */
const remoteUnfollow: Handler<'user.remoteUnfollow'> = (ctx, a) => {
  const ended = endFollowOrRequest(ctx, a.followerId, a.followeeId) !== undefined;
  ctx.store.remoteFollowIds.remove(a.followerId, a.followeeId);
  return ok({ ended });
};

export const federatedFollowHandlers = {
  'user.remoteFollow': remoteFollow,
  'user.remoteUnfollow': remoteUnfollow,
};
