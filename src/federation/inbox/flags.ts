/**
 * Flag: another instance reports local users or their notes (by URI) to this instance's moderators.
 * It becomes an abuse report by the remote reporter (often that instance's own actor) against the
 * first local user named, or else the author of the first local note named, with the comment bounded
 * and the reported URIs listed after it, as Misskey records them.
 */
import { type ActivityHandler, ActivityRejected, type InboxContext } from './activity.js';
import { send } from './follows.js';
import { asString, idsOf } from './json.js';

/** Longest comment kept (Misskey's report comments are at most 2,048 characters). */
const MAX_COMMENT = 2048;
/** Most reported URIs listed after the comment. */
const MAX_LISTED_URIS = 16;

/** The local user a reported URI names: a local actor, or the author of a local note. */
function reportedUserOf(ctx: InboxContext, uri: string): string | undefined {
  const { urls } = ctx.federation;
  const actorId = urls.localActorId(uri);
  if (actorId !== null) return ctx.store.users.get(actorId)?.host === null ? actorId : undefined;
  const notePrefix = `${urls.origin}/notes/`;
  if (!uri.startsWith(notePrefix)) return undefined;
  const note = ctx.store.notes.get(uri.slice(notePrefix.length));
  return note?.userHost === null ? note.userId : undefined;
}

const flag: ActivityHandler = async (ctx, activity) => {
  const uris = idsOf(activity.raw.object);
  const targetUserId = uris.map((uri) => reportedUserOf(ctx, uri)).find((id) => id !== undefined);
  if (targetUserId === undefined) throw new ActivityRejected('Expected Flag to name a local user or note');
  const content = (asString(activity.raw.content, 1_000_000) ?? '').slice(0, MAX_COMMENT);
  const comment = [content, ...uris.slice(0, MAX_LISTED_URIS)].join('\n').trim();
  const reporterId = activity.actor.userId;
  const reply = await send(ctx, { op: 'report.create', args: { reporterId, targetUserId, comment } }, reporterId);
  if (!reply.ok) throw new ActivityRejected('Expected the reported user to exist');
};

export const flagHandlers = { Flag: flag };
