/**
 * Turns the federation journal's entries into deliveries: the activity rendered once (Create or
 * Announce of a created note, Delete or Undo{Announce} of a deleted one), and one delivery per remote
 * recipient (the author's remote followers when the note reached them, and the remote users it was
 * addressed to), each with its inbox and shared inbox; the outbox merges those that share a shared inbox.
 */

import { logger } from '../../log/index.js';
import { genId, type JournalEntry, type OutgoingActivity, type Store, type UserRecord } from '../../store/index.js';
import { CONTEXT, PUBLIC } from '../context.js';
import { renderOutboxActivity } from '../note-object.js';
import type { FederationUrls } from '../urls.js';

const log = logger('outbox');

/** Most journal entries expanded per outbox tick (a note to many followers writes many deliveries). */
const EXPAND_BATCH = 64;

export async function expandJournal(store: Store, urls: FederationUrls): Promise<number> {
  const entries = store.federationJournal.oldest(EXPAND_BATCH);
  for (const { id, entry } of entries) {
    let json: { id: string; text: string } | null = null;
    let recipients: UserRecord[] = [];
    try {
      json = activityOf(store, urls, entry);
      if (json !== null) recipients = recipientsOf(store, entry);
    } catch (err) {
      // a change that cannot be rendered is dropped (logged), not retried forever ahead of the others
      log.error({ err, kind: entry.kind, noteId: entry.noteId }, 'a journaled change could not be rendered');
    }
    const queuedAt = Date.now();
    const deliveries = recipients.flatMap((user) => {
      const remote = user.uri === null ? undefined : store.remoteActors.get(user.uri);
      if (remote === undefined || json === null) return [];
      const delivery: OutgoingActivity = {
        activityId: json.id,
        signerId: entry.userId,
        recipient: remote.uri,
        inbox: remote.inbox,
        sharedInbox: remote.sharedInbox,
        json: json.text,
        queuedAt,
      };
      return [{ deliveryId: genId(), delivery }];
    });
    await store.federationJournal.expand(id, deliveries);
  }
  return entries.length;
}

/** The activity's id and JSON, or null when there is nothing to send (the note is gone already). */
function activityOf(store: Store, urls: FederationUrls, entry: JournalEntry): { id: string; text: string } | null {
  const actor = urls.actor(entry.userId);
  const announceId = `${urls.note(entry.noteId)}/activity`;
  let activity: Record<string, unknown> | null;
  if (entry.kind === 'noteCreated') {
    const note = store.notes.get(entry.noteId);
    const author = store.users.get(entry.userId);
    if (note === undefined || author === undefined) return null;
    const sources = { note: (id: string) => store.notes.get(id), user: (id: string) => store.users.get(id) };
    activity = renderOutboxActivity(note, author, urls, sources);
  } else if (entry.pureRenote) {
    activity = {
      id: `${announceId}/undo`,
      type: 'Undo',
      actor,
      to: [PUBLIC],
      object: { id: announceId, type: 'Announce', actor },
    };
  } else {
    activity = {
      id: `${urls.note(entry.noteId)}/delete`,
      type: 'Delete',
      actor,
      to: [PUBLIC],
      object: { id: urls.note(entry.noteId), type: 'Tombstone' },
    };
  }
  if (activity === null) return null;
  const text = JSON.stringify({ '@context': CONTEXT, ...activity });
  return { id: activity.id as string, text };
}

/** The remote users who get it, each once. */
function recipientsOf(store: Store, entry: JournalEntry): UserRecord[] {
  const ids = new Set<string>();
  if (entry.kind === 'noteCreated') {
    const note = store.notes.get(entry.noteId);
    if (note === undefined) return [];
    if (note.visibility !== 'specified') for (const id of store.followers.of(entry.userId)) ids.add(id);
    for (const id of [...note.visibleUserIds, ...note.mentions]) ids.add(id);
    if (note.replyUserId !== null) ids.add(note.replyUserId);
    if (note.renoteUserId !== null) ids.add(note.renoteUserId);
  } else {
    if (entry.toFollowers) for (const id of store.followers.of(entry.userId)) ids.add(id);
    for (const id of entry.remoteRecipients) ids.add(id);
  }
  const users: UserRecord[] = [];
  for (const id of ids) {
    const user = store.users.get(id);
    if (user !== undefined && user.host !== null) users.push(user);
  }
  return users;
}
