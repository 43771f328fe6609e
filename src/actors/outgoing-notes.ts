/**
 * Journals what a local user does that other servers should hear of, for the outbox
 * (store.federationJournal), in the command's own commit: a note created or deleted, a reaction given or
 * taken back (when the author or reactor has remote followers, or the note replies to, renotes, is
 * addressed to or is written by a remote user; `localOnly` notes never leave), a vote in a remote
 * user's poll, a block of a remote user
 * or its end, a profile change (when the user has remote followers).
 */
import { genId, type NoteRecord, type UserRecord } from '../store/index.js';
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

/** A local user's vote in a remote user's poll: the poll's author is told (Misskey counts it there). */
export function journalPollVote(ctx: ActorContext, note: NoteRecord, userId: string, choice: number): void {
  if (note.userHost === null || isRemote(ctx, userId)) return;
  ctx.store.federationJournal.add(genId(), { kind: 'pollVoted', noteId: note.id, userId, choice, voteId: genId() });
}

/** A local user's block of a remote user, or its end: the blocked user's server is told. */
export function journalBlock(
  ctx: ActorContext,
  kind: 'blocked' | 'unblocked',
  userId: string,
  targetId: string,
  blockingId: string,
): void {
  if (isRemote(ctx, userId) || !isRemote(ctx, targetId)) return;
  ctx.store.federationJournal.add(genId(), { kind, userId, targetId, blockingId });
}

/** A local user's profile changed: their remote followers' servers get the actor again (Update{Person}). */
export function journalProfileUpdate(ctx: ActorContext, user: Pick<UserRecord, 'id' | 'host'>): void {
  if (user.host !== null || !ctx.audiences.of(user.id).hasRemoteFollowers) return;
  ctx.store.federationJournal.add(genId(), { kind: 'profileUpdated', userId: user.id });
}
