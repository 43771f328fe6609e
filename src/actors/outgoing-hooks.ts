/**
 * Journals the events users' webhooks listen to (store.federationJournal, kind `webhook`) in the commit
 * of the command that caused them, so a call is never lost once the client heard back; the outbox expands
 * each entry into one call per hook. An event that no active hook anywhere listens to costs one get of
 * its listener count, and only local users have hooks, so remote users' events cost a get that misses.
 */
import { canSee, type DomainEvent, viewerFor } from '../domain/index.js';
import { genId, type NoteRecord, type WebhookEvent } from '../store/index.js';
import type { ActorContext } from './context.js';

interface Subject {
  noteId?: string;
  otherUserId?: string;
  reaction?: string;
}

/** Journals a call for `userId`'s hooks on `event`, when they have an active one for it. */
function journal(ctx: ActorContext, userId: string, event: WebhookEvent, subject: Subject): void {
  const hooks = ctx.store.webhooks;
  if (!hooks.anyListening(event) || hooks.activeFor(userId, event).length === 0) return;
  ctx.store.federationJournal.add(genId(), {
    kind: 'webhook',
    userId,
    event,
    noteId: subject.noteId ?? null,
    otherUserId: subject.otherUserId ?? null,
    reaction: subject.reaction ?? null,
    at: Date.now(),
  });
}

/** Whether a note's reply, renote or mention should reach `userId`'s hooks: someone else's, that they may read. */
const concerns = (ctx: ActorContext, note: NoteRecord, userId: string | null): userId is string =>
  userId !== null && userId !== note.userId && canSee(note, viewerFor(ctx.store, userId));

/** `note` for the author; `reply`, `renote` and `mention` for the users the note replies to, renotes and names. */
function noteCreated(ctx: ActorContext, noteId: string, authorId: string): void {
  const hooks = ctx.store.webhooks;
  journal(ctx, authorId, 'note', { noteId });
  if (!hooks.anyListening('reply') && !hooks.anyListening('renote') && !hooks.anyListening('mention')) return;
  const note = ctx.store.notes.get(noteId);
  if (note === undefined) return;
  if (concerns(ctx, note, note.replyUserId)) journal(ctx, note.replyUserId, 'reply', { noteId });
  if (concerns(ctx, note, note.renoteUserId)) journal(ctx, note.renoteUserId, 'renote', { noteId });
  for (const userId of new Set(note.mentions))
    if (concerns(ctx, note, userId)) journal(ctx, userId, 'mention', { noteId });
}

/** `reaction` for the note's author, when someone else reacted. */
function noteReacted(ctx: ActorContext, noteId: string, reactorId: string, reaction: string): void {
  if (!ctx.store.webhooks.anyListening('reaction')) return;
  const note = ctx.store.notes.get(noteId);
  if (note === undefined || note.userId === reactorId) return;
  journal(ctx, note.userId, 'reaction', { noteId, otherUserId: reactorId, reaction });
}

/** The webhook calls an event makes (one subscriber of the domain events, see event-reactions.ts). */
export function journalHooksFor(ctx: ActorContext, event: DomainEvent): void {
  switch (event.type) {
    case 'noteCreated':
      noteCreated(ctx, event.noteId, event.userId);
      break;
    case 'noteReacted':
      noteReacted(ctx, event.noteId, event.userId, event.reaction);
      break;
    case 'followed':
      journal(ctx, event.followerId, 'follow', { otherUserId: event.followeeId });
      journal(ctx, event.followeeId, 'followed', { otherUserId: event.followerId });
      break;
    case 'unfollowed':
      journal(ctx, event.followerId, 'unfollow', { otherUserId: event.followeeId });
      break;
  }
}
