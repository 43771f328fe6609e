/**
 * Entity rendering as misskey-js describes it. Writers render the viewer-independent parts once
 * (UserLite JSON, a note's body fragment) and store them; readers splice stored fragments and add
 * only what depends on the viewer (myReaction, poll isVoted, hidden-note rules).
 */

import type { DomainEvent } from '../domain/index.js';
import { logger } from '../log/index.js';
import type { NoteRecord, Store, TokenRecord, UserRecord } from '../store/index.js';
import { type Decoded, DecodedCache, fastNoteRecord, fastUserRecord, idDate } from '../store/index.js';
import { type JsonSink, JsonText } from './json-sink.js';

const log = logger('render');

/** ISO form of a stored time, or null when it is not a representable date (rendering never throws on stored data). */
export function isoOrNull(ms: number | null): string | null {
  if (ms === null) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Who is reading: the viewer's id and a memo of whom they follow, for visibility checks. */
export interface Viewer {
  id: string;
  follows(userId: string): boolean;
}

/** A Viewer backed by the store's follow edges, memoised for one request. */
export function viewerFor(store: Store, id: string): Viewer {
  const memo = new Map<string, boolean>();
  return {
    id,
    follows(userId) {
      let v = memo.get(userId);
      if (v === undefined) {
        v = store.follows.has(id, userId);
        memo.set(userId, v);
      }
      return v;
    },
  };
}

export function avatarUrl(baseUrl: string, user: Pick<UserRecord, 'username' | 'host'>): string {
  return `${baseUrl}/identicon/${encodeURIComponent(user.username + '@' + (user.host ?? new URL(baseUrl).host))}`;
}

/** The UserLite JSON of a user record (stored as `lite`). */
export function renderUserLite(baseUrl: string, u: Omit<UserRecord, 'lite'>): string {
  return JSON.stringify({
    id: u.id,
    name: u.name,
    username: u.username,
    host: u.host,
    avatarUrl: avatarUrl(baseUrl, u),
    avatarBlurhash: null,
    avatarDecorations: [],
    isBot: u.isBot,
    isCat: u.isCat,
    emojis: {},
    onlineStatus: 'unknown',
    badgeRoles: [],
  });
}

const reactionTotal = (reactions: Record<string, number>) => {
  let n = 0;
  for (const k in reactions) n += reactions[k]!;
  return n;
};

/** The body fragment of a note (its JSON without the outer braces and without viewer-dependent or joined fields). */
export function renderNoteBody(n: Omit<NoteRecord, 'body'>): string {
  const fields: Record<string, unknown> = {
    id: n.id,
    createdAt: idDate(n.id),
    userId: n.userId,
    text: n.text,
    cw: n.cw,
    visibility: n.visibility,
    localOnly: n.localOnly,
    reactionAcceptance: n.reactionAcceptance,
    renoteCount: n.renoteCount,
    repliesCount: n.repliesCount,
    reactionCount: reactionTotal(n.reactions),
    reactions: n.reactions,
    reactionEmojis: {},
    fileIds: [],
    files: [],
    replyId: n.replyId,
    renoteId: n.renoteId,
    clippedCount: 0,
  };
  if (n.visibility === 'specified') fields.visibleUserIds = n.visibleUserIds;
  if (n.mentions.length > 0) fields.mentions = n.mentions;
  if (n.tags.length > 0) fields.tags = n.tags;
  if (n.poll) fields.hasPoll = true;
  if (n.uri) fields.uri = n.uri;
  if (n.url) fields.url = n.url;
  const json = JSON.stringify(fields);
  return json.slice(1, -1);
}

/** Whether `viewer` may read the note's content (Misskey's visibility rules). */
export function canSee(note: NoteRecord, viewer: Viewer | null): boolean {
  if (note.visibility === 'public' || note.visibility === 'home') return true;
  if (viewer === null) return false;
  if (viewer.id === note.userId || note.mentions.includes(viewer.id)) return true;
  if (note.visibility === 'followers') return note.replyUserId === viewer.id || viewer.follows(note.userId);
  return note.visibleUserIds.includes(viewer.id);
}

/** Whether a note is a pure renote (a renote with no text, cw, poll or reply of its own). */
export function isPureRenote(n: Pick<NoteRecord, 'renoteId' | 'text' | 'cw' | 'poll' | 'replyId'>): boolean {
  return n.renoteId !== null && n.text === null && n.cw === null && n.poll === null && n.replyId === null;
}

/** The gateway's read caches of decoded records (see DecodedCache: entries are forgotten when the domain events say they changed). */
export interface ReadCaches {
  notes: DecodedCache<NoteRecord>;
  users: DecodedCache<UserRecord>;
  /** Token → its record, so authenticating a request reads no LMDB (revocations arrive as tokensRevoked events). */
  tokens: DecodedCache<TokenRecord>;
}

export function createReadCaches(store: Store, entries: number): ReadCaches {
  return {
    notes: new DecodedCache((noteId) => store.notes.get(noteId), entries, fastNoteRecord),
    users: new DecodedCache((userId) => store.users.get(userId), entries, fastUserRecord),
    tokens: new DecodedCache(
      (key) => store.tokens.get(key),
      entries,
      (record) => record,
    ),
  };
}

/**
 * The read caches' subscriber to the domain events (Mailboxes.onEvents): forgets exactly the records
 * the events say were rewritten or removed. Created records need nothing, since a cache never holds a
 * miss; the switch is exhaustive so that a new event type has to say what it means here.
 */
export function forgetChanged(caches: ReadCaches, events: readonly DomainEvent[]): void {
  for (const event of events) {
    switch (event.type) {
      case 'noteDeleted':
      case 'noteReacted':
      case 'noteUnreacted':
      case 'pollVoted':
      case 'noteCountsChanged':
        caches.notes.forget(event.noteId);
        break;
      case 'userUpdated':
        caches.users.forget(event.userId);
        break;
      case 'tokensRevoked':
        for (const key of event.tokenKeys) caches.tokens.forget(key);
        break;
      case 'noteCreated':
      case 'noteFavorited':
      case 'noteUnfavorited':
      case 'followed':
      case 'unfollowed':
      case 'followRequested':
      case 'followRequestCancelled':
      case 'followAccepted':
      case 'followRejected':
      case 'userCreated':
      case 'passwordChanged':
      case 'tokenIssued':
      case 'registryChanged':
        break;
      default:
        event satisfies never;
    }
  }
}

/** Reads and renders notes for one viewer. */
export class NoteRenderer {
  constructor(
    private readonly store: Store,
    private readonly viewer: Viewer | null,
    private readonly caches: ReadCaches,
  ) {}

  /** Whether this renderer's viewer may read the note. */
  visible(note: NoteRecord): boolean {
    return canSee(note, this.viewer);
  }

  /** UserLite JSON of a user id. */
  userLite(userId: string): string {
    return this.caches.users.get(userId)?.lite ?? 'null';
  }

  /** The note's JSON, or undefined when it no longer exists. `detail` adds reply/renote/poll/myReaction as Misskey's detail pack does. */
  render(noteId: string, detail = true): string | undefined {
    const entry = this.caches.notes.entry(noteId);
    if (entry === undefined) return undefined;
    const out = new JsonText();
    return this.writeSafely(out, entry, detail) ? out.toString() : undefined;
  }

  renderRecord(note: NoteRecord, detail = true): string {
    const out = new JsonText();
    this.write(out, { value: note, utf8: undefined }, detail, 0);
    return out.toString();
  }

  /** Writes the notes as a JSON array; a note that cannot be rendered is left out (and logged), never the whole list. */
  writeList(out: JsonSink, notes: readonly Decoded<NoteRecord>[]): void {
    out.text('[');
    let written = 0;
    for (let i = 0; i < notes.length; i++) {
      const before = out.mark();
      if (written > 0) out.text(',');
      if (this.writeSafely(out, notes[i]!, true)) written++;
      else out.rewind(before);
    }
    out.text(']');
  }

  /** Writes one note; on a failure (stored data it cannot render) rewinds `out`, logs, and answers false. */
  private writeSafely(out: JsonSink, entry: Decoded<NoteRecord>, detail: boolean): boolean {
    const at = out.mark();
    try {
      this.write(out, entry, detail, 0);
      return true;
    } catch (err) {
      out.rewind(at);
      log.error({ err, noteId: entry.value.id }, 'a stored note could not be rendered; left out');
      return false;
    }
  }

  /** Writes a note's JSON (see `render`); a nested note is packed without its own reply and renote past depth 2, as Misskey does. */
  write(out: JsonSink, entry: Decoded<NoteRecord>, detail: boolean, depth: number): void {
    const note = entry.value;
    const visible = canSee(note, this.viewer);
    out.text('{');
    if (visible) out.fragment(note.body, entry);
    else out.text(hiddenBody(note.body));
    out.text(',"user":');
    const user = this.caches.users.entry(note.userId);
    if (user === undefined) out.text('null');
    else out.fragment(user.value.lite, user);
    if (detail && depth < 2) {
      if (note.replyId !== null) {
        out.text(',"reply":');
        this.writeId(out, note.replyId, false, depth + 1);
      }
      if (note.renoteId !== null) {
        out.text(',"renote":');
        this.writeId(out, note.renoteId, true, depth + 1);
      }
      if (note.poll !== null && visible) out.text(',"poll":' + this.renderPoll(note));
      if (this.viewer !== null && hasKeys(note.reactions)) {
        const mine = this.store.reactions.of(note.id, this.viewer.id);
        out.text(',"myReaction":');
        out.text(mine === undefined ? 'null' : JSON.stringify(mine.type));
      }
    }
    out.text('}');
  }

  private writeId(out: JsonSink, noteId: string, detail: boolean, depth: number): void {
    const entry = this.caches.notes.entry(noteId);
    if (entry === undefined) out.text('null');
    else this.write(out, entry, detail, depth);
  }

  private renderPoll(note: NoteRecord): string {
    const poll = note.poll!;
    const mine = this.viewer === null ? undefined : this.store.pollVotes.of(note.id, this.viewer.id);
    return JSON.stringify({
      multiple: poll.multiple,
      expiresAt: isoOrNull(poll.expiresAt),
      choices: poll.choices.map((text, i) => ({
        text,
        votes: poll.votes[i] ?? 0,
        isVoted: mine?.includes(i) ?? false,
      })),
    });
  }
}

function hasKeys(o: Record<string, unknown>): boolean {
  for (const _ in o) return true;
  return false;
}

function hiddenBody(body: string): string {
  const fields = JSON.parse('{' + body + '}') as Record<string, unknown>;
  fields.text = null;
  fields.cw = null;
  fields.files = [];
  fields.fileIds = [];
  fields.isHidden = true;
  delete fields.hasPoll;
  // who else a specified note is addressed to is not for those it is hidden from (Misskey drops it too)
  delete fields.visibleUserIds;
  return JSON.stringify(fields).slice(1, -1);
}

/** Joins rendered entities into a JSON array without re-serialising them. */
export const jsonArray = (items: string[]) => '[' + items.join(',') + ']';

export { JsonBytes, type JsonSink, JsonText } from './json-sink.js';
export { basePolicies, meDetailed, relation, userDetailed } from './user.js';
