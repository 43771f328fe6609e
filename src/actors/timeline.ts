/**
 * The timeline actor: materialised home timelines held in the worker's memory, where a fan-out costs
 * an array append per follower, and flushed to LMDB every `timelineFlushMs` (a put per touched chunk,
 * see store/home-timeline.ts). Nothing is lost by flushing behind: a timeline is derived from notes
 * and follows, both committed before the client's 200, and each flush records a checkpoint from which
 * start-up re-runs the fan-out of newer notes after a crash (main.ts). Reads of a home timeline come
 * here (`timeline.page`), so they see every push this shard has applied.
 * A shard always runs on the same thread, so this thread's copy of its users' timelines is the only one.
 */
import type { Database } from 'lmdb';
import {
  TIMELINE_CHUNK, TIMELINE_CLEAN, aboveEntriesOf, timelineCheckpointKey, timelineEntry,
} from '../store/index.js';
import { TimelineChunk } from './timeline-chunk.js';
import type { ActorContext } from './context.js';
import { ok } from './context.js';
import type { Commands, Reply } from './protocol.js';

/** Entries a timeline may exceed its bound by before whole old chunks are dropped, so trimming is amortised. */
const SLACK = 0.1;
/**
 * How far behind a flush its checkpoint is put: a note's pushes to other workers' shards arrive after
 * the note is created (milliseconds, seconds under a backlog), so a flush vouches only for notes this
 * much older than itself.
 */
const CHECKPOINT_MARGIN_MS = 60_000;
/**
 * Users written per flush transaction. A flush is split into slices committed one after another, so
 * note writes queued meanwhile commit between them instead of waiting behind thousands of puts
 * (one 1,000-user flush transaction held notes/create's p99 at 60-70 ms; quick bench).
 */
const FLUSH_SLICE_USERS = 256;

interface UserTimeline {
  userId: string;
  /** Ascending; every entry of a chunk sorts below every entry of the next. */
  chunks: TimelineChunk[];
  length: number;
  /** Keys of chunks trimmed since the last flush. */
  dropped: string[];
  lastUsed: number;
  /** The greatest entry, so the usual push (a new note) appends without looking into the chunks. */
  newest: string;
}

export class HomeTimelines {
  private readonly users = new Map<string, UserTimeline>();
  private readonly dirty = new Set<UserTimeline>();
  private clock = 0;
  /**
   * Timelines already looked up for a list of user ids, keyed by the list itself: an author's audience
   * lists are shared arrays (audiences.ts), so each note's fan-out skips 200 Map lookups, which miss the
   * CPU cache (with them a push cost ≈ 1.3 µs in the loaded worker, most of it in Map.get). `epoch`
   * changes when timelines are evicted, which makes every resolved list stale.
   */
  private readonly resolved = new WeakMap<readonly string[], { epoch: number; timelines: UserTimeline[] }>();
  private epoch = 0;

  constructor(private readonly db: Database<string, string>, private readonly max: number, private readonly cacheUsers: number) {}

  private timeline(userId: string): UserTimeline {
    let tl = this.users.get(userId);
    if (tl === undefined) {
      tl = { userId, chunks: [], length: 0, dropped: [], lastUsed: 0, newest: '' };
      for (const { key, value } of this.db.getRange({ start: userId, end: userId + '~' })) {
        if (typeof value !== 'string' || value.length === 0) continue;
        const chunk = TimelineChunk.stored(key.slice(userId.length), value);
        tl.chunks.push(chunk);
        tl.length += chunk.size;
      }
      const last = tl.chunks[tl.chunks.length - 1];
      if (last !== undefined) tl.newest = last.at(last.size - 1);
      this.users.set(userId, tl);
    }
    tl.lastUsed = ++this.clock;
    return tl;
  }

  /** Adds one entry to each user's timeline (idempotent: an entry already there is left alone). */
  push(userIds: readonly string[], entry: string): void {
    let known = this.resolved.get(userIds);
    if (known === undefined || known.epoch !== this.epoch) {
      known = { epoch: this.epoch, timelines: userIds.map((userId) => this.timeline(userId)) };
      this.resolved.set(userIds, known);
    }
    const clock = ++this.clock;
    for (const tl of known.timelines) {
      tl.lastUsed = clock;
      this.insert(tl, entry);
    }
  }

  private insert(tl: UserTimeline, entry: string): void {
    const { chunks } = tl;
    if (entry > tl.newest) {
      tl.newest = entry;
      if (chunks[chunks.length - 1]?.appendIfRoom(entry, TIMELINE_CHUNK) === true) {
        this.added(tl);
        return;
      }
    }
    let c = chunks.length - 1;
    while (c > 0 && chunks[c]!.at(0) > entry) c--;
    const chunk = chunks[c];
    if (chunk === undefined || (c === chunks.length - 1 && chunk.size >= TIMELINE_CHUNK && entry > chunk.at(chunk.size - 1))) {
      chunks.push(TimelineChunk.startingWith(entry));
    } else if (!chunk.insert(entry)) {
      return;
    }
    this.added(tl);
  }

  private added(tl: UserTimeline): void {
    const { chunks } = tl;
    tl.length++;
    this.dirty.add(tl);
    if (tl.length > this.max * (1 + SLACK)) {
      while (chunks.length > 1 && tl.length - chunks[0]!.size >= this.max) {
        const oldest = chunks.shift()!;
        tl.length -= oldest.size;
        tl.dropped.push(oldest.key);
      }
    }
  }

  /**
   * Up to `limit` entries in Misskey's page order: newest first below `until` (and above `since`), or
   * oldest first above `since` when `ascending`; `more` tells whether further entries qualify.
   */
  page(userId: string, since: string | null, until: string | null, ascending: boolean, limit: number): { entries: string[]; more: boolean } {
    const { chunks } = this.timeline(userId);
    const out: string[] = [];
    const low = since === null ? null : aboveEntriesOf(since);
    if (ascending) {
      for (const chunk of chunks) {
        for (let i = low === null ? 0 : chunk.lowerBound(low); i < chunk.size; i++) {
          const entry = chunk.at(i);
          if (until !== null && entry >= until) return { entries: out, more: false };
          if (out.length === limit) return { entries: out, more: true };
          out.push(entry);
        }
      }
      return { entries: out, more: false };
    }
    for (let c = chunks.length - 1; c >= 0; c--) {
      const chunk = chunks[c]!;
      for (let i = (until === null ? chunk.size : chunk.lowerBound(until)) - 1; i >= 0; i--) {
        const entry = chunk.at(i);
        if (low !== null && entry < low) return { entries: out, more: false };
        if (out.length === limit) return { entries: out, more: true };
        out.push(entry);
      }
    }
    return { entries: out, more: false };
  }

  /** Starts a flush: the users changed since the last one (a user changed again later is listed again). */
  takeChanges(): UserTimeline[] {
    const users = [...this.dirty];
    this.dirty.clear();
    return users;
  }

  /** Writes the users' changed chunks and removes their trimmed ones; must run inside a write transaction. */
  writeUsers(users: readonly UserTimeline[]): void {
    for (const tl of users) {
      for (const key of tl.dropped) this.db.removeSync(tl.userId + key);
      tl.dropped = [];
      const newest = tl.chunks[tl.chunks.length - 1];
      for (const chunk of tl.chunks) if (chunk.dirty) this.db.putSync(tl.userId + chunk.key, chunk.pack(chunk === newest));
    }
  }

  /** After a failed commit: everything those users hold is written again by the next flush. */
  markDirty(users: readonly UserTimeline[]): void {
    for (const tl of users) {
      for (const chunk of tl.chunks) chunk.markDirty();
      this.dirty.add(tl);
    }
  }

  /** Forgets the least recently used clean timelines beyond the cache bound (their flushed state is in LMDB). */
  evict(): void {
    if (this.users.size <= this.cacheUsers) return;
    const clean = [...this.users.values()].filter((tl) => !this.dirty.has(tl)).sort((a, b) => a.lastUsed - b.lastUsed);
    // down to 90 % of the bound, so eviction (a sort) runs rarely
    const excess = this.users.size - Math.floor(this.cacheUsers * 0.9);
    for (const tl of clean.slice(0, excess)) this.users.delete(tl.userId);
    this.epoch++;
  }
}

export function pushToTimelines(ctx: ActorContext, a: Commands['timeline.push']): Reply<'timeline.push'> {
  ctx.timelines.push(a.userIds, timelineEntry(a.noteId, a.flags));
  return ok(null);
}

export function readTimeline(ctx: ActorContext, a: Commands['timeline.page']): Reply<'timeline.page'> {
  return ok(ctx.timelines.page(a.userId, a.since, a.until, a.ascending, a.limit));
}

/**
 * Flushes this worker's timelines, FLUSH_SLICE_USERS users per transaction, then records the checkpoint:
 * `final` (a clean stop, after the mailboxes drained) says nothing is left to replay; otherwise it
 * trails the start of the flush by CHECKPOINT_MARGIN_MS. Skipped when nothing changed, unless `force`.
 */
export async function flushTimelines(ctx: ActorContext, final: boolean, force = final): Promise<void> {
  const checkpoint = final ? TIMELINE_CLEAN : Date.now() - CHECKPOINT_MARGIN_MS;
  const users = ctx.timelines.takeChanges();
  if (users.length === 0 && !force) return;
  for (let at = 0; at < users.length; at += FLUSH_SLICE_USERS) {
    const slice = users.slice(at, at + FLUSH_SLICE_USERS);
    try {
      await ctx.store.env.transaction(() => ctx.timelines.writeUsers(slice));
    } catch (err) {
      ctx.timelines.markDirty(users.slice(at));
      throw err;
    }
  }
  await ctx.store.env.transaction(() => ctx.store.meta.putSync(timelineCheckpointKey(ctx.worker), checkpoint));
  ctx.timelines.evict();
}
