/**
 * Journals a local note's creation or deletion, and a local user's reaction or its withdrawal, for the
 * outbox (store.federationJournal), in the command's own commit, when some other server should hear of
 * it: the author (or reactor) has remote followers, or the note replies to, renotes, is addressed to or
 * (for a reaction) is written by a remote user. Notes of `localOnly` never leave.
 */
import { genId, type NoteRecord } from '../store/index.js';
import type { ActorContext } from './context.js';

type NoteFields = Omit<NoteRecord, 'body'>;

/** The remote users a note names directly: the author replied to or renoted, and chosen recipients. */
function remoteAddressees(ctx: ActorContext, note: NoteFields): string[] {
  const named = new Set([...note.visibleUserIds, ...note.mentions]);
  if (note.replyUserId !== null) named.add(note.replyUserId);
  if (note.renoteUserId !== null) named.add(note.renoteUserId);
  return [...named].filter((id) => isRemote(ctx, id));
}

/** Whether a user exists and is remote (hosts never change, so they are remembered). */
function isRemote(ctx: ActorContext, userId: string): boolean {
  let host = ctx.hosts.get(userId);
  if (host === undefined) {
    host = ctx.store.users.get(userId)?.host;
    if (host !== undefined) ctx.hosts.set(userId, host);
  }
  return host !== null && host !== undefined;
}

const federates = (note: NoteFields) => note.userHost === null && !note.localOnly;

export function journalNoteCreated(ctx: ActorContext, note: NoteFields): void {
  if (!federates(note)) return;
  const toFollowers = note.visibility !== 'specified' && ctx.audiences.of(note.userId).hasRemoteFollowers;
  if (!toFollowers && remoteAddressees(ctx, note).length === 0) return;
  ctx.store.federationJournal.add(genId(), { kind: 'noteCreated', noteId: note.id, userId: note.userId });
}

export function journalNoteDeleted(ctx: ActorContext, note: NoteRecord, pureRenote: boolean): void {
  if (!federates(note)) return;
  const toFollowers = note.visibility !== 'specified' && ctx.audiences.of(note.userId).hasRemoteFollowers;
  const remoteRecipients = remoteAddressees(ctx, note);
  if (!toFollowers && remoteRecipients.length === 0) return;
  ctx.store.federationJournal.add(genId(), {
    kind: 'noteDeleted',
    noteId: note.id,
    userId: note.userId,
    pureRenote,
    remoteRecipients,
    toFollowers,
  });
}

/**
 * A local user's reaction to `note` (or its withdrawal): its remote author hears of it, and the reactor's
 * remote followers when the note is public or home, as Misskey delivers a Like.
 */
export function journalReaction(
  ctx: ActorContext,
  kind: 'noteReacted' | 'noteUnreacted',
  note: NoteRecord,
  userId: string,
  reaction: { id: string; type: string },
): void {
  if (note.localOnly || isRemote(ctx, userId)) return;
  const toFollowers =
    (note.visibility === 'public' || note.visibility === 'home') && ctx.audiences.of(userId).hasRemoteFollowers;
  if (note.userHost === null && !toFollowers) return;
  ctx.store.federationJournal.add(genId(), {
    kind,
    noteId: note.id,
    userId,
    reactionId: reaction.id,
    reaction: reaction.type,
  });
}
