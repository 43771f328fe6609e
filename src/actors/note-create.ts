/** note.create and the fan-out it starts: the note and its indexes commit together, then timeline.push messages go to followers' timeline shards. */

import {
  canSee,
  hashtagsOf,
  isLocal,
  isPureRenote,
  isReplyToOthers,
  mentionedUserIds,
  noteFlags,
  viewerFor,
} from '../domain/index.js';
import { ChildKind, type DriveFileRecord, genId, type NoteRecord } from '../store/index.js';
import { groupByShard } from './audiences.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import { recountNote } from './note-write.js';
import { journalNoteCreated } from './outgoing-notes.js';
import type { Commands, Outgoing, Reply } from './protocol.js';
import { indexNote, notePosted } from './search-indexes.js';
import { timelineEntryOf } from './timeline.js';

/** Whose home timelines a note goes to, by shard: the author, and followers allowed to see it (replies only where the follower takes them). */
export function fanoutTargets(ctx: ActorContext, note: NoteRecord): readonly (readonly [number, readonly string[]])[] {
  const { store } = ctx;
  const audience = ctx.audiences.of(note.userId);
  const everyone = note.visibility !== 'specified' && (note.replyId === null || note.replyUserId === note.userId);
  if (everyone) return audience.byShard;
  const targets = note.userHost === null ? [note.userId] : [];
  for (const followerId of audience.members) {
    if (followerId === note.userId) continue;
    if (note.visibility === 'specified' && !note.visibleUserIds.includes(followerId)) continue;
    if (isReplyToOthers(note, followerId) && !store.follows.edge(followerId, note.userId)?.withReplies) continue;
    targets.push(followerId);
  }
  return groupByShard(targets, ctx.placement);
}

/**
 * The author's host, or undefined when there is no such user. Existence is looked up in the store each
 * time (no decoding); the host is immutable, so it is remembered: decoding the 31-field user record
 * had been a fifth of the time a post spends in its transaction callback, while LMDB's writer waits.
 */
export function authorHost(ctx: ActorContext, userId: string): string | null | undefined {
  if (!ctx.store.users.exists(userId)) return undefined;
  const known = ctx.hosts.get(userId);
  if (known !== undefined) return known;
  const host = ctx.store.users.get(userId)!.host;
  ctx.hosts.set(userId, host);
  return host;
}

/**
 * A specified note's recipients, as Misskey's NoteCreateService has them: the ids asked for that name a
 * user (unknown ones are dropped, not refused), and the author of the note replied to.
 */
function recipientsOf(ctx: ActorContext, asked: readonly string[], replyUserId: string | null): string[] {
  const recipients = new Set(asked.filter((id) => ctx.store.users.exists(id)));
  if (replyUserId !== null) recipients.add(replyUserId);
  return [...recipients];
}

/**
 * Whom a note mentions, as Misskey records it: the users its text names, the author of the note replied
 * to (so replies show in notes/mentions), and a specified note's recipients.
 */
function mentionsOf(
  ctx: ActorContext,
  text: string | null,
  authorId: string,
  replyUserId: string | null,
  recipients: readonly string[],
): string[] {
  const mentions = new Set(mentionedUserIds(ctx.store, ctx.localHost, text));
  if (replyUserId !== null && replyUserId !== authorId) mentions.add(replyUserId);
  for (const id of recipients) mentions.add(id);
  return [...mentions];
}

/** Writes the note and its indexes; its fan-out is left in `created` for after the transaction callbacks (fanOut, batch-runner.ts). */
export function createNote(ctx: ActorContext, a: Commands['note.create'], created: NoteRecord[]): Reply<'note.create'> {
  const { store } = ctx;
  const input = a.note;
  const userHost = authorHost(ctx, a.userId);
  if (userHost === undefined) return fail('noSuchUser');
  const files: DriveFileRecord[] = [];
  for (const fileId of input.fileIds) {
    const file = store.driveFiles.get(fileId);
    if (file === undefined || file.userId !== a.userId) return fail('noSuchFile');
    files.push(file);
  }
  const viewer = viewerFor(store, a.userId);
  let visibility = input.visibility;
  let replyUserId: string | null = null;
  const id = genId();
  let threadId = id;
  if (input.replyId !== null) {
    const reply = store.notes.get(input.replyId);
    if (reply === undefined) return fail('noSuchReplyTarget');
    if (isPureRenote(reply)) return fail('cannotReplyToPureRenote');
    if (!canSee(reply, viewer)) return fail('cannotReplyToInvisibleNote');
    if (reply.visibility === 'specified' && visibility !== 'specified')
      return fail('cannotReplyToSpecifiedWithWiderVisibility');
    if (store.blocks.has(reply.userId, a.userId)) return fail('youHaveBeenBlocked');
    replyUserId = reply.userId;
    threadId = reply.threadId;
  }
  let renote: NoteRecord | undefined;
  if (input.renoteId !== null) {
    renote = store.notes.get(input.renoteId);
    if (renote === undefined) return fail('noSuchRenoteTarget');
    if (isPureRenote(renote)) return fail('cannotRenotePureRenote');
    if (renote.userId !== a.userId && (renote.visibility === 'followers' || renote.visibility === 'specified'))
      return fail('cannotRenoteNonPublic');
    if (!canSee(renote, viewer)) return fail('noSuchRenoteTarget');
    if (store.blocks.has(renote.userId, a.userId)) return fail('youHaveBeenBlocked');
    if (renote.visibility === 'home' && visibility === 'public') visibility = 'home';
    if (renote.visibility === 'followers' && (visibility === 'public' || visibility === 'home'))
      visibility = 'followers';
  }
  const visibleUserIds = visibility === 'specified' ? recipientsOf(ctx, input.visibleUserIds, replyUserId) : [];
  const mentions = mentionsOf(ctx, input.text, a.userId, replyUserId, visibleUserIds);
  const fields: Omit<NoteRecord, 'body'> = {
    id,
    userId: a.userId,
    userHost,
    text: input.text,
    cw: input.cw,
    visibility,
    localOnly: input.localOnly,
    reactionAcceptance: input.reactionAcceptance,
    replyId: input.replyId,
    renoteId: input.renoteId,
    replyUserId,
    visibleUserIds,
    mentions,
    tags: hashtagsOf(input.text),
    poll:
      input.poll === null
        ? null
        : {
            choices: input.poll.choices,
            multiple: input.poll.multiple,
            expiresAt: input.poll.expiresAt,
            votes: input.poll.choices.map(() => 0),
          },
    uri: null,
    url: null,
    reactions: {},
    renoteCount: 0,
    repliesCount: 0,
    renoteUserId: renote?.userId ?? null,
    threadId,
    fileIds: input.fileIds,
    updatedAt: null,
  };
  writeNote(ctx, fields, files, renote, created);
  journalNoteCreated(ctx, fields);
  return ok({ noteId: id });
}

/**
 * Writes a new note (local or remote) and its indexes, counts it for its author and leaves its fan-out
 * in `created`: `files` are its drive files' records, `renote` the note it renotes or quotes.
 */
export function writeNote(
  ctx: ActorContext,
  fields: Omit<NoteRecord, 'body'>,
  files: readonly DriveFileRecord[],
  renote: NoteRecord | undefined,
  created: NoteRecord[],
): void {
  const { store } = ctx;
  const { id, userId } = fields;
  const note: NoteRecord = { ...fields, body: ctx.projection.noteBody(fields, files) };
  for (const fileId of note.fileIds) store.driveFiles.attach(fileId, id);
  void store.notes.put(note);
  if (note.uri !== null) void store.noteUris.put(note.uri, id);
  ctx.emit({ type: 'noteCreated', noteId: id, userId });
  const flags = noteFlags(note);
  const indexes = store.noteIndexes;
  void indexes.addUserNote(userId, id, flags);
  if (note.visibility === 'public') void indexes.addPublic(id, flags, isLocal({ host: note.userHost }));
  indexNote(store, note, flags, ctx.settings.canSearchNotes);
  for (const mentioned of note.mentions) if (mentioned !== userId) void indexes.addMention(mentioned, id);
  if (note.replyId !== null) {
    void indexes.addChild(note.replyId, id, ChildKind.reply);
    recountNote(ctx, note.replyId, (n) => ({ ...n, repliesCount: n.repliesCount + 1 }));
  }
  if (renote !== undefined) {
    if (!isPureRenote(note)) void indexes.addChild(renote.id, id, ChildKind.quote);
    void indexes.addRenote(renote.id, id, userId);
    recountNote(ctx, renote.id, (n) => ({ ...n, renoteCount: n.renoteCount + 1 }));
  }
  notePosted(store, userId, Date.now());
  created.push(note);
}

/**
 * A note's fan-out: timeline pushes for shards on other workers go out through the dispatcher (added to
 * `outgoing`, sent once the note has committed; the dispatcher holds the client's reply until they are
 * applied), and those for this worker's shards are applied right here (a push is commutative and
 * idempotent and the shard's timelines live on this thread, so skipping its mailbox changes nothing but
 * cost). Run outside the note's transaction callback, so the pushes do not lengthen the time LMDB's
 * writer waits on this thread's callbacks (batch-runner.ts).
 */
export function fanOut(ctx: ActorContext, note: NoteRecord, outgoing: Outgoing[]): void {
  const flags = noteFlags(note);
  const { hi, lo } = timelineEntryOf(note.id, flags)!;
  for (const [shard, userIds] of fanoutTargets(ctx, note)) {
    if (ctx.placement.isLocal(shard)) ctx.timelines.push(userIds, hi, lo);
    else
      outgoing.push({
        shard,
        command: { op: 'timeline.push', args: { userIds: userIds as string[], noteId: note.id, flags } },
      });
  }
}

/** Runs a stored note's fan-out again (start-up replay after a crash; no write, so no transaction); pushes already applied are no-ops. */
export function refanout(ctx: ActorContext, a: Commands['note.fanout'], outgoing: Outgoing[]): Reply<'note.fanout'> {
  const note = ctx.store.notes.get(a.noteId);
  if (note !== undefined) fanOut(ctx, note, outgoing);
  return ok(null);
}
