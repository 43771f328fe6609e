/**
 * Which handler applies which activity type. Other files register theirs here with one import and
 * one entry; a type without a handler is accepted and ignored. Undo, Update and Delete are routers:
 * Undo by the type of the activity undone, Update and Delete by whether the sender changes itself
 * (an actor: the social handlers) or one of its objects (a note: the remote-notes handlers).
 */
import { type ActivityHandler, ActivityRejected, type InboxActivity, type InboxContext } from './activity.js';
import { actorHandlers } from './actors.js';
import { announce, unannounce } from './announce.js';
import { blockHandlers, undoBlockHandler } from './blocks.js';
import { addFeatured, removeFeatured } from './featured.js';
import { flagHandlers } from './flags.js';
import { followHandlers, undoFollowHandler } from './follows.js';
import { asObject, idOf, typeOf } from './json.js';
import { createNote, deleteNote, updateNote } from './notes.js';
import { react, unreact } from './reactions.js';

/** Undo{X} by X's type ('Follow', 'Like', 'Announce', 'Block'...). */
export const undoHandlers: Partial<Record<string, ActivityHandler>> = Object.assign(Object.create(null), {
  Like: unreact,
  EmojiReact: unreact,
  EmojiReaction: unreact,
  Announce: unannounce,
  Follow: undoFollowHandler,
  Block: undoBlockHandler,
});

/** Delete of the sending actor itself ('actor') or of one of its objects ('object'). */
export const deleteHandlers: Partial<Record<'actor' | 'object', ActivityHandler>> = Object.assign(Object.create(null), {
  actor: actorHandlers.delete,
  object: deleteNote,
});

/** Update of the sending actor itself ('actor') or of one of its objects ('object'). */
export const updateHandlers: Partial<Record<'actor' | 'object', ActivityHandler>> = Object.assign(Object.create(null), {
  actor: actorHandlers.update,
  object: updateNote,
});

/** Routes an Undo to the handler of the undone activity's type; the undone activity must be embedded. */
async function undoActivity(ctx: InboxContext, activity: InboxActivity): Promise<void> {
  const undone = asObject(activity.raw.object);
  if (undone === undefined) throw new ActivityRejected('Expected Undo to embed the activity it undoes');
  const type = typeOf(undone);
  const handler = type === undefined ? undefined : undoHandlers[type];
  await handler?.(ctx, activity);
}

/** Routes a Delete: of the actor itself, or of an object. */
async function deleteActivity(ctx: InboxContext, activity: InboxActivity): Promise<void> {
  const target = idOf(activity.raw.object);
  if (target === undefined) throw new ActivityRejected('Expected Delete to name what it deletes');
  const handler = target === activity.actor.uri ? deleteHandlers.actor : deleteHandlers.object;
  await handler?.(ctx, activity);
}

/** Routes an Update: of the actor itself, or of an object. */
async function updateActivity(ctx: InboxContext, activity: InboxActivity): Promise<void> {
  const target = idOf(activity.raw.object);
  if (target === undefined) throw new ActivityRejected('Expected Update to name what it updates');
  const handler = target === activity.actor.uri ? updateHandlers.actor : updateHandlers.object;
  await handler?.(ctx, activity);
}

/** Activity type → handler. */
export const activityHandlers: Partial<Record<string, ActivityHandler>> = Object.assign(Object.create(null), {
  Create: createNote,
  Announce: announce,
  Like: react,
  EmojiReact: react,
  EmojiReaction: react,
  Add: addFeatured,
  Remove: removeFeatured,
  Undo: undoActivity,
  Update: updateActivity,
  Delete: deleteActivity,
  ...followHandlers,
  ...blockHandlers,
  Move: actorHandlers.Move,
  ...flagHandlers,
});
