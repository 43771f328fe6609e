/**
 * Home timelines, whose newest entries exist only in their timeline actor's memory: pages come from
 * `timeline.page` rounds, and the hybrid timeline merges such a page with the local timeline index.
 */

import type { Mailboxes } from '../actors/index.js';
import {
  type Decoded,
  entryFlags,
  entryId,
  NoteFlag,
  type NoteRecord,
  type PageEntry,
  type PageParams,
  pageBounds,
  type Store,
} from '../store/index.js';

/** Most entries one `timeline.page` round asks for (a materialised timeline holds about a thousand). */
const HOME_ROUND_MAX = 1024;

type AcceptNote = (id: string, flags: number) => Decoded<NoteRecord> | undefined;

/** A page of a user's home timeline ids from its timeline actor, in Misskey's order. */
async function homeEntries(
  mailboxes: Mailboxes,
  userId: string,
  params: PageParams,
  limit: number,
): Promise<{ entries: PageEntry<number>[]; more: boolean }> {
  const { since, until, ascending } = pageBounds(params);
  const reply = await mailboxes.send(
    { op: 'timeline.page', args: { userId, since: since ?? null, until: until ?? null, ascending, limit } },
    userId,
  );
  if (!reply.ok) throw new Error(`Expected a page of ${userId}'s home timeline, got ${reply.error}`);
  return {
    entries: reply.value.entries.map((e) => ({ id: entryId(e), value: entryFlags(e) })),
    more: reply.value.more,
  };
}

/**
 * Walks a home timeline, asking its actor for more (twice as many each round) until `limit` notes
 * pass `accept` or the timeline ends: entries that became invisible (an unfollow, a deletion) are
 * skipped, and a page is short only when no older visible note is left, which is what clients read `[]` as.
 */
export async function homePage(
  mailboxes: Mailboxes,
  userId: string,
  params: PageParams,
  limit: number,
  accept: AcceptNote,
): Promise<Decoded<NoteRecord>[]> {
  const out: Decoded<NoteRecord>[] = [];
  const { since, ascending } = pageBounds(params);
  let cursor: PageParams = params;
  for (let round = 0; ; round++) {
    const want = Math.min(HOME_ROUND_MAX, (limit - out.length) * 2 ** round + 5);
    const { entries, more } = await homeEntries(mailboxes, userId, cursor, want);
    for (const { id, value } of entries) {
      const entry = accept(id, value);
      if (entry === undefined) continue;
      out.push(entry);
      if (out.length >= limit) return out;
    }
    if (!more || entries.length === 0) return out;
    const last = entries[entries.length - 1]!.id;
    cursor =
      ascending || since === undefined
        ? { [ascending ? 'sinceId' : 'untilId']: last }
        : { sinceId: since, untilId: last };
  }
}

/**
 * A user's home timeline merged with the local timeline (Misskey's hybrid timeline): local replies that
 * are not in the home timeline pass only `reply`. The home page is a window, widened until the merge
 * no longer runs past its end (or it spans four times what a home timeline holds).
 */
export async function hybridPage(
  store: Store,
  mailboxes: Mailboxes,
  homeTimelineMax: number,
  userId: string,
  params: PageParams,
  limit: number,
  accept: AcceptNote,
  reply: (note: NoteRecord) => boolean,
): Promise<Decoded<NoteRecord>[]> {
  const { ascending } = pageBounds(params);
  for (let window = limit * 2 + 10; ; window *= 4) {
    const home = await homeEntries(mailboxes, userId, params, window);
    const inHome = new Set(home.entries.map((e) => e.id));
    const boundary = home.more ? home.entries[home.entries.length - 1]!.id : undefined;
    let pastWindow = false;
    const notes = store.noteIndexes.localPageMergedWith(home.entries, params, limit, (id, flags) => {
      if (boundary !== undefined && (ascending ? id > boundary : id < boundary)) {
        pastWindow = true;
        return undefined;
      }
      if ((flags & NoteFlag.reply) !== 0 && !inHome.has(id)) {
        const note = store.notes.get(id);
        if (note === undefined || !reply(note)) return undefined;
      }
      return accept(id, flags);
    });
    if (!pastWindow || window >= 4 * homeTimelineMax) return notes;
  }
}
