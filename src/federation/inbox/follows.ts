/**
 * Follow, Accept, Reject and Undo{Follow}: a remote user following a local one (answered by the user
 * actor, which queues the Accept or Reject), and a remote user answering a local user's Follow. Every
 * change goes to the followee's actor, like every write of the follow graph.
 */
import type { Command, Reply } from '../../actors/index.js';
import { requestIdOfFollow } from '../../domain/index.js';
import { INSTANCE_ACTOR_ID } from '../urls.js';
import { type ActivityHandler, ActivityRejected, type InboxActivity, type InboxContext } from './activity.js';
import { asObject, idOf, typeOf } from './json.js';

/** Sends a command; a failure the actor answers is the caller's to judge, an internal one is retried. */
export async function send(ctx: InboxContext, command: Command, address: string): Promise<Reply> {
  const reply = await ctx.mailboxes.send(command, address);
  if (!reply.ok && reply.error === 'internal') throw new Error(`Expected ${command.op} to be applied, got internal`);
  return reply;
}

/** The local user a URI names (not the instance actor), or throws ActivityRejected. */
export function localUserOf(ctx: InboxContext, uri: string | undefined, what: string): string {
  const id = uri === undefined ? null : ctx.federation.urls.localActorId(uri);
  if (id === null || id === INSTANCE_ACTOR_ID) throw new ActivityRejected(`Expected ${what} to name a local user`);
  return id;
}

/** A remote user's Follow of a local user; a Follow of an unknown user is refused. */
const follow: ActivityHandler = async (ctx, activity) => {
  const followeeId = localUserOf(ctx, idOf(activity.raw.object), 'Follow');
  const args = { followerId: activity.actor.userId, followeeId, activityId: activity.id };
  const reply = await send(ctx, { op: 'user.remoteFollow', args }, followeeId);
  if (!reply.ok) throw new ActivityRejected('Expected Follow of an existing local user');
};

/**
 * The local follower whose Follow an Accept or Reject answers: the embedded Follow's actor, or the
 * request its id names (`<origin>/follows/<requestId>`). The Follow must be of the sender.
 */
function followerOfAnswer(ctx: InboxContext, activity: InboxActivity): string | undefined {
  const followeeId = activity.actor.userId;
  const embedded = asObject(activity.raw.object);
  if (embedded !== undefined) {
    if (typeOf(embedded) !== 'Follow') return undefined;
    const object = idOf(embedded.object);
    if (object !== undefined && object !== activity.actor.uri)
      throw new ActivityRejected('Expected the answered Follow to be of the sender');
  }
  const followId = idOf(activity.raw.object);
  const requestId = followId === undefined ? undefined : requestIdOfFollow(ctx.federation.urls.origin, followId);
  const actor = embedded === undefined ? undefined : idOf(embedded.actor);
  const followerId =
    actor !== undefined
      ? localUserOf(ctx, actor, 'the answered Follow')
      : requestId === undefined
        ? undefined
        : ctx.store.followRequests.requesterOf(followeeId, requestId);
  if (followerId === undefined) throw new ActivityRejected('Expected an answer to a Follow of ours');
  // an answer to an earlier Follow must not settle a newer request
  const pending = ctx.store.followRequests.idOf(followerId, followeeId);
  if (requestId !== undefined && pending !== undefined && pending !== requestId)
    throw new ActivityRejected('Expected the answer to name the pending Follow');
  return followerId;
}

/** A remote user accepted a local user's Follow: the request becomes a follow (a repeated Accept changes nothing). */
const accept: ActivityHandler = async (ctx, activity) => {
  const followerId = followerOfAnswer(ctx, activity);
  if (followerId === undefined) return;
  const followeeId = activity.actor.userId;
  await send(ctx, { op: 'user.acceptRequest', args: { followeeId, followerId } }, followeeId);
};

/** A remote user turned a local user's Follow down, or removed them as a follower. */
const reject: ActivityHandler = async (ctx, activity) => {
  const followerId = followerOfAnswer(ctx, activity);
  if (followerId === undefined) return;
  const followeeId = activity.actor.userId;
  await send(ctx, { op: 'user.remoteUnfollow', args: { followerId, followeeId } }, followeeId);
};

/** Undo{Follow}: only the follower may undo its Follow. */
const undoFollow: ActivityHandler = async (ctx, activity) => {
  const undone = asObject(activity.raw.object)!;
  if (idOf(undone.actor) !== activity.actor.uri) throw new ActivityRejected('Expected Undo by the follower');
  const followeeId = localUserOf(ctx, idOf(undone.object), 'the undone Follow');
  const args = { followerId: activity.actor.userId, followeeId };
  await send(ctx, { op: 'user.remoteUnfollow', args }, followeeId);
};

export const followHandlers = { Follow: follow, Accept: accept, Reject: reject };
export const undoFollowHandler = undoFollow;
