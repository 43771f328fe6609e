/**
 * Remote notes: a note object read (note-parse.ts), its author resolved as a remote user, its parent and
 * quoted note resolved (stored, or fetched from their origin up to MAX_DEPTH notes away), its mentions
 * mapped to stored users, its attachments stored as the author's drive files, and the note stored by
 * the author's actor (`note.storeRemote`, once per uri). Used by the inbox handlers and by ap/show.
 *
 * A reply whose parent cannot be had (too deep, unreachable, blocked, not a note) is stored without a
 * parent, as Misskey stores one whose parent it could not resolve; a quote of one is stored without it.
 * A quoted note is fetched with no parent or quote of its own fetched, so one note costs at most
 * 2 × MAX_DEPTH fetches of notes.
 */
import type { Mailboxes } from '../actors/index.js';
import type { ReadCaches } from '../queries/index.js';
import type { Store } from '../store/index.js';
import type { ApDocument } from './documents-fetch.js';
import { sameOrigin } from './inbox/json.js';
import { addressingOf, NOTE_TYPES, NotANoteError, type ParsedNote, parseNote, visibilityOf } from './note-parse.js';
import type { RemoteActorService } from './remote-actors.js';
import { storeRemoteAttachments } from './remote-files.js';
import type { FederationUrls } from './urls.js';

/** How many notes away from the one stored a parent or quote is still fetched. */
const MAX_DEPTH = 5;

/** The note cannot be stored: not a note, not its author's, or its actor refused it. Never retried. */
export class NoteRefusedError extends Error {}

export interface RemoteNoteDeps {
  store: Store;
  mailboxes: Mailboxes;
  caches: ReadCaches;
  urls: FederationUrls;
  remote: RemoteActorService;
  fetchDocument(url: string): Promise<ApDocument>;
}

const hostnameOf = (uri: string) => new URL(uri).hostname.toLowerCase();

export class RemoteNoteService {
  private readonly inFlight = new Map<string, Promise<string | null>>();

  constructor(private readonly deps: RemoteNoteDeps) {}

  /** The stored note an id names: one of this server's (`/notes/<id>`), or a remote one stored by uri. */
  storedId(uri: string): string | undefined {
    const { store, urls } = this.deps;
    const prefix = `${urls.origin}/notes/`;
    if (uri.startsWith(prefix)) {
      const id = uri.slice(prefix.length);
      return /^[0-9a-z]{16}$/.test(id) && store.notes.get(id) !== undefined ? id : undefined;
    }
    return store.noteUris.idOf(uri);
  }

  /**
   * The note at `uri`: the stored one, else fetched from its origin and stored; null when it cannot be
   * had (`depth` past MAX_DEPTH, not a note, a fetch that failed or was refused).
   */
  resolve(uri: string, depth = 0): Promise<string | null> {
    const known = this.storedId(uri);
    if (known !== undefined) return Promise.resolve(known);
    if (depth > MAX_DEPTH || sameOrigin(uri, this.deps.urls.origin)) return Promise.resolve(null);
    // a parent or quote never waits for a fetch in flight: notes whose parents name each other in a
    // cycle would wait for one another for ever (storing is idempotent, so a second fetch costs only time)
    if (depth > 0) return this.fetchAndStore(uri, depth);
    let pending = this.inFlight.get(uri);
    if (pending === undefined) {
      pending = this.fetchAndStore(uri, depth).finally(() => this.inFlight.delete(uri));
      this.inFlight.set(uri, pending);
    }
    return pending;
  }

  private async fetchAndStore(uri: string, depth: number): Promise<string | null> {
    let doc: ApDocument;
    try {
      doc = await this.deps.fetchDocument(uri);
    } catch {
      return null;
    }
    const type = typeof doc.type === 'string' ? doc.type : undefined;
    if (type === undefined || !NOTE_TYPES.has(type)) return null;
    try {
      return (await this.store(doc, depth)).noteId;
    } catch (err) {
      if (err instanceof NoteRefusedError || err instanceof NotANoteError) return null;
      throw err;
    }
  }

  /**
   * Stores a note object that is trusted as its origin's (fetched from it, or delivered by its author);
   * `actorUri`, when given, must be its author (a Create's actor). Answers the note id and whether it
   * is new. Throws NoteRefusedError for what must not be stored; network and mailbox errors as they come.
   */
  async store(
    object: Readonly<Record<string, unknown>>,
    depth = 0,
    actorUri?: string,
  ): Promise<{ noteId: string; created: boolean }> {
    const note = parse(object);
    if (actorUri !== undefined && note.attributedTo !== actorUri)
      throw new NoteRefusedError('Expected the note to be attributed to the actor that sent it');
    if (!sameOrigin(note.uri, note.attributedTo))
      throw new NoteRefusedError('Expected the note and its author on one origin');
    const known = this.storedId(note.uri);
    if (known !== undefined) return { noteId: known, created: false };
    const author = await this.deps.remote.resolve(note.attributedTo);
    const rules = this.deps.caches.instance.rules();
    const host = hostnameOf(author.uri);
    let visibility = visibilityOf(note, author.followers);
    // a silenced instance's public notes stay out of the public timelines (Misskey makes them home)
    if (visibility === 'public' && rules.isSilencedHost(host)) visibility = 'home';
    const replyId = note.inReplyTo === null ? null : await this.resolve(note.inReplyTo, depth + 1);
    // a quoted note is fetched without its own parents and quotes, so each level costs one fetch more, not a tree
    const renoteId = note.quote === null ? null : await this.resolve(note.quote, Math.max(depth + 1, MAX_DEPTH));
    const sensitive = note.sensitive || rules.isMediaSilencedHost(host);
    const fileIds = await storeRemoteAttachments(this.deps, author.userId, note.attachment, sensitive);
    const mentions = this.usersOf(note.mentions);
    if (visibility === 'specified') mentions.push(...this.usersOf([...note.to, ...note.cc]));
    const reply = await this.deps.mailboxes.send(
      {
        op: 'note.storeRemote',
        args: {
          userId: author.userId,
          note: {
            uri: note.uri,
            url: note.url,
            createdAt: note.published ?? Date.now(),
            text: note.text,
            cw: note.cw,
            visibility,
            mentions: [...new Set(mentions)],
            tags: note.tags,
            replyId,
            renoteId,
            poll: note.poll,
            fileIds,
          },
        },
      },
      author.userId,
    );
    const stored = settled(reply, 'the note to be stored');
    this.deps.store.resetReadSnapshot();
    return stored;
  }

  /**
   * Stores an Announce by `actorUri` (a stored remote actor) as that user's renote of the stored note
   * `targetId`, once per Announce id, addressed as the Announce is. Throws NoteRefusedError when the
   * note may not be renoted (not public, or the actor blocked by its author).
   */
  async renote(
    actorUri: string,
    announce: Readonly<Record<string, unknown>> & { id: string },
    targetId: string,
  ): Promise<{ noteId: string; created: boolean }> {
    const known = this.deps.store.noteUris.idOf(announce.id);
    if (known !== undefined) return { noteId: known, created: false };
    const actor = await this.deps.remote.resolve(actorUri);
    let visibility = visibilityOf(addressingOf(announce), actor.followers);
    if (visibility === 'public' && this.deps.caches.instance.rules().isSilencedHost(hostnameOf(actor.uri)))
      visibility = 'home';
    if (visibility === 'specified') throw new NoteRefusedError('Expected an Announce to the public or followers');
    const published = typeof announce.published === 'string' ? Date.parse(announce.published.slice(0, 64)) : NaN;
    const reply = await this.deps.mailboxes.send(
      {
        op: 'note.storeRemote',
        args: {
          userId: actor.userId,
          note: {
            uri: announce.id,
            url: null,
            createdAt: Number.isFinite(published) ? published : Date.now(),
            text: null,
            cw: null,
            visibility,
            mentions: [],
            tags: [],
            replyId: null,
            renoteId: targetId,
            poll: null,
            fileIds: [],
          },
        },
      },
      actor.userId,
    );
    const stored = settled(reply, 'the renote to be stored');
    this.deps.store.resetReadSnapshot();
    return stored;
  }

  /**
   * Applies its author's edit (an Update) to a stored note: text, cw, tags, mentions, files and poll
   * counts. Answers false when the note is not stored (nothing to edit); refuses anyone else's edit.
   */
  async edit(object: Readonly<Record<string, unknown>>, actorUri: string): Promise<boolean> {
    const note = parse(object);
    if (note.attributedTo !== actorUri) throw new NoteRefusedError("Expected the note to be the actor's own");
    const noteId = this.deps.store.noteUris.idOf(note.uri);
    const author = this.deps.store.remoteActors.get(actorUri);
    if (noteId === undefined || author === undefined) return false;
    const sensitive = note.sensitive || this.deps.caches.instance.rules().isMediaSilencedHost(hostnameOf(author.uri));
    const fileIds = await storeRemoteAttachments(this.deps, author.userId, note.attachment, sensitive);
    const stored = this.deps.store.notes.get(noteId);
    const mentions = this.usersOf(note.mentions);
    if (stored?.visibility === 'specified') mentions.push(...this.usersOf([...note.to, ...note.cc]));
    const reply = await this.deps.mailboxes.send(
      {
        op: 'note.updateRemote',
        args: {
          userId: author.userId,
          noteId,
          edit: {
            text: note.text,
            cw: note.cw,
            mentions: [...new Set(mentions)],
            tags: note.tags,
            poll: note.poll,
            fileIds,
            updatedAt: note.updated ?? Date.now(),
          },
        },
      },
      noteId,
    );
    settled(reply, 'the edit to apply');
    this.deps.store.resetReadSnapshot();
    return true;
  }

  /** The stored users (local, or remote ones already known) among actor URIs; others are not fetched. */
  private usersOf(uris: readonly string[]): string[] {
    const ids: string[] = [];
    for (const uri of uris) {
      const local = this.deps.urls.localActorId(uri);
      const id = local ?? this.deps.store.remoteActors.get(uri)?.userId;
      if (id !== undefined && this.deps.store.users.exists(id)) ids.push(id);
    }
    return ids;
  }
}

/** A reply's value; a domain failure refuses the note for good, an internal one is worth a retry. */
function settled<T>(reply: { ok: true; value: T } | { ok: false; error: string }, what: string): T {
  if (reply.ok) return reply.value;
  if (reply.error === 'internal') throw new Error(`Expected ${what}, got an internal failure`);
  throw new NoteRefusedError(`Expected ${what}, got ${reply.error}`);
}

function parse(object: Readonly<Record<string, unknown>>): ParsedNote {
  try {
    return parseNote(object);
  } catch (err) {
    if (err instanceof NotANoteError) throw new NoteRefusedError(err.message);
    throw err;
  }
}
