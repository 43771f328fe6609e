/**
 * The timeline actor: materialised home timelines held in the worker's memory, where a fan-out costs
 * an array append per follower, and flushed to LMDB every `timelineFlushMs` (a put per touched chunk,
 * see store/home-timeline.ts). Nothing is lost by flushing behind: a timeline is derived from notes
 * and follows, both committed before the client's 200, and each flush records a checkpoint from which
 * start-up re-runs the fan-out of newer notes after a crash (main.ts). Reads of a home timeline come
 * here (`timeline.page`), so they see every push this shard has applied.
 * A shard always runs on the same thread, so this thread's copy of its users' timelines is the only one.
 */
import { entryHi, entryLo, type HomeTimelineChunks, isEntryId, TIMELINE_CLEAN } from '../store/index.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import type { Commands, FlushKind, Reply } from './protocol.js';
import { TimelineRings } from './timeline-rings.js';

/**
 * How far behind a flush its checkpoint is put: a note's pushes to other workers' shards arrive after
 * the note is created (milliseconds, seconds under a backlog), so a flush vouches only for notes this
 * much older than itself.
 */
const CHECKPOINT_MARGIN_MS = 60_000;
/**
 * Users whose chunks go into one timelines-environment transaction. Queueing them costs this thread
 * only the encoding (lmdb-js's writer thread does the B-tree work and the commit), and a flush awaits
 * each slice's commit before queueing the next, so the bytes of one slice are all it holds at a time.
 * Small slices keep each burst of encoding (and of the writer thread's work) short, so the note
 * commands queued behind it wait less: 1,024 → 128 users took notes/create's p99 at 24 connections
 * from 20.9–24.0 to 17.9–18.6 ms at the same throughput (create-only bench runs, alternating).
 */
const FLUSH_SLICE_USERS = 128;

export class HomeTimelines {
  private readonly slots = new Map<string, number>();
  private readonly rings: TimelineRings;
  private clock = 0;
  /**
   * Slots already looked up for a list of user ids, keyed by the list itself: an author's audience
   * lists are shared arrays (audiences.ts), so each note's fan-out skips 200 Map lookups, which miss the
   * CPU cache. `epoch` changes when timelines are evicted, which makes every resolved list stale.
   */
  private readonly resolved = new WeakMap<readonly string[], { epoch: number; slots: Int32Array }>();
  private epoch = 0;

  constructor(
    private readonly stored: HomeTimelineChunks,
    max: number,
    private readonly cacheUsers: number,
  ) {
    this.rings = new TimelineRings(max);
  }

  private slot(userId: string): number {
    let slot = this.slots.get(userId);
    if (slot === undefined) {
      slot = this.rings.open(userId, this.stored.chunks(userId));
      this.slots.set(userId, slot);
    }
    return slot;
  }

  /** Adds the entry (hi, lo) (see timelineEntryOf) to each user's timeline (idempotent: an entry already there is left alone). */
  push(userIds: readonly string[], hi: number, lo: number): void {
    let known = this.resolved.get(userIds);
    if (known === undefined || known.epoch !== this.epoch) {
      known = { epoch: this.epoch, slots: Int32Array.from(userIds, (userId) => this.slot(userId)) };
      this.resolved.set(userIds, known);
    }
    this.rings.push(known.slots, hi, lo, ++this.clock);
  }

  /**
   * Up to `limit` entries in Misskey's page order: newest first below `until` (and above `since`), or
   * oldest first above `since` when `ascending`; `more` tells whether further entries qualify.
   */
  page(
    userId: string,
    since: string | null,
    until: string | null,
    ascending: boolean,
    limit: number,
  ): { entries: string[]; more: boolean } {
    const slot = this.slot(userId);
    this.rings.touch(slot, ++this.clock);
    return this.rings.page(slot, since, until, ascending, limit);
  }

  /** Starts a flush: the timelines changed since the last one (one changed again later is listed again). */
  takeChanges(): number[] {
    // in key order, so each flush transaction writes a run of neighbouring B-tree pages
    return this.rings.takeChanges().sort((a, b) => (this.rings.userOf(a) < this.rings.userOf(b) ? -1 : 1));
  }

  /** Queues the writes of the timelines' changed chunks and the removal of their trimmed ones; resolves once they are committed. */
  async writeUsers(slots: readonly number[]): Promise<void> {
    this.rings.startWrites();
    const commits: Promise<unknown>[] = [];
    for (const slot of slots) this.rings.write(slot, this.stored, commits);
    await Promise.all(commits);
  }

  /** After a failed commit: those timelines are written whole by the next flush. */
  markDirty(slots: readonly number[]): void {
    for (const slot of slots) this.rings.markUnflushed(slot);
  }

  /** Forgets the least recently used clean timelines beyond the cache bound (their flushed state is in LMDB). */
  evict(): void {
    if (this.rings.count <= this.cacheUsers) return;
    const clean = [...this.slots.values()]
      .filter((slot) => !this.rings.isDirty(slot))
      .sort((a, b) => this.rings.lastUsed(a) - this.rings.lastUsed(b));
    // down to 90 % of the bound, so eviction (a sort) runs rarely
    const excess = this.rings.count - Math.floor(this.cacheUsers * 0.9);
    for (const slot of clean.slice(0, excess)) {
      this.slots.delete(this.rings.userOf(slot));
      this.rings.close(slot);
    }
    this.epoch++;
  }
}

/** Note `noteId`'s timeline entry as the two numbers the rings hold (store/home-timeline.ts). */
export function timelineEntryOf(noteId: string, flags: number): { hi: number; lo: number } | null {
  return isEntryId(noteId) ? { hi: entryHi(noteId), lo: entryLo(noteId, flags) } : null;
}

export function pushToTimelines(ctx: ActorContext, a: Commands['timeline.push']): Reply<'timeline.push'> {
  const entry = timelineEntryOf(a.noteId, a.flags);
  if (entry === null) return fail('noSuchNote');
  ctx.timelines.push(a.userIds, entry.hi, entry.lo);
  return ok(null);
}

export function readTimeline(ctx: ActorContext, a: Commands['timeline.page']): Reply<'timeline.page'> {
  return ok(ctx.timelines.page(a.userId, a.since, a.until, a.ascending, a.limit));
}

/**
 * Flushes this worker's timelines, FLUSH_SLICE_USERS users per transaction, then records the
 * checkpoint: a clean stop's (after the mailboxes drained) says nothing is left to replay; any other
 * trails the start of the flush by CHECKPOINT_MARGIN_MS. A periodic flush with nothing changed is
 * skipped; the start-up one never is, since it replaces the clean stop's checkpoint, which would
 * otherwise vouch for the notes of the new run until their first periodic flush.
 */
export async function flushTimelines(ctx: ActorContext, kind: FlushKind): Promise<void> {
  const checkpoint = kind === 'stop' ? TIMELINE_CLEAN : Date.now() - CHECKPOINT_MARGIN_MS;
  const users = ctx.timelines.takeChanges();
  if (users.length === 0 && kind === 'periodic') return;
  for (let from = 0; from < users.length; from += FLUSH_SLICE_USERS) {
    try {
      await ctx.timelines.writeUsers(users.slice(from, from + FLUSH_SLICE_USERS));
    } catch (err) {
      ctx.timelines.markDirty(users.slice(from));
      throw err;
    }
  }
  await ctx.store.checkpoints.record(ctx.worker, checkpoint);
  ctx.timelines.evict();
}
