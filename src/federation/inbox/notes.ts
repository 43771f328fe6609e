/**
 * Create, Update and Delete of remote notes: a Create stores the note as its author's (the actor must
 * be the author); an Update edits a stored note, only its author's; a Delete removes one, only its
 * author's, and a Delete of a note never stored changes nothing.
 */
import { NOTE_TYPES } from '../note-parse.js';
import { NoteRefusedError } from '../remote-notes.js';
import { type ActivityHandler, ActivityRejected } from './activity.js';
import { idOf, typeOf } from './json.js';

function isNote(object: Readonly<Record<string, unknown>>): boolean {
  const type = typeOf(object);
  return type !== undefined && NOTE_TYPES.has(type);
}

/** Runs `apply`, turning the note service's refusals into the inbox's permanent failure. */
export async function refusing<T>(apply: () => Promise<T>): Promise<T> {
  try {
    return await apply();
  } catch (err) {
    if (err instanceof NoteRefusedError) throw new ActivityRejected(err.message);
    throw err;
  }
}

/** Create{Note, Question, Article, Page}; other objects (a ChatMessage, an Event) are ignored. */
export const createNote: ActivityHandler = async (ctx, activity) => {
  const object = await ctx.objectOf(activity);
  // a URI only for one of this server's own objects: nothing to store
  if (typeof object === 'string' || !isNote(object)) return;
  await refusing(() => ctx.federation.notes.store(object, 0, activity.actor.uri));
};

/** Update of a note: its author's edit of a stored note; an unknown note is not fetched (its Create may come). */
export const updateNote: ActivityHandler = async (ctx, activity) => {
  const object = await ctx.objectOf(activity);
  if (typeof object === 'string' || !isNote(object)) return;
  await refusing(() => ctx.federation.notes.edit(object, activity.actor.uri));
};

/** Delete of a note (by URI or Tombstone): only by its author; nothing is fetched. */
export const deleteNote: ActivityHandler = async (ctx, activity) => {
  const target = idOf(activity.raw.object);
  const noteId = target === undefined ? undefined : ctx.store.noteUris.idOf(target);
  if (noteId === undefined) return;
  const reply = await ctx.mailboxes.send(
    { op: 'note.delete', args: { userId: activity.actor.userId, noteId, isModerator: false } },
    noteId,
  );
  if (reply.ok || reply.error === 'noSuchNote') return;
  if (reply.error === 'internal') throw new Error('Expected the note to be deleted, got an internal failure');
  throw new ActivityRejected(`Expected the note to be deleted by its author, got ${reply.error}`);
};
