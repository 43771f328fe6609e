/**
 * Add and Remove on the sender's `featured` collection: its pinned notes. Add pins a note of the
 * sender's (fetched when not stored yet); Remove unpins one and never fetches (Akkoma #1052). Any other
 * target (another collection, someone else's) is ignored.
 */
import { type ActivityHandler, ActivityRejected, type InboxActivity, type InboxContext } from './activity.js';
import { idOf } from './json.js';

/** As many remote pins as Misskey keeps of a remote user's featured collection. */
const REMOTE_PINS_MAX = 5;

function isFeatured(ctx: InboxContext, activity: InboxActivity): boolean {
  const target = idOf(activity.raw.target);
  const featured = ctx.store.remoteActors.get(activity.actor.uri)?.featured ?? null;
  return target !== undefined && target === featured;
}

export const addFeatured: ActivityHandler = async (ctx, activity) => {
  const object = idOf(activity.raw.object);
  if (object === undefined || !isFeatured(ctx, activity)) return;
  const noteId = await ctx.federation.notes.resolve(object);
  if (noteId === null) return;
  const userId = activity.actor.userId;
  const reply = await ctx.mailboxes.send({ op: 'user.pin', args: { userId, noteId, limit: REMOTE_PINS_MAX } }, userId);
  if (reply.ok || reply.error === 'alreadyPinned' || reply.error === 'pinLimitExceeded') return;
  if (reply.error === 'internal') throw new Error('Expected the note to be pinned, got an internal failure');
  throw new ActivityRejected(`Expected a note of the sender's to pin, got ${reply.error}`);
};

export const removeFeatured: ActivityHandler = async (ctx, activity) => {
  const object = idOf(activity.raw.object);
  if (object === undefined || !isFeatured(ctx, activity)) return;
  const noteId = ctx.federation.notes.storedId(object);
  if (noteId === undefined) return;
  const userId = activity.actor.userId;
  const reply = await ctx.mailboxes.send({ op: 'user.unpin', args: { userId, noteId } }, userId);
  if (!reply.ok && reply.error === 'internal')
    throw new Error('Expected the note to be unpinned, got an internal failure');
};
