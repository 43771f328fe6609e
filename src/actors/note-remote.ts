/**
 * Remote notes, as federation read them: `note.storeRemote` (addressed to the remote author) stores one
 * through the write path of local notes, once per object id (`uri`), so it reaches timelines, hashtags,
 * replies and renotes the same way; `note.updateRemote` (addressed to the note) applies its author's edit.
 */
import { canSee, isPureRenote, noteFlags, viewerFor } from '../domain/index.js';
import { type DriveFileRecord, genId, type NoteRecord } from '../store/index.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import type { Handler } from './handler.js';
import { authorHost, writeNote } from './note-create.js';
import { renderBody } from './note-write.js';
import type { Commands, Reply } from './protocol.js';
import { indexNote, unindexNote } from './search-indexes.js';

/** The author's own drive files among `fileIds`, in order (a file deleted meanwhile is left out). */
function ownFiles(ctx: ActorContext, userId: string, fileIds: readonly string[]): DriveFileRecord[] {
  const files: DriveFileRecord[] = [];
  for (const fileId of fileIds) {
    const file = ctx.store.driveFiles.get(fileId);
    if (file !== undefined && file.userId === userId) files.push(file);
  }
  return files;
}

/**
 * Stores a remote note unless its uri is stored already (then answers that note). A reply whose
 * parent is gone (or one the author may not see) is kept as a note of its own, as federation decided
 * to store it without parent when it could not fetch one.
 */
export function storeRemoteNote(
  ctx: ActorContext,
  a: Commands['note.storeRemote'],
  created: NoteRecord[],
): Reply<'note.storeRemote'> {
  const { store } = ctx;
  const input = a.note;
  const known = store.noteUris.idOf(input.uri);
  if (known !== undefined) return ok({ noteId: known, created: false });
  const userHost = authorHost(ctx, a.userId);
  if (userHost === undefined || userHost === null) return fail('noSuchUser');
  const files = ownFiles(ctx, a.userId, input.fileIds);
  const viewer = viewerFor(store, a.userId);
  const id = genId(Math.min(input.createdAt, Date.now()));
  let visibility = input.visibility;
  let threadId = id;
  let reply = input.replyId === null ? undefined : store.notes.get(input.replyId);
  if (reply !== undefined && (isPureRenote(reply) || !canSee(reply, viewer))) reply = undefined;
  if (reply !== undefined) {
    if (store.blocks.has(reply.userId, a.userId)) return fail('youHaveBeenBlocked');
    threadId = reply.threadId;
  }
  const renote = input.renoteId === null ? undefined : store.notes.get(input.renoteId);
  if (input.renoteId !== null) {
    const shared = renote !== undefined && !isPureRenote(renote) && canSee(renote, viewer);
    if (!shared || (renote.userId !== a.userId && renote.visibility !== 'public' && renote.visibility !== 'home'))
      return fail('noSuchRenoteTarget');
    if (store.blocks.has(renote.userId, a.userId)) return fail('youHaveBeenBlocked');
    if (renote.visibility === 'home' && visibility === 'public') visibility = 'home';
  }
  const mentions = new Set(input.mentions.filter((userId) => store.users.exists(userId)));
  if (reply !== undefined && reply.userId !== a.userId) mentions.add(reply.userId);
  const visibleUserIds = visibility === 'specified' ? [...mentions] : [];
  const fields: Omit<NoteRecord, 'body'> = {
    id,
    userId: a.userId,
    userHost,
    text: input.text,
    cw: input.cw,
    visibility,
    localOnly: false,
    reactionAcceptance: null,
    replyId: reply?.id ?? null,
    renoteId: renote?.id ?? null,
    replyUserId: reply?.userId ?? null,
    visibleUserIds,
    mentions: [...mentions],
    tags: input.tags,
    poll: input.poll,
    uri: input.uri,
    url: input.url,
    reactions: {},
    renoteCount: 0,
    repliesCount: 0,
    renoteUserId: renote?.userId ?? null,
    threadId,
    fileIds: files.map((file) => file.id),
    updatedAt: null,
  };
  writeNote(ctx, fields, files, renote, created);
  return ok({ noteId: id, created: true });
}

/**
 * An edit of a remote note by its author: text, cw, hashtags, mentions, files and poll. An edit older
 * than the one stored is ignored (deliveries come in any order).
 */
const updateRemote: Handler<'note.updateRemote'> = (ctx, a) => {
  const { store } = ctx;
  const note = store.notes.get(a.noteId);
  if (note === undefined) return fail('noSuchNote');
  if (note.userId !== a.userId || note.userHost === null) return fail('accessDenied');
  const edit = a.edit;
  if (note.updatedAt !== null && edit.updatedAt < note.updatedAt) return ok(null);
  const fileIds = ownFiles(ctx, a.userId, edit.fileIds).map((file) => file.id);
  const mentions = new Set(edit.mentions.filter((userId) => store.users.exists(userId)));
  if (note.replyUserId !== null && note.replyUserId !== a.userId) mentions.add(note.replyUserId);
  const poll =
    note.poll === null || edit.poll === null || edit.poll.choices.length !== note.poll.choices.length
      ? note.poll
      : { ...note.poll, votes: edit.poll.votes, expiresAt: edit.poll.expiresAt };
  const next: Omit<NoteRecord, 'body'> = {
    ...note,
    text: edit.text,
    cw: edit.cw,
    tags: edit.tags,
    mentions: [...mentions],
    visibleUserIds: note.visibility === 'specified' ? [...mentions] : [],
    poll,
    fileIds,
    updatedAt: edit.updatedAt,
  };
  const indexes = store.noteIndexes;
  for (const userId of note.mentions) if (!mentions.has(userId)) void indexes.removeMention(userId, note.id);
  for (const userId of mentions) if (!note.mentions.includes(userId)) void indexes.addMention(userId, note.id);
  for (const fileId of note.fileIds) if (!fileIds.includes(fileId)) store.driveFiles.detach(fileId, note.id);
  for (const fileId of fileIds) if (!note.fileIds.includes(fileId)) store.driveFiles.attach(fileId, note.id);
  const updated: NoteRecord = { ...next, body: renderBody(ctx, next) };
  unindexNote(store, note);
  indexNote(store, updated, noteFlags(updated), false);
  void store.notes.put(updated);
  ctx.emit({ type: 'noteUpdated', noteId: note.id, userId: note.userId });
  return ok(null);
};

export const remoteNoteHandlers = { 'note.updateRemote': updateRemote };
