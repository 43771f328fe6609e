/**
 * Notes as misskey-js describes them, for one viewer: the stored fragments (stored-fragments.ts) are
 * spliced, and only what depends on the viewer is added (myReaction, poll isVoted, hidden-note rules).
 */

import { canSee, type Viewer } from '../../domain/index.js';
import { logger } from '../../log/index.js';
import type { ReadCaches } from '../../queries/index.js';
import type { Decoded, NoteRecord, Store } from '../../store/index.js';
import { type JsonSink, JsonText, WrittenJson } from './json-sink.js';

const log = logger('render');

/** ISO form of a stored time, or null when it is not a representable date (rendering never throws on stored data). */
export function isoOrNull(ms: number | null): string | null {
  if (ms === null) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Reads and renders notes for one viewer. */
export class NoteRenderer {
  constructor(
    private readonly store: Store,
    private readonly viewer: Viewer | null,
    private readonly caches: ReadCaches,
    /** Render every note whole, with no viewer (Misskey's skipHide): for pushes already judged visible to each recipient. */
    private readonly skipHide = false,
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

  /** The notes as a JSON array, written into the response as it is sent (writeList). */
  list(notes: readonly Decoded<NoteRecord>[]): WrittenJson {
    return new WrittenJson((out) => this.writeList(out, notes));
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
    const visible = this.skipHide || canSee(note, this.viewer);
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
