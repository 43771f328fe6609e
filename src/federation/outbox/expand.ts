/**
 * Turns the federation journal's entries into deliveries: the activity rendered once (Create or
 * Announce of a created note, Delete or Undo{Announce} of a deleted one, Like or Undo{Like} of a
 * reaction, a Create{Note} naming the choice of a vote), and one delivery per remote recipient (the
 * author's remote followers when the note reached them, the remote users it was addressed to, a reacted
 * note's or a poll's remote author), each with its inbox and
 * shared inbox; the outbox merges those that share a shared inbox. A webhook event becomes its calls
 * (webhook-calls.ts).
 */

import { logger } from '../../log/index.js';
import { genId, type JournalEntry, type OutgoingActivity, type Store, type UserRecord } from '../../store/index.js';
import { localMentionLinker, renderPerson } from '../actor-document.js';
import { CONTEXT, PUBLIC } from '../context.js';
import type { ActorKeyService } from '../keys.js';
import { noteUri, renderOutboxActivity } from '../note-object.js';
import type { FederationUrls } from '../urls.js';
import { hookCallsOf, testCallOf } from './webhook-calls.js';

const log = logger('outbox');

/** Most journal entries expanded per outbox tick (a note to many followers writes many deliveries). */
const EXPAND_BATCH = 64;

export async function expandJournal(store: Store, urls: FederationUrls, keys: ActorKeyService): Promise<number> {
  const entries = store.federationJournal.oldest(EXPAND_BATCH);
  for (const { id, entry } of entries) {
    if (entry.kind === 'webhook' || entry.kind === 'webhookTest') {
      await store.federationJournal.expand(id, webhookCalls(store, urls, entry));
      continue;
    }
    let json: { id: string; text: string } | null = null;
    let recipients: UserRecord[] = [];
    try {
      json = await activityOf(store, urls, keys, entry);
      if (json !== null) recipients = recipientsOf(store, entry);
    } catch (err) {
      // a change that cannot be rendered is dropped (logged), not retried forever ahead of the others
      log.error({ err, kind: entry.kind, userId: entry.userId }, 'a journaled change could not be rendered');
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

type ActivityEntry = Exclude<JournalEntry, { kind: 'webhook' | 'webhookTest' }>;

/** A webhook event's calls; one that cannot be rendered is dropped (logged), like an activity. */
function webhookCalls(
  store: Store,
  urls: FederationUrls,
  entry: Extract<JournalEntry, { kind: 'webhook' | 'webhookTest' }>,
) {
  try {
    return entry.kind === 'webhook' ? hookCallsOf(store, urls, entry) : testCallOf(store, urls, entry);
  } catch (err) {
    log.error({ err, event: entry.event, userId: entry.userId }, 'a webhook event could not be rendered');
    return [];
  }
}

/** The activity's id and JSON, or null when there is nothing to send (the note is gone already). */
async function activityOf(
  store: Store,
  urls: FederationUrls,
  keys: ActorKeyService,
  entry: ActivityEntry,
): Promise<{ id: string; text: string } | null> {
  const activity =
    entry.kind === 'profileUpdated'
      ? await renderProfileUpdate(store, urls, keys, entry.userId)
      : renderEntry(store, urls, entry);
  if (activity === null) return null;
  const text = JSON.stringify({ '@context': CONTEXT, ...activity });
  return { id: activity.id as string, text };
}

/** A local user's actor document again, as Update{Person}. */
async function renderProfileUpdate(store: Store, urls: FederationUrls, keys: ActorKeyService, userId: string) {
  const user = store.users.get(userId);
  if (user === undefined) return null;
  const pair = await keys.of(userId);
  const mentionLink = localMentionLinker(
    urls,
    (name) => store.accounts.idOf(name, null),
    (id) => store.users.get(id),
  );
  const { '@context': _, ...person } = renderPerson(user, pair.publicKeyPem, urls, mentionLink);
  const actor = urls.actor(userId);
  return { id: `${actor}#updates/${genId()}`, type: 'Update', actor, to: [PUBLIC], object: person };
}

function renderEntry(
  store: Store,
  urls: FederationUrls,
  entry: Exclude<ActivityEntry, { kind: 'profileUpdated' }>,
): Record<string, unknown> | null {
  const actor = urls.actor(entry.userId);
  switch (entry.kind) {
    case 'noteCreated': {
      const note = store.notes.get(entry.noteId);
      const author = store.users.get(entry.userId);
      if (note === undefined || author === undefined) return null;
      const sources = { note: (id: string) => store.notes.get(id), user: (id: string) => store.users.get(id) };
      return renderOutboxActivity(note, author, urls, sources);
    }
    case 'noteDeleted': {
      const noteId = urls.note(entry.noteId);
      if (entry.pureRenote) {
        const announce = { id: `${noteId}/activity`, type: 'Announce', actor };
        return { id: `${announce.id}/undo`, type: 'Undo', actor, to: [PUBLIC], object: announce };
      }
      return { id: `${noteId}/delete`, type: 'Delete', actor, to: [PUBLIC], object: { id: noteId, type: 'Tombstone' } };
    }
    case 'noteReacted':
    case 'noteUnreacted': {
      const note = store.notes.get(entry.noteId);
      if (note === undefined) return null;
      const like = {
        id: `${urls.origin}/likes/${entry.reactionId}`,
        type: 'Like',
        actor,
        object: noteUri(note, urls),
        content: entry.reaction,
        _misskey_reaction: entry.reaction,
      };
      return entry.kind === 'noteReacted' ? like : { id: `${like.id}/undo`, type: 'Undo', actor, object: like };
    }
    case 'pollVoted': {
      const note = store.notes.get(entry.noteId);
      const author = note === undefined ? undefined : store.users.get(note.userId);
      const choice = note?.poll?.choices[entry.choice];
      if (note === undefined || author?.uri == null || choice === undefined) return null;
      // Misskey's shape: a reply to the poll, addressed to its author only, whose name is the choice
      const voteId = `${actor}#votes/${entry.voteId}`;
      const to = [author.uri];
      const vote = { id: voteId, type: 'Note', attributedTo: actor, to, inReplyTo: noteUri(note, urls), name: choice };
      return { id: `${voteId}/activity`, type: 'Create', actor, to, published: new Date().toISOString(), object: vote };
    }
    case 'blocked':
    case 'unblocked': {
      const target = store.users.get(entry.targetId);
      if (target?.uri == null) return null;
      const block = { id: `${urls.origin}/blocks/${entry.blockingId}`, type: 'Block', actor, object: target.uri };
      return entry.kind === 'blocked' ? block : { id: `${block.id}/undo`, type: 'Undo', actor, object: block };
    }
  }
}

/** The remote users who get it, each once. */
function recipientsOf(store: Store, entry: ActivityEntry): UserRecord[] {
  const ids = new Set<string>();
  const followers = () => {
    for (const id of store.followers.of(entry.userId)) ids.add(id);
  };
  switch (entry.kind) {
    case 'noteCreated': {
      const note = store.notes.get(entry.noteId);
      if (note === undefined) return [];
      if (note.visibility !== 'specified') followers();
      for (const id of [...note.visibleUserIds, ...note.mentions]) ids.add(id);
      if (note.replyUserId !== null) ids.add(note.replyUserId);
      if (note.renoteUserId !== null) ids.add(note.renoteUserId);
      break;
    }
    case 'noteDeleted':
      if (entry.toFollowers) followers();
      for (const id of entry.remoteRecipients) ids.add(id);
      break;
    case 'noteReacted':
    case 'noteUnreacted': {
      const note = store.notes.get(entry.noteId);
      if (note === undefined) return [];
      ids.add(note.userId);
      if (note.visibility === 'public' || note.visibility === 'home') followers();
      break;
    }
    case 'pollVoted': {
      const note = store.notes.get(entry.noteId);
      if (note !== undefined) ids.add(note.userId);
      break;
    }
    case 'blocked':
    case 'unblocked':
      ids.add(entry.targetId);
      break;
    case 'profileUpdated':
      followers();
      break;
  }
  const users: UserRecord[] = [];
  for (const id of ids) {
    const user = store.users.get(id);
    if (user !== undefined && user.host !== null) users.push(user);
  }
  return users;
}
