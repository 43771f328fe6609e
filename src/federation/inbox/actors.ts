/**
 * What a remote actor says about itself: Update (its profile, keys and inboxes stored again), Delete
 * (the account goes, with its notes and follows, as a deleted local account's do) and Move (to an
 * account that names it in `alsoKnownAs`: local followers follow the new account instead).
 */
import { purgeAccount } from '../../actors/index.js';
import { logger } from '../../log/index.js';
import { parseActor } from '../actor-parse.js';
import type { ApDocument } from '../documents-fetch.js';
import { FetchRefusedError } from '../fetcher.js';
import { type ActivityHandler, ActivityRejected, type InboxContext } from './activity.js';
import { send } from './follows.js';
import { asObject, idOf } from './json.js';

const log = logger('federation.inbox');

/** The actor at `uri` fetched again from its origin; a refusal (blocked, not an actor, 4xx) is final, anything else worth a retry. */
async function refetch(ctx: InboxContext, uri: string) {
  try {
    return await ctx.federation.remote.resolve(uri, true);
  } catch (err) {
    if (err instanceof FetchRefusedError) throw new ActivityRejected(err.message);
    throw err;
  }
}

/**
 * The embedded actor is the sender itself (the router checked its id), vouched for by the sender's
 * verified signature, so it is read as fetched; an Update naming the actor by URI refreshes it from
 * its origin.
 */
const updateActor: ActivityHandler = async (ctx, activity) => {
  const embedded = asObject(activity.raw.object);
  if (embedded === undefined) {
    await refetch(ctx, activity.actor.uri);
    return;
  }
  let actor: ReturnType<typeof parseActor>;
  try {
    actor = parseActor(embedded as ApDocument, Date.now());
  } catch (err) {
    throw new ActivityRejected(`Expected an actor document: ${(err as Error).message}`);
  }
  if (actor.uri !== activity.actor.uri) throw new ActivityRejected('Expected Update of the sender itself');
  await send(ctx, { op: 'user.storeRemote', args: { actor } }, `${actor.username.toLowerCase()}@${actor.host}`);
};

/** Marks the account deleted, then removes its notes and follows in the background (resumed at start-up if cut short). */
const deleteActor: ActivityHandler = async (ctx, activity) => {
  const userId = activity.actor.userId;
  const reply = await send(ctx, { op: 'user.deleteRemote', args: { userId } }, userId);
  if (!reply.ok) throw new ActivityRejected('Expected Delete of a known remote user');
  ctx.store.resetReadSnapshot();
  purgeAccount(ctx.store, ctx.mailboxes, userId).catch((err: unknown) =>
    log.error({ err, userId }, 'removing a deleted remote account failed; it resumes at the next start'),
  );
};

/** Most local followers moved to the new account by one Move. */
const MAX_MOVED_FOLLOWERS = 10_000;

/**
 * Move{object: the sender, target}: the target, fetched again from its origin, must list the sender in
 * `alsoKnownAs`. The move is recorded, and each local follower follows the target (a Follow queued)
 * and stops following the sender (an Undo queued).
 */
const move: ActivityHandler = async (ctx, activity) => {
  const oldUri = activity.actor.uri;
  if (idOf(activity.raw.object) !== oldUri) throw new ActivityRejected('Expected Move of the sender itself');
  const targetUri = idOf(activity.raw.target);
  if (targetUri === undefined || targetUri === oldUri) throw new ActivityRejected('Expected Move to name a target');
  const target = await refetch(ctx, targetUri);
  ctx.store.resetReadSnapshot();
  const targetUser = ctx.store.users.get(target.userId);
  if (targetUser === undefined || !(targetUser.alsoKnownAs ?? []).includes(oldUri))
    throw new ActivityRejected('Expected the Move target to list the sender in alsoKnownAs');
  const oldUser = ctx.store.users.get(activity.actor.userId)!;
  const acct = `${oldUser.usernameLower}@${oldUser.host}`;
  await send(ctx, { op: 'user.markMoved', args: { uri: oldUri, movedTo: target.uri } }, acct);
  const followers = ctx.store.followers.of(oldUser.id).slice(0, MAX_MOVED_FOLLOWERS);
  for (const followerId of followers) {
    if (ctx.store.users.get(followerId)?.host !== null) continue;
    const withReplies = ctx.store.follows.edge(followerId, oldUser.id)?.withReplies ?? false;
    await send(ctx, { op: 'user.follow', args: { followerId, followeeId: target.userId, withReplies } }, target.userId);
    await send(ctx, { op: 'user.unfollow', args: { followerId, followeeId: oldUser.id } }, oldUser.id);
  }
};

export const actorHandlers = { update: updateActor, delete: deleteActor, Move: move };
