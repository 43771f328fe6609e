/**
 * Lemmy's communities forward their members' activities as `Announce{actor: Group, object: <the whole
 * activity>}` (federation.md §4.5). The Group signed the Announce, not the member, so the inner
 * activity is never trusted as embedded: it is fetched from its own origin by id and then queued as
 * an activity of its own actor, whose host must be the inner activity's. An Announce of a note (or
 * of a URI) is a boost and stays an Announce.
 */
import type { InboxEntry } from '../../store/index.js';
import type { ApDocument } from '../documents-fetch.js';
import { FetchRefusedError } from '../fetcher.js';
import type { RemoteActorService } from '../remote-actors.js';
import { ActivityRejected, type InboxActivity } from './activity.js';
import { asObject, asUrl, hostOf, idOf, typeOf } from './json.js';

/** The activity types a community forwards (an object of one of these types is an activity, not a post). */
const ACTIVITY_TYPES = new Set([
  'Create',
  'Update',
  'Delete',
  'Like',
  'Dislike',
  'EmojiReact',
  'Undo',
  'Announce',
  'Follow',
  'Accept',
  'Reject',
  'Add',
  'Remove',
  'Block',
  'Flag',
  'Move',
]);

export interface Forwarding {
  fetchDocument(url: string): Promise<ApDocument>;
  remote: RemoteActorService;
  /** Whether the instance refuses a host name. */
  isBlockedHost(hostname: string): boolean;
  /** Whether a user is suspended or deleted. */
  isHidden(userId: string): boolean;
}

/** Whether `value` is an embedded activity (Lemmy's forwarding) rather than an object or a URI. */
const isActivity = (value: unknown) => ACTIVITY_TYPES.has(typeOf(asObject(value)) ?? '');

/**
 * For an Announce of an activity, the inner activity as fetched from its origin, to be queued on its
 * own; null for anything else. Throws ActivityRejected when it cannot be trusted; other throws (the
 * origin did not answer) are worth a retry.
 */
export async function forwardedActivity(activity: InboxActivity, deps: Forwarding): Promise<InboxEntry | null> {
  if (activity.type !== 'Announce' || !isActivity(activity.raw.object)) return null;
  const id = asUrl(asObject(activity.raw.object)?.id);
  if (id === undefined) throw new ActivityRejected('Expected the forwarded activity to have an id');
  const doc = await refusalsRejected(() => {
    if (deps.isBlockedHost(new URL(id).hostname)) throw new FetchRefusedError('The host is blocked');
    return deps.fetchDocument(id);
  });
  const type = typeOf(doc);
  const actorUri = idOf(doc.actor);
  if (type === undefined || actorUri === undefined)
    throw new ActivityRejected('Expected the forwarded activity to have a type and an actor');
  if (hostOf(actorUri) !== hostOf(doc.id))
    throw new ActivityRejected("Expected the forwarded activity's id on its actor's host");
  // one level of forwarding: an Announce of an Announce of an activity would make a fetch chain
  if (type === 'Announce' && isActivity(doc.object)) throw new ActivityRejected('A forwarded forwarding');
  const actor = await refusalsRejected(() => {
    if (deps.isBlockedHost(new URL(actorUri).hostname)) throw new FetchRefusedError('The host is blocked');
    return deps.remote.resolve(actorUri);
  });
  if (deps.isHidden(actor.userId)) throw new ActivityRejected('The forwarded activity is by a suspended user');
  return {
    activityId: doc.id,
    type,
    actorUri: actor.uri,
    actorUserId: actor.userId,
    json: JSON.stringify(doc),
    receivedAt: activity.receivedAt,
    attempts: 0,
  };
}

/** Runs a fetch; its refusals (blocked, not a document, not an actor, 4xx) become ActivityRejected. */
async function refusalsRejected<T>(fetch: () => Promise<T>): Promise<T> {
  try {
    return await fetch();
  } catch (err) {
    if (err instanceof FetchRefusedError) throw new ActivityRejected(err.message);
    throw err;
  }
}
