/**
 * Announce of a note: stored as the sender's renote, once per Announce id; the renoted note is the
 * stored one, or the object (embedded on the sender's origin, else fetched from its own) stored first.
 * Undo{Announce} deletes the renote, only the sender's own. Lemmy's Announce{activity} is unwrapped by
 * the inbox; when it forwards a Create, the processor also hands it here, and the community's boost of
 * the post it created (fetched from its origin, never trusted as embedded) is what brings the post to
 * the community's local followers, as Mastodon shows Lemmy's posts.
 */
import { NOTE_TYPES } from '../note-parse.js';
import { type ActivityHandler, ActivityRejected } from './activity.js';
import { asObject, idOf, typeOf } from './json.js';
import { refusing } from './notes.js';
import { undoneBySender } from './reactions.js';

export const announce: ActivityHandler = async (ctx, activity) => {
  const notes = ctx.federation.notes;
  const forwarded = asObject(activity.raw.object);
  const forwardedPost = forwarded !== undefined && typeOf(forwarded) === 'Create';
  const target = idOf(forwardedPost ? forwarded.object : activity.raw.object);
  if (target === undefined) throw new ActivityRejected('Expected the Announce to name a note');
  let noteId = notes.storedId(target) ?? null;
  if (noteId === null && forwardedPost) noteId = await notes.resolve(target);
  else if (noteId === null) {
    const object = await ctx.objectOf(activity);
    if (typeof object === 'string') noteId = await notes.resolve(object);
    else if (NOTE_TYPES.has(typeOf(object) ?? '')) noteId = (await refusing(() => notes.store(object))).noteId;
  }
  if (noteId === null) return;
  const renoteOf = noteId;
  await refusing(() => notes.renote(activity.actor.uri, { ...activity.raw, id: activity.id }, renoteOf));
};

/** Undo{Announce}: the renote it made goes (only the sender's own: the note actor checks the author). */
export const unannounce: ActivityHandler = async (ctx, activity) => {
  const announced = idOf(undoneBySender(activity));
  const noteId = announced === undefined ? undefined : ctx.store.noteUris.idOf(announced);
  if (noteId === undefined) return;
  const reply = await ctx.mailboxes.send(
    { op: 'note.delete', args: { userId: activity.actor.userId, noteId, isModerator: false } },
    noteId,
  );
  if (reply.ok || reply.error === 'noSuchNote') return;
  if (reply.error === 'internal') throw new Error('Expected the renote to be deleted, got an internal failure');
  throw new ActivityRejected(`Expected the renote to be the sender's, got ${reply.error}`);
};
