/**
 * The ActivityPub activities Flock sends about follows (Follow, Accept, Reject, Undo{Follow}), and the
 * URLs they are given on this server's origin. The actors build them when they queue a delivery, so
 * they live here, below both the actors and the federation module (whose actor documents use the same
 * actor URIs).
 */

const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';

/** A local actor's URI (the federation module's actor documents answer at it). */
export const localActorUri = (origin: string, userId: string): string => `${origin}/users/${userId}`;

/** The key store's and the outbox's id for the instance actor (no user id is ever this: ids are base36 without dots). */
export const INSTANCE_ACTOR_ID = 'instance.actor';

/** The instance actor's URI: the Application that speaks for the server itself. */
export const instanceActorUri = (origin: string): string => `${origin}/actor`;

/**
 * The id of a local user's Follow: one per follow request (so a follow made again after an unfollow
 * is a new activity, which servers that remember activity ids, such as Lemmy, take as new).
 */
export const followActivityId = (origin: string, requestId: string): string => `${origin}/follows/${requestId}`;

/** The request id a Follow id of this origin names, or undefined. */
export function requestIdOfFollow(origin: string, activityId: string): string | undefined {
  const prefix = `${origin}/follows/`;
  if (!activityId.startsWith(prefix)) return undefined;
  const id = activityId.slice(prefix.length);
  return /^[0-9a-z]{16}$/.test(id) ? id : undefined;
}

/** The id of any other activity Flock sends: unique, on this origin. */
export const activityId = (origin: string, id: string): string => `${origin}/activities/${id}`;

export interface FollowParts {
  /** The Follow's id. */
  id: string;
  /** The follower's actor URI. */
  actor: string;
  /** The followee's actor URI. */
  object: string;
}

const follow = (f: FollowParts) => ({ id: f.id, type: 'Follow', actor: f.actor, object: f.object });

/** A Follow, as sent by a local follower. */
export const followActivity = (f: FollowParts) => ({ '@context': AS_CONTEXT, ...follow(f) });

/** A local followee's answer to a remote Follow, which it embeds (what Mastodon, Misskey and Lemmy send). */
export const answerActivity = (type: 'Accept' | 'Reject', id: string, f: FollowParts) => ({
  '@context': AS_CONTEXT,
  id,
  type,
  actor: f.object,
  object: follow(f),
});

/** A local follower's Undo of its Follow, which it embeds. */
export const undoFollowActivity = (id: string, f: FollowParts) => ({
  '@context': AS_CONTEXT,
  id,
  type: 'Undo',
  actor: f.actor,
  object: follow(f),
});

/**
 * A moderator's report forwarded to the reported user's server (what Mastodon and Misskey send): the
 * instance actor flags the user (and the notes reported with them), with the reporter's comment.
 */
export const flagActivity = (origin: string, id: string, objects: readonly string[], content: string) => ({
  '@context': AS_CONTEXT,
  id,
  type: 'Flag',
  actor: instanceActorUri(origin),
  object: [...objects],
  content,
});
