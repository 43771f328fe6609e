/**
 * Webhook calls, the outbox's second kind of job. A journaled event (kind `webhook`) becomes one queued
 * call per active hook of its owner that listens to it, in the queue ActivityPub deliveries use (the same
 * lanes, retries and restart survival). A call's payload is Misskey's envelope `{server, hookId, userId,
 * eventId, createdAt, type, body}` for hooks made through i/webhooks, the seed's `{type, data, timestamp}`
 * for the seed's; it is authenticated by the hook's secret, read when the call is sent: Misskey's
 * `X-Misskey-Hook-Secret` header and `X-Flock-Signature: sha256=<hex HMAC-SHA256 of the body>`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import {
  genId,
  type JournalEntry,
  type OutgoingActivity,
  type Store,
  type WebhookEvent,
  type WebhookRecord,
} from '../../store/index.js';
import type { FederationUrls } from '../urls.js';

type WebhookEntry = Extract<JournalEntry, { kind: 'webhook' }>;
type TestEntry = Extract<JournalEntry, { kind: 'webhookTest' }>;

/** The sample note of a test call's body. */
const SAMPLE_TEXT = 'This is a test webhook body.';

/** What the outbox tells the main thread after calling a hook, for the owner's actor to record. */
export interface HookCallReport {
  userId: string;
  webhookId: string;
  sentAt: number;
  /** The answer's status, 1 when there was none (Misskey's convention). */
  status: number;
  /** The call failed for good (a final answer, or the retry budget spent): the hook is turned off. */
  deactivate: boolean;
}

/** The signature header of a call's body: `sha256=` and the hex HMAC-SHA256 under the hook's secret. */
export const hookSignature = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** The calls an entry expands to (none when what it names is gone, or no active hook listens any more). */
export function hookCallsOf(
  store: Store,
  urls: FederationUrls,
  entry: WebhookEntry,
): { deliveryId: string; delivery: OutgoingActivity }[] {
  const hooks = store.webhooks.activeFor(entry.userId, entry.event);
  if (hooks.length === 0) return [];
  const data = dataOf(store, entry);
  if (data === null) return [];
  const queuedAt = Date.now();
  return hooks.map((hook) => {
    const eventId = randomUUID();
    const delivery: OutgoingActivity = {
      activityId: `${urls.origin}/webhooks/${hook.id}/${eventId}`,
      signerId: entry.userId,
      recipient: hook.id,
      inbox: hook.url,
      sharedInbox: null,
      json: payloadOf(urls, hook, entry, eventId, data),
      queuedAt,
      hookId: hook.id,
    };
    return { deliveryId: genId(), delivery };
  });
}

/** A test call (i/webhooks/test): a sample body of the event, to the hook or the URL the test names. */
export function testCallOf(
  store: Store,
  urls: FederationUrls,
  entry: TestEntry,
): { deliveryId: string; delivery: OutgoingActivity }[] {
  const hook = store.webhooks.find(entry.userId, entry.hookId);
  const owner = store.users.get(entry.userId);
  if (hook === undefined || owner === undefined) return [];
  const note = JSON.stringify({
    id: genId(entry.at),
    createdAt: new Date(entry.at).toISOString(),
    userId: owner.id,
    text: SAMPLE_TEXT,
    cw: null,
    visibility: 'public',
    localOnly: false,
    renoteCount: 0,
    repliesCount: 0,
    reactionCount: 0,
    reactions: {},
    reactionEmojis: {},
    fileIds: [],
    files: [],
    replyId: null,
    renoteId: null,
  });
  const packed = `${note.slice(0, -1)},"user":${owner.lite}}`;
  const data = subjectOf(entry.event, packed, owner.lite, '👍');
  if (data === null) return [];
  const eventId = randomUUID();
  const delivery: OutgoingActivity = {
    activityId: `${urls.origin}/webhooks/${hook.id}/${eventId}`,
    signerId: entry.userId,
    recipient: hook.id,
    inbox: entry.url ?? hook.url,
    sharedInbox: null,
    json: payloadOf(urls, hook, entry, eventId, data),
    queuedAt: Date.now(),
    hookId: hook.id,
    hookTest: { secret: entry.secret },
  };
  return [{ deliveryId: genId(), delivery }];
}

/**
 * The headers of a call, or null when its hook is gone or turned off (the call is then dropped); a test
 * call goes to a hook turned off too, signed with the test's secret when it names one.
 */
export function hookHeaders(
  store: Store,
  urls: FederationUrls,
  call: { userId: string; hookId: string; body: string; test: { secret: string | null } | null },
) {
  const hook = store.webhooks.find(call.userId, call.hookId);
  if (hook === undefined || (!hook.active && call.test === null)) return null;
  const secret = call.test?.secret ?? hook.secret;
  return {
    'User-Agent': 'Misskey-Hooks',
    'Content-Type': 'application/json',
    'X-Misskey-Host': urls.host,
    'X-Misskey-Hook-Id': hook.id,
    'X-Misskey-Hook-Secret': secret,
    'X-Flock-Signature': hookSignature(secret, call.body),
  };
}

/** The event's subject as JSON: Misskey's `body` (`{note}`, `{user}`, `{note, reaction, user}`) and the seed's `data`. */
function dataOf(store: Store, entry: WebhookEntry): { body: string; data: string } | null {
  const note = entry.noteId === null ? undefined : packedNote(store, entry.noteId, true);
  const user = entry.otherUserId === null ? undefined : store.users.get(entry.otherUserId)?.lite;
  return subjectOf(entry.event, note, user, entry.reaction ?? '');
}

function subjectOf(
  event: WebhookEvent,
  note: string | undefined,
  user: string | undefined,
  reaction: string,
): { body: string; data: string } | null {
  switch (event) {
    case 'note':
    case 'reply':
    case 'renote':
    case 'mention':
      return note === undefined ? null : { body: `{"note":${note}}`, data: note };
    case 'follow':
    case 'followed':
    case 'unfollow':
      return user === undefined ? null : { body: `{"user":${user}}`, data: user };
    case 'reaction': {
      if (note === undefined || user === undefined) return null;
      const body = `{"note":${note},"reaction":${JSON.stringify(reaction)},"user":${user}}`;
      return { body, data: body };
    }
  }
}

function payloadOf(
  urls: FederationUrls,
  hook: WebhookRecord,
  entry: { event: WebhookEvent; at: number },
  eventId: string,
  subject: { body: string; data: string },
): string {
  const type = JSON.stringify(entry.event);
  if (hook.flavour === 'seed')
    return `{"type":${type},"data":${subject.data},"timestamp":${JSON.stringify(new Date(entry.at).toISOString())}}`;
  const head = JSON.stringify({
    server: urls.origin,
    hookId: hook.id,
    userId: hook.userId,
    eventId,
    createdAt: entry.at,
  });
  return `${head.slice(0, -1)},"type":${type},"body":${subject.body}}`;
}

/**
 * A note as Misskey packs it for everyone (no viewer's fields): the stored body fragment (the note's
 * JSON without its braces, see domain's StoredProjection) with its author's UserLite, and the note it
 * replies to and renotes, one level deep.
 */
function packedNote(store: Store, noteId: string, nested: boolean): string | undefined {
  const note = store.notes.get(noteId);
  const author = note === undefined ? undefined : store.users.get(note.userId);
  if (note === undefined || author === undefined) return undefined;
  let json = `{${note.body},"user":${author.lite}`;
  if (nested && note.replyId !== null) json += `,"reply":${packedNote(store, note.replyId, false) ?? 'null'}`;
  if (nested && note.renoteId !== null) json += `,"renote":${packedNote(store, note.renoteId, false) ?? 'null'}`;
  return `${json}}`;
}
