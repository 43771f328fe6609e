/**
 * Likes and emoji reactions of remote users, counted as reactions of theirs: `Like` (with Misskey's
 * `_misskey_reaction`, else Misskey's default like), `EmojiReact` / `EmojiReaction` (`content`, or
 * `_misskey_reaction`); a custom emoji keeps its name as `:name@host:` when the activity's Emoji tags
 * name it. Undo{Like} and Undo{EmojiReact} take the sender's reaction away. Dislike has no handler:
 * accepted and ignored, as Misskey does.
 */
import { LIKE_REACTION } from '../../domain/index.js';
import { type ActivityHandler, ActivityRejected, type InboxActivity } from './activity.js';
import { asArray, asObject, asString, idOf, typeOf } from './json.js';

const REACTION_MAX = 256;
const EMOJI_NAME = /^:([a-z0-9_+-]{1,128}):$/i;

/** The reaction an activity carries, as the note actor takes it (a custom emoji of the sender's server by name). */
function reactionOf(raw: Readonly<Record<string, unknown>>, host: string): string {
  const given =
    asString(raw._misskey_reaction, REACTION_MAX) ??
    (typeOf(raw) === 'Like' ? undefined : asString(raw.content, REACTION_MAX));
  if (given === undefined || given.length === 0) return LIKE_REACTION;
  const custom = EMOJI_NAME.exec(given.trim());
  if (custom === null) return given.trim();
  const named = asArray(raw.tag).some((tag) => {
    const emoji = asObject(tag);
    return (
      emoji !== undefined && typeOf(emoji) === 'Emoji' && asString(emoji.name, 132)?.replace(/^:|:$/g, '') === custom[1]
    );
  });
  return named ? `:${custom[1]}@${host}:` : LIKE_REACTION;
}

/** Like, EmojiReact: the sender's reaction to a note (fetched when not stored yet). */
export const react: ActivityHandler = async (ctx, activity) => {
  const target = idOf(activity.raw.object);
  if (target === undefined) throw new ActivityRejected('Expected the reaction to name a note');
  const noteId = await ctx.federation.notes.resolve(target);
  if (noteId === null) return;
  const reaction = reactionOf(activity.raw, activity.actor.host);
  const reply = await ctx.mailboxes.send(
    { op: 'note.react', args: { userId: activity.actor.userId, noteId, reaction } },
    noteId,
  );
  if (reply.ok || reply.error === 'alreadyReacted' || reply.error === 'noSuchNote') return;
  if (reply.error === 'internal') throw new Error('Expected the reaction to be stored, got an internal failure');
  throw new ActivityRejected(`Expected the reaction to be stored, got ${reply.error}`);
};

/** The embedded activity an Undo takes back, which must be the sender's own. */
export function undoneBySender(activity: InboxActivity): Readonly<Record<string, unknown>> {
  const undone = asObject(activity.raw.object);
  if (undone === undefined || idOf(undone.actor) !== activity.actor.uri)
    throw new ActivityRejected("Expected the undone activity to be the sender's own");
  return undone;
}

/** Undo{Like}, Undo{EmojiReact}: the sender's reaction to the note goes; an unknown note is not fetched. */
export const unreact: ActivityHandler = async (ctx, activity) => {
  const target = idOf(undoneBySender(activity).object);
  const noteId = target === undefined ? undefined : ctx.federation.notes.storedId(target);
  if (noteId === undefined) return;
  const reply = await ctx.mailboxes.send(
    { op: 'note.unreact', args: { userId: activity.actor.userId, noteId } },
    noteId,
  );
  if (!reply.ok && reply.error === 'internal') throw new Error('Expected the reaction to go, got an internal failure');
};
