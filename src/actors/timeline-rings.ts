/**
 * The home timelines a worker holds, in typed arrays indexed by a slot number per user: each timeline
 * is a ring of (hi, lo) float64 entries (store/home-timeline.ts) in a block of a shared arena
 * (ring-arena.ts), and its bookkeeping (ring block, oldest entry, size, chunk numbers, what changed
 * since the last flush) is one 64-byte record of a dense array. A push is then a few array writes,
 * with no object per entry, chunk or timeline for the collector to trace or the CPU to chase (the
 * first design, chunk objects holding arrays of entry strings, cost ≈ 0.9 µs per push in the loaded
 * worker and a third of its time on the full bench; one typed array per ring and one array per field
 * still cost ≈ 300 ns, mostly cache misses).
 */
import { endianness } from 'node:os';
import {
  ENTRY_BYTES,
  type HomeTimelineChunks,
  TIMELINE_CHUNK,
  type TimelineChunk,
  timelineEntry,
} from '../store/index.js';
import { RingArena } from './ring-arena.js';

if (endianness() !== 'LE')
  throw new Error('Expected a little-endian machine (stored timeline chunks are little-endian float64s)');

/** Entries a timeline may exceed its bound by before whole old chunks are dropped, so trimming is amortised. */
const SLACK = 0.1;
const FIRST_RING = 64;
const NONE = Infinity;
/** storedFrom when the stored chunks are unknown: the next flush removes all of them before writing. */
const UNKNOWN = -1;

/** Per-slot fields, one 64-byte record per slot in `meta`, so a push's bookkeeping is one cache line. */
const LAST_USED = 0;
/** Page and float offset of the slot's ring block in the arena. */
const PAGE = 1;
const BASE = 2;
/** Ring capacity in entries, minus one (capacities are powers of two). */
const MASK = 3;
/** Ring position of the oldest entry. */
const HEAD = 4;
const SIZE = 5;
/** Chunk number of the oldest entry, which always starts its chunk. */
const FIRST_SEQ = 6;
/** Lowest chunk number changed since the last flush; NONE when clean. */
const DIRTY_FROM = 7;
const STRIDE = 8;
/** Arena pages of 16 MiB: about 1,000 full timelines each. */
const PAGE_FLOATS = 2 ** 21;

export class TimelineRings {
  /** Slot numbers handed out so far (freed ones are reused first). */
  private slots = 0;
  private used = 0;
  private readonly free: number[] = [];
  private userIds: string[] = [];
  private meta = new Float64Array(0);
  /** Chunk number of the oldest chunk in LMDB (chunks below the first are removed by the next flush); UNKNOWN when unsure. */
  private storedFrom = new Float64Array(0);
  private readonly arena = new RingArena(PAGE_FLOATS);
  /** Scratch for push: where each slot's newest entry is, then its hi. */
  private newest = new Float64Array(256);
  private dirty: number[] = [];
  private readonly limit: number;
  /** The most entries a timeline holds: trimming starts past `limit` and drops whole chunks while `max` remain. */
  readonly mostHeld: number;
  private readonly scratch = new Float64Array(TIMELINE_CHUNK * 2);
  private readonly scratchBytes = Buffer.from(this.scratch.buffer);
  /**
   * The bytes of queued chunk writes: lmdb-js reads a queued value from its buffer only when its writer
   * thread gets to it, so they must stay untouched until committed. Reused from the start by
   * `startWrites`, so a flush allocates nothing once the buffer has grown to a slice's size.
   */
  private writeBuffer = new Float64Array(0);
  private writeUsed = 0;

  constructor(private readonly max: number) {
    this.limit = Math.floor(max * (1 + SLACK));
    this.mostHeld = Math.max(this.limit, max + TIMELINE_CHUNK - 1);
  }

  get count(): number {
    return this.used;
  }

  userOf(slot: number): string {
    return this.userIds[slot]!;
  }

  isDirty(slot: number): boolean {
    return this.meta[slot * STRIDE + DIRTY_FROM] !== NONE;
  }

  /** Marks the slot used at `clock` (eviction drops the least recently used). */
  touch(slot: number, clock: number): void {
    this.meta[slot * STRIDE + LAST_USED] = clock;
  }

  lastUsed(slot: number): number {
    return this.meta[slot * STRIDE + LAST_USED]!;
  }

  /** A slot for `userId`'s timeline, filled from its stored chunks (in chunk order). */
  open(userId: string, stored: readonly TimelineChunk[]): number {
    const slot = this.free.pop() ?? this.grow();
    this.used++;
    this.userIds[slot] = userId;
    const entries = stored.reduce((sum, { bytes }) => sum + bytes.length / ENTRY_BYTES, 0);
    // sized for what is stored plus a chunk of pushes (never more than a timeline holds), so a loaded
    // timeline is not copied while it grows
    const capacityLog2 = Math.ceil(
      Math.log2(Math.max(FIRST_RING, Math.min(entries + TIMELINE_CHUNK, this.mostHeld + 1))),
    );
    const m = slot * STRIDE;
    const { meta } = this;
    this.placeBlock(slot, this.arena.allocate(capacityLog2 + 1), capacityLog2);
    meta[m + HEAD] = 0;
    meta[m + SIZE] = 0;
    meta[m + DIRTY_FROM] = NONE;
    meta[m + LAST_USED] = 0;
    meta[m + FIRST_SEQ] = 0;
    let first = NaN;
    let consistent = true;
    for (const { seq, bytes } of stored) {
      const entries = bytes.length / ENTRY_BYTES;
      if (Number.isNaN(seq) || !Number.isInteger(entries) || entries === 0 || entries > TIMELINE_CHUNK) {
        consistent = false;
        continue;
      }
      if (Number.isNaN(first)) meta[m + FIRST_SEQ] = first = seq;
      const n = meta[m + SIZE]!;
      if (n % TIMELINE_CHUNK !== 0 || seq !== first + n / TIMELINE_CHUNK) consistent = false;
      this.scratchBytes.set(bytes);
      for (let i = 0; i < entries; i++)
        consistent = this.load(slot, this.scratch[2 * i]!, this.scratch[2 * i + 1]!) && consistent;
    }
    this.storedFrom[slot] = consistent ? meta[m + FIRST_SEQ]! : UNKNOWN;
    if (!consistent) this.markChanged(slot, 0);
    if (meta[m + SIZE]! > this.limit) this.trim(slot);
    return slot;
  }

  private placeBlock(slot: number, address: number, capacityLog2: number): void {
    const m = slot * STRIDE;
    this.meta[m + PAGE] = RingArena.pageOf(address);
    this.meta[m + BASE] = RingArena.offsetOf(address);
    this.meta[m + MASK] = 2 ** capacityLog2 - 1;
  }

  private blockOf(slot: number): { address: number; log2: number } {
    const m = slot * STRIDE;
    return {
      address: RingArena.addressOf(this.meta[m + PAGE]!, this.meta[m + BASE]!),
      log2: Math.log2(this.meta[m + MASK]! + 1) + 1,
    };
  }

  /** Appends a stored entry; false when it is out of order (it is then inserted where it belongs). */
  private load(slot: number, hi: number, lo: number): boolean {
    const n = this.meta[slot * STRIDE + SIZE]!;
    if (n > 0 && !this.after(slot, n - 1, hi, lo)) {
      this.insert(slot, hi, lo);
      return false;
    }
    this.place(slot, n, hi, lo);
    return true;
  }

  /** Gives the slot and its ring back (its timeline must be clean). */
  close(slot: number): void {
    const { address, log2 } = this.blockOf(slot);
    this.arena.release(address, log2);
    this.userIds[slot] = '';
    this.free.push(slot);
    this.used--;
  }

  /** A new slot number, widening the per-slot arrays when they are full. */
  private grow(): number {
    if (this.slots === this.storedFrom.length) {
      const capacity = Math.max(1024, this.slots * 2);
      const meta = new Float64Array(capacity * STRIDE);
      meta.set(this.meta);
      this.meta = meta;
      const storedFrom = new Float64Array(capacity);
      storedFrom.set(this.storedFrom);
      this.storedFrom = storedFrom;
    }
    // userIds grows by appending (open assigns index `slots`), which keeps it a packed array
    return this.slots++;
  }

  /**
   * Adds one entry to each slot's timeline (idempotent: an entry already there is left alone).
   * The slots' records and ring lines are scattered over memory and rarely still cached when a note's
   * fan-out comes, so two short passes fetch them first: one reads each slot's record, one each ring's
   * newest entry. With no dependency between slots, the CPU has many of those cache misses in flight
   * at once, and the pass that does the work finds its lines cached: ≈ 170 instead of ≈ 300 ns per push
   * in the loaded worker (profiles of the create bench; bench/pushes.ts measures it alone).
   */
  push(slots: Int32Array, hi: number, lo: number, clock: number): void {
    const { meta } = this;
    const pages = this.arena.pages;
    if (this.newest.length < slots.length) this.newest = new Float64Array(slots.length * 2);
    const newest = this.newest;
    for (let i = 0; i < slots.length; i++) {
      const m = slots[i]! * STRIDE;
      // an empty ring's "newest" is its last position, harmless: size 0 is checked before the value is used
      newest[i] = meta[m + BASE]! + (((meta[m + HEAD]! + meta[m + SIZE]! - 1) & meta[m + MASK]!) << 1);
    }
    for (let i = 0; i < slots.length; i++) newest[i] = pages[meta[slots[i]! * STRIDE + PAGE]!]![newest[i]!]!;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const m = slot * STRIDE;
      meta[m + LAST_USED] = clock;
      const n = meta[m + SIZE]!;
      const mask = meta[m + MASK]!;
      if (n > 0) {
        const last = newest[i]!;
        if (hi < last || (hi === last && lo <= this.entryLo(slot, n - 1))) {
          this.insert(slot, hi, lo);
          continue;
        }
      }
      if (n > mask) {
        this.place(slot, n, hi, lo);
      } else {
        // place(), inlined for the common case of a ring with room
        const ring = pages[meta[m + PAGE]!]!;
        const at = meta[m + BASE]! + (((meta[m + HEAD]! + n) & mask) << 1);
        ring[at] = hi;
        ring[at + 1] = lo;
        meta[m + SIZE] = n + 1;
      }
      this.markChanged(slot, n);
    }
  }

  private entryLo(slot: number, i: number): number {
    const m = slot * STRIDE;
    return this.arena.pages[this.meta[m + PAGE]!]![this.index(slot, i) + 1]!;
  }

  /** An entry that does not sort last (a push from another worker overtaken by a newer one, a replay): inserted in place. */
  private insert(slot: number, hi: number, lo: number): void {
    const m = slot * STRIDE;
    const n = this.meta[m + SIZE]!;
    let low = 0;
    let high = n;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.after(slot, mid, hi, lo)) low = mid + 1;
      else high = mid;
    }
    if (low < n) {
      const at = this.index(slot, low);
      const ring = this.arena.pages[this.meta[m + PAGE]!]!;
      if (ring[at] === hi && ring[at + 1] === lo) return;
    }
    this.place(slot, n, 0, 0);
    const ring = this.arena.pages[this.meta[m + PAGE]!]!;
    for (let i = n; i > low; i--) {
      const to = this.index(slot, i);
      const from = this.index(slot, i - 1);
      ring[to] = ring[from]!;
      ring[to + 1] = ring[from + 1]!;
    }
    const into = this.index(slot, low);
    ring[into] = hi;
    ring[into + 1] = lo;
    this.markChanged(slot, low);
  }

  /** Whether (hi, lo) sorts after the entry at position i (0 = oldest). */
  private after(slot: number, i: number, hi: number, lo: number): boolean {
    const ring = this.arena.pages[this.meta[slot * STRIDE + PAGE]!]!;
    const at = this.index(slot, i);
    const h = ring[at]!;
    return hi > h || (hi === h && lo > ring[at + 1]!);
  }

  /** Float index, in the slot's page, of the entry at position i. */
  private index(slot: number, i: number): number {
    const m = slot * STRIDE;
    const { meta } = this;
    return meta[m + BASE]! + (((meta[m + HEAD]! + i) & meta[m + MASK]!) << 1);
  }

  /** Writes an entry at position n (the end), widening the ring when full. */
  private place(slot: number, n: number, hi: number, lo: number): void {
    const m = slot * STRIDE;
    const { meta } = this;
    if (n === meta[m + MASK]! + 1) this.widen(slot);
    const at = this.index(slot, n);
    const ring = this.arena.pages[meta[m + PAGE]!]!;
    ring[at] = hi;
    ring[at + 1] = lo;
    meta[m + SIZE] = n + 1;
  }

  /** Moves the ring to a block twice its size, oldest entry first. */
  private widen(slot: number): void {
    const m = slot * STRIDE;
    const { meta } = this;
    const old = this.blockOf(slot);
    const from = this.arena.pages[meta[m + PAGE]!]!;
    const fromAt = Array.from({ length: meta[m + SIZE]! }, (_, i) => this.index(slot, i));
    const address = this.arena.allocate(old.log2 + 1);
    this.placeBlock(slot, address, old.log2);
    meta[m + HEAD] = 0;
    const to = this.arena.pages[meta[m + PAGE]!]!;
    const base = meta[m + BASE]!;
    fromAt.forEach((at, i) => {
      to[base + 2 * i] = from[at]!;
      to[base + 2 * i + 1] = from[at + 1]!;
    });
    this.arena.release(old.address, old.log2);
  }

  private markChanged(slot: number, position: number): void {
    const m = slot * STRIDE;
    const { meta } = this;
    const seq = meta[m + FIRST_SEQ]! + Math.floor(position / TIMELINE_CHUNK);
    const from = meta[m + DIRTY_FROM]!;
    if (seq < from) {
      if (from === NONE) this.dirty.push(slot);
      meta[m + DIRTY_FROM] = seq;
    }
    if (meta[m + SIZE]! > this.limit) this.trim(slot);
  }

  /** Drops whole oldest chunks while at least `max` entries remain. */
  private trim(slot: number): void {
    const m = slot * STRIDE;
    const { meta } = this;
    const chunks = Math.floor((meta[m + SIZE]! - this.max) / TIMELINE_CHUNK);
    if (chunks <= 0) return;
    meta[m + HEAD] = (meta[m + HEAD]! + chunks * TIMELINE_CHUNK) & meta[m + MASK]!;
    meta[m + SIZE] = meta[m + SIZE]! - chunks * TIMELINE_CHUNK;
    meta[m + FIRST_SEQ] = meta[m + FIRST_SEQ]! + chunks;
    if (meta[m + DIRTY_FROM]! < meta[m + FIRST_SEQ]!) meta[m + DIRTY_FROM] = meta[m + FIRST_SEQ]!;
  }

  /**
   * Up to `limit` entries in Misskey's page order: newest first below `until` (and above `since`), or
   * oldest first above `since` when `ascending`; `more` tells whether further entries qualify.
   * Bounds are note ids compared as strings, exactly as the other timelines compare them.
   */
  page(
    slot: number,
    since: string | null,
    until: string | null,
    ascending: boolean,
    limit: number,
  ): { entries: string[]; more: boolean } {
    const n = this.meta[slot * STRIDE + SIZE]!;
    const out: string[] = [];
    // entries of note `since` itself sort below since + '\x7f', so they are excluded too
    const low = since === null ? 0 : this.lowerBound(slot, since + '\x7f');
    const high = until === null ? n : this.lowerBound(slot, until);
    if (ascending) {
      for (let i = low; i < high; i++) {
        if (out.length === limit) return { entries: out, more: true };
        out.push(this.entry(slot, i));
      }
    } else {
      for (let i = high - 1; i >= low; i--) {
        if (out.length === limit) return { entries: out, more: true };
        out.push(this.entry(slot, i));
      }
    }
    return { entries: out, more: false };
  }

  private entry(slot: number, i: number): string {
    const ring = this.arena.pages[this.meta[slot * STRIDE + PAGE]!]!;
    const at = this.index(slot, i);
    return timelineEntry(ring[at]!, ring[at + 1]!);
  }

  /** Position of the first entry whose string form is not below `bound`. */
  private lowerBound(slot: number, bound: string): number {
    let low = 0;
    let high = this.meta[slot * STRIDE + SIZE]!;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.entry(slot, mid) < bound) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Starts a flush: the slots changed since the last one (a slot changed again later is listed again). */
  takeChanges(): number[] {
    const slots = this.dirty;
    this.dirty = [];
    return slots;
  }

  /** Starts a run of `write` calls; every write queued before must have committed. */
  startWrites(): void {
    this.writeUsed = 0;
  }

  private reserve(floats: number): number {
    if (this.writeUsed + floats > this.writeBuffer.length) {
      // the old buffer stays referenced by the writes queued from it
      this.writeBuffer = new Float64Array(Math.max(floats, this.writeBuffer.length * 2, TIMELINE_CHUNK * 2 * 1024));
      this.writeUsed = 0;
    }
    const at = this.writeUsed;
    this.writeUsed += floats;
    return at;
  }

  /**
   * Queues the writes of a slot's changed chunks and the removal of its trimmed ones as lmdb-js async
   * operations (encoded here, applied and committed by lmdb-js's writer thread, so the B-tree work and
   * the commit stay off this thread). Adds to `commits` each distinct commit promise they return (lmdb-js
   * returns one per transaction), so the caller can wait for all of them.
   */
  write(slot: number, chunks: HomeTimelineChunks, commits: Promise<unknown>[]): void {
    const m = slot * STRIDE;
    const { meta } = this;
    if (meta[m + DIRTY_FROM] === NONE) return;
    const userId = this.userIds[slot]!;
    const first = meta[m + FIRST_SEQ]!;
    const stored = this.storedFrom[slot]!;
    const track = (commit: Promise<unknown>) => {
      if (commits[commits.length - 1] !== commit) commits.push(commit);
    };
    if (stored === UNKNOWN) for (const removed of chunks.removeAll(userId)) track(removed);
    else for (let seq = stored; seq < first; seq++) track(chunks.remove(userId, seq));
    const n = meta[m + SIZE]!;
    const ring = this.arena.pages[meta[m + PAGE]!]!;
    const from = stored === UNKNOWN ? first : Math.max(first, meta[m + DIRTY_FROM]!);
    const end = first + Math.ceil(n / TIMELINE_CHUNK);
    const offset = this.reserve(Math.max(0, end - from) * TIMELINE_CHUNK * 2);
    const values = this.writeBuffer;
    for (let seq = from; seq < end; seq++) {
      const start = (seq - first) * TIMELINE_CHUNK;
      const count = Math.min(TIMELINE_CHUNK, n - start);
      const base = offset + (seq - from) * TIMELINE_CHUNK * 2;
      for (let i = 0; i < count; i++) {
        const at = this.index(slot, start + i);
        values[base + 2 * i] = ring[at]!;
        values[base + 2 * i + 1] = ring[at + 1]!;
      }
      track(chunks.put(userId, seq, new Uint8Array(values.buffer, base * 8, count * ENTRY_BYTES)));
    }
    this.storedFrom[slot] = first;
    meta[m + DIRTY_FROM] = NONE;
  }

  /** After a failed flush: the slot is written whole by the next one, replacing whatever is stored. */
  markUnflushed(slot: number): void {
    this.storedFrom[slot] = UNKNOWN;
    this.meta[slot * STRIDE + DIRTY_FROM] = NONE;
    this.markChanged(slot, 0);
  }
}
