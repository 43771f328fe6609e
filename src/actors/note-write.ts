/** The note actor's changes to existing notes: delete, unrenote, reactions, poll votes, favorites. */

import {
  canSee,
  isPureRenote,
  LIKE_REACTION,
  normalizeReaction,
  remoteReactionKeyOf,
  viewerFor,
} from '../domain/index.js';
import { type DriveFileRecord, genId, type NoteRecord } from '../store/index.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import type { Handler } from './handler.js';
import { journalNoteDeleted, journalPollVote, journalReaction } from './outgoing-notes.js';
import { unindexNote } from './search-indexes.js';
import { addCounts, unpinNote } from './user.js';

/** A note's stored body, with the records of its files still stored. */
export function renderBody(ctx: ActorContext, note: Omit<NoteRecord, 'body'>): string {
  const files: DriveFileRecord[] = [];
  for (const fileId of note.fileIds) {
    const file = ctx.store.driveFiles.get(fileId);
    if (file !== undefined) files.push(file);
  }
  return ctx.projection.noteBody(note, files);
}

/** Applies a change to a note and re-renders its stored body; a missing note is left alone (and false answered). */
export function rerenderNote(ctx: ActorContext, noteId: string, change: (n: NoteRecord) => NoteRecord): boolean {
  const note = ctx.store.notes.get(noteId);
  if (note === undefined) return false;
  const next = change(note);
  void ctx.store.notes.put({ ...next, body: renderBody(ctx, next) });
  return true;
}

/** Re-renders a note whose repliesCount or renoteCount a reply or renote of it changed. */
export function recountNote(ctx: ActorContext, noteId: string, change: (n: NoteRecord) => NoteRecord): void {
  if (rerenderNote(ctx, noteId, change)) ctx.emit({ type: 'noteCountsChanged', noteId });
}

/** Removes a note, its indexes and its pure renotes; replies and quotes stay and show it as gone. */
function removeNote(ctx: ActorContext, note: NoteRecord, depth = 0): void {
  const { store } = ctx;
  const indexes = store.noteIndexes;
  void store.notes.remove(note.id);
  if (note.uri !== null) void store.noteUris.remove(note.uri);
  ctx.emit({ type: 'noteDeleted', noteId: note.id, userId: note.userId });
  journalNoteDeleted(ctx, note, isPureRenote(note));
  void indexes.removeUserNote(note.userId, note.id);
  void indexes.removePublic(note.id);
  unindexNote(store, note);
  for (const fileId of note.fileIds) store.driveFiles.detach(fileId, note.id);
  for (const userId of new Set([...note.mentions, ...note.visibleUserIds])) void indexes.removeMention(userId, note.id);
  if (note.replyId !== null) {
    void indexes.removeChild(note.replyId, note.id);
    recountNote(ctx, note.replyId, (n) => ({ ...n, repliesCount: Math.max(0, n.repliesCount - 1) }));
  }
  if (note.renoteId !== null) {
    void indexes.removeChild(note.renoteId, note.id);
    void indexes.removeRenote(note.renoteId, note.id);
    recountNote(ctx, note.renoteId, (n) => ({ ...n, renoteCount: Math.max(0, n.renoteCount - 1) }));
  }
  store.reactions.removeAllOf(note.id);
  store.pollVotes.removeAllOf(note.id);
  addCounts(ctx, note.userId, 'notesCount', -1);
  const author = store.users.get(note.userId);
  if (author !== undefined) unpinNote(ctx, author, note.id);
  if (depth > 0) return;
  for (const { id } of indexes.renotesOf(note.id)) {
    const renote = store.notes.get(id);
    if (renote !== undefined && isPureRenote(renote)) removeNote(ctx, renote, depth + 1);
  }
}

const deleteNote: Handler<'note.delete'> = (ctx, a) => {
  const note = ctx.store.notes.get(a.noteId);
  if (note === undefined) return fail('noSuchNote');
  if (note.userId !== a.userId && !a.isModerator) return fail('accessDenied');
  removeNote(ctx, note);
  return ok(null);
};

const unrenote: Handler<'note.unrenote'> = (ctx, a) => {
  const { store } = ctx;
  if (store.notes.get(a.noteId) === undefined) return fail('noSuchNote');
  for (const { id, value: userId } of store.noteIndexes.renotesOf(a.noteId)) {
    if (userId !== a.userId) continue;
    const renote = store.notes.get(id);
    if (renote !== undefined && isPureRenote(renote)) removeNote(ctx, renote);
  }
  return ok(null);
};

/** A note's count of one reaction (counts are keyed by data, so inherited members must not answer). */
const countOf = (reactions: Record<string, number>, type: string) =>
  Object.hasOwn(reactions, type) ? reactions[type]! : 0;

function dropReaction(ctx: ActorContext, noteId: string, userId: string): boolean {
  const { store } = ctx;
  const existing = store.reactions.of(noteId, userId);
  if (existing === undefined) return false;
  store.reactions.remove(noteId, userId, existing);
  rerenderNote(ctx, noteId, (n) => {
    const reactions = { ...n.reactions };
    const left = countOf(reactions, existing.type) - 1;
    if (left > 0) reactions[existing.type] = left;
    else delete reactions[existing.type];
    return { ...n, reactions };
  });
  ctx.emit({ type: 'noteUnreacted', noteId, userId, reaction: existing.type });
  const note = store.notes.get(noteId);
  if (note !== undefined) journalReaction(ctx, 'noteUnreacted', note, userId, existing);
  return true;
}

/**
 * The reaction stored for `raw`: normalised as Misskey does, except that a remote user may react with
 * a custom emoji of their own server (`:name@host:`), which Flock keeps by name.
 */
function reactionOf(ctx: ActorContext, userId: string, raw: string): string {
  if (raw.startsWith(':')) {
    const host = ctx.store.users.get(userId)?.host ?? null;
    if (host !== null) return remoteReactionKeyOf(raw, host) ?? LIKE_REACTION;
  }
  return normalizeReaction(raw);
}

const react: Handler<'note.react'> = (ctx, a) => {
  const { store } = ctx;
  const note = store.notes.get(a.noteId);
  if (note === undefined || !canSee(note, viewerFor(store, a.userId))) return fail('noSuchNote');
  if (store.blocks.has(note.userId, a.userId)) return fail('youHaveBeenBlocked');
  if (isPureRenote(note)) return fail('cannotReactToRenote');
  const type = note.reactionAcceptance === 'likeOnly' ? LIKE_REACTION : reactionOf(ctx, a.userId, a.reaction);
  const existing = store.reactions.of(a.noteId, a.userId);
  if (existing !== undefined) {
    if (existing.type === type) return fail('alreadyReacted');
    dropReaction(ctx, a.noteId, a.userId);
  }
  const reaction = { id: genId(), type };
  void store.reactions.add(a.noteId, a.userId, reaction);
  rerenderNote(ctx, a.noteId, (n) => ({ ...n, reactions: { ...n.reactions, [type]: countOf(n.reactions, type) + 1 } }));
  ctx.emit({ type: 'noteReacted', noteId: a.noteId, userId: a.userId, reaction: type });
  journalReaction(ctx, 'noteReacted', note, a.userId, reaction);
  return ok(null);
};

const unreact: Handler<'note.unreact'> = (ctx, a) => {
  if (ctx.store.notes.get(a.noteId) === undefined) return fail('noSuchNote');
  return dropReaction(ctx, a.noteId, a.userId) ? ok(null) : fail('notReacted');
};

const vote: Handler<'note.vote'> = (ctx, a) => {
  const { store } = ctx;
  const note = store.notes.get(a.noteId);
  if (note === undefined || !canSee(note, viewerFor(store, a.userId))) return fail('noSuchNote');
  if (store.blocks.has(note.userId, a.userId)) return fail('youHaveBeenBlocked');
  const poll = note.poll;
  if (poll === null) return fail('noPoll');
  if (poll.expiresAt !== null && poll.expiresAt <= Date.now()) return fail('pollExpired');
  if (a.choice < 0 || a.choice >= poll.choices.length) return fail('invalidChoice');
  const mine = store.pollVotes.of(a.noteId, a.userId) ?? [];
  if (mine.includes(a.choice) || (!poll.multiple && mine.length > 0)) return fail('alreadyVoted');
  void store.pollVotes.set(a.noteId, a.userId, [...mine, a.choice]);
  rerenderNote(ctx, a.noteId, (n) => ({
    ...n,
    poll: { ...poll, votes: poll.votes.map((v, i) => (i === a.choice ? v + 1 : v)) },
  }));
  journalPollVote(ctx, note, a.userId, a.choice);
  ctx.emit({ type: 'pollVoted', noteId: a.noteId, userId: a.userId, choice: a.choice });
  return ok(null);
};

const favorite: Handler<'note.favorite'> = (ctx, a) => {
  const { store } = ctx;
  const note = store.notes.get(a.noteId);
  if (note === undefined || !canSee(note, viewerFor(store, a.userId))) return fail('noSuchNote');
  if (store.favorites.idOf(a.userId, a.noteId) !== undefined) return fail('alreadyFavorited');
  void store.favorites.add(a.userId, a.noteId, genId());
  ctx.emit({ type: 'noteFavorited', noteId: a.noteId, userId: a.userId });
  return ok(null);
};

const unfavorite: Handler<'note.unfavorite'> = (ctx, a) => {
  const { store } = ctx;
  if (store.notes.get(a.noteId) === undefined) return fail('noSuchNote');
  const id = store.favorites.idOf(a.userId, a.noteId);
  if (id === undefined) return fail('notFavorited');
  store.favorites.remove(a.userId, a.noteId, id);
  ctx.emit({ type: 'noteUnfavorited', noteId: a.noteId, userId: a.userId });
  return ok(null);
};

export const noteHandlers = {
  'note.delete': deleteNote,
  'note.unrenote': unrenote,
  'note.react': react,
  'note.unreact': unreact,
  'note.vote': vote,
  'note.favorite': favorite,
  'note.unfavorite': unfavorite,
};
