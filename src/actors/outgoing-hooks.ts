/**
 * Journals the events users' webhooks listen to (store.federationJournal, kind `webhook`) in the commit
 * of the command that caused them, so a call is never lost once the client heard back; the outbox expands
 * each entry into one call per hook. A domain event no hook event comes from costs a set lookup; one
 * while no hook anywhere is active, one get that misses; and only local users have hooks.
 */
import { canSee, type DomainEvent, viewerFor } from '../domain/index.js';
import { genId, type NoteRecord, type WebhookEvent, type WebhookListeners } from '../store/index.js';
import type { ActorContext } from './context.js';

interface Subject {
  noteId?: string;
  otherUserId?: string;
  reaction?: string;
}

/** The events a hook can listen to come from these domain events; others cost nothing. */
const CAUSES = new Set<DomainEvent['type']>(['noteCreated', 'noteReacted', 'followed', 'unfollowed']);

/** Journals a call for `userId`'s hooks on `event`, when they have an active one for it. */
function journal(
  ctx: ActorContext,
  listening: WebhookListeners,
  userId: string,
  event: WebhookEvent,
  subject: Subject,
): void {
  if (listening[event] === undefined || ctx.store.webhooks.activeFor(userId, event).length === 0) return;
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
function noteCreated(ctx: ActorContext, listening: WebhookListeners, noteId: string, authorId: string): void {
  journal(ctx, listening, authorId, 'note', { noteId });
  if (listening.reply === undefined && listening.renote === undefined && listening.mention === undefined) return;
  const note = ctx.store.notes.get(noteId);
  if (note === undefined) return;
  if (concerns(ctx, note, note.replyUserId)) journal(ctx, listening, note.replyUserId, 'reply', { noteId });
  if (concerns(ctx, note, note.renoteUserId)) journal(ctx, listening, note.renoteUserId, 'renote', { noteId });
  for (const userId of new Set(note.mentions))
    if (concerns(ctx, note, userId)) journal(ctx, listening, userId, 'mention', { noteId });
}

/** `reaction` for the note's author, when someone else reacted. */
function noteReacted(
  ctx: ActorContext,
  listening: WebhookListeners,
  noteId: string,
  reactorId: string,
  reaction: string,
) {
  if (listening.reaction === undefined) return;
  const note = ctx.store.notes.get(noteId);
  if (note === undefined || note.userId === reactorId) return;
  journal(ctx, listening, note.userId, 'reaction', { noteId, otherUserId: reactorId, reaction });
}

/** The webhook calls an event makes (one subscriber of the domain events, see event-reactions.ts). */
export function journalHooksFor(ctx: ActorContext, event: DomainEvent): void {
  if (!CAUSES.has(event.type)) return;
  const listening = ctx.store.webhooks.listening();
  if (listening === null) return;
  switch (event.type) {
    case 'noteCreated':
      noteCreated(ctx, listening, event.noteId, event.userId);
      break;
    case 'noteReacted':
      noteReacted(ctx, listening, event.noteId, event.userId, event.reaction);
      break;
    case 'followed':
      journal(ctx, listening, event.followerId, 'follow', { otherUserId: event.followeeId });
      journal(ctx, listening, event.followeeId, 'followed', { otherUserId: event.followerId });
      break;
    case 'unfollowed':
      journal(ctx, listening, event.followerId, 'unfollow', { otherUserId: event.followeeId });
      break;
  }
}
