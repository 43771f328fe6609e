/**
 * Journals a local note's creation or deletion for the outbox (store.federationJournal), in the
 * command's own commit, when some other server should hear of it: the author has remote followers, or
 * the note replies to, renotes or is addressed to a remote user. Notes of `localOnly` never leave.
 */
import { genId, type NoteRecord } from '../store/index.js';
import type { ActorContext } from './context.js';

type NoteFields = Omit<NoteRecord, 'body'>;

/** The remote users a note names directly: the author replied to or renoted, and chosen recipients. */
function remoteAddressees(ctx: ActorContext, note: NoteFields): string[] {
  const named = new Set([...note.visibleUserIds, ...note.mentions]);
  if (note.replyUserId !== null) named.add(note.replyUserId);
  if (note.renoteUserId !== null) named.add(note.renoteUserId);
  return [...named].filter((id) => {
    let host = ctx.hosts.get(id);
    if (host === undefined) {
      host = ctx.store.users.get(id)?.host;
      if (host !== undefined) ctx.hosts.set(id, host);
    }
    return host !== null && host !== undefined;
  });
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
