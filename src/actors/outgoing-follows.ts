/**
 * The activities a change of the follow graph owes another server, queued in the change's own commit
 * (store.outgoingActivities; delivery is the outbox's): a local user's Follow of a remote user and its
 * Undo, and a local user's Accept or Reject of a remote user's Follow. Each is built here once, as the
 * JSON the outbox will sign and send.
 */
import {
  activityId,
  answerActivity,
  type FollowParts,
  followActivity,
  followActivityId,
  localActorUri,
  undoFollowActivity,
} from '../domain/index.js';
import { genId, type UserRecord } from '../store/index.js';
import type { ActorContext } from './context.js';

/** Queues `activity` from local `signerId` to remote `recipient`; false when no actor is stored for it (nothing to deliver to). */
export function queueDelivery(
  ctx: ActorContext,
  signerId: string,
  recipient: UserRecord,
  activity: { id: string },
): boolean {
  const remote = recipient.uri === null ? undefined : ctx.store.remoteActors.get(recipient.uri);
  if (remote === undefined) return false;
  ctx.store.outgoingActivities.add(genId(), {
    activityId: activity.id,
    signerId,
    recipient: remote.uri,
    inbox: remote.inbox,
    sharedInbox: remote.sharedInbox,
    json: JSON.stringify(activity),
    queuedAt: Date.now(),
  });
  return true;
}

const remoteUser = (ctx: ActorContext, userId: string): UserRecord | undefined => {
  const user = ctx.store.users.get(userId);
  return user?.host === null ? undefined : user;
};

/** A local follower's Follow of remote `followee`, named by the follow request it opens. */
export function queueFollow(ctx: ActorContext, followerId: string, followee: UserRecord, requestId: string): void {
  if (followee.uri === null) return;
  const origin = ctx.settings.url;
  const parts = {
    id: followActivityId(origin, requestId),
    actor: localActorUri(origin, followerId),
    object: followee.uri,
  };
  queueDelivery(ctx, followerId, followee, followActivity(parts));
}

/**
 * A local user's Accept or Reject of remote `followerId`'s Follow (the one whose id was kept when it
 * arrived); after a Reject the id is forgotten, since no follow or request is left to name it.
 */
export function queueAnswer(
  ctx: ActorContext,
  type: 'Accept' | 'Reject',
  followeeId: string,
  followerId: string,
): void {
  const follower = remoteUser(ctx, followerId);
  const followId = ctx.store.remoteFollowIds.get(followerId, followeeId);
  if (follower?.uri == null || followId === undefined) return;
  const origin = ctx.settings.url;
  const parts: FollowParts = { id: followId, actor: follower.uri, object: localActorUri(origin, followeeId) };
  queueDelivery(ctx, followeeId, follower, answerActivity(type, activityId(origin, genId()), parts));
  if (type === 'Reject') ctx.store.remoteFollowIds.remove(followerId, followeeId);
}

/**
 * What ending a follow or request (`followId`: its request or edge id) tells the other side: a local
 * follower's Undo{Follow} to a remote followee; a Reject to a remote follower whose follow a local user
 * ended (removed the follower, blocked them). Nothing between two local users.
 */
export function queueFollowEnded(ctx: ActorContext, followerId: string, followeeId: string, followId: string): void {
  const origin = ctx.settings.url;
  const followee = remoteUser(ctx, followeeId);
  if (followee?.uri != null && ctx.store.users.get(followerId)?.host === null) {
    const parts = {
      id: followActivityId(origin, followId),
      actor: localActorUri(origin, followerId),
      object: followee.uri,
    };
    queueDelivery(ctx, followerId, followee, undoFollowActivity(`${parts.id}/undo`, parts));
    return;
  }
  if (followee === undefined && remoteUser(ctx, followerId) !== undefined)
    queueAnswer(ctx, 'Reject', followeeId, followerId);
}
