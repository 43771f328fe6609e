/**
 * One stored chunk of a home timeline, in memory: kept packed (the string LMDB holds) until it
 * changes, as an array of entries while it is being changed, and packed again when flushed. A full
 * timeline is then a dozen strings rather than 800 small ones, which keeps the collector's work per
 * cached timeline small (with unpacked timelines, GC took a quarter of a worker's time; full bench).
 */
import { TIMELINE_ENTRY_LENGTH as LENGTH, packEntries, unpackEntries } from '../store/index.js';

export class TimelineChunk {
  private packed: string | null;
  private list: string[] | null;
  /** Changed since it was loaded or last flushed. */
  dirty: boolean;

  private constructor(readonly key: string, packed: string | null, list: string[] | null) {
    this.packed = packed;
    this.list = list;
    this.dirty = list !== null;
  }

  /** A chunk read from LMDB. */
  static stored(key: string, packed: string): TimelineChunk {
    return new TimelineChunk(key, packed, null);
  }

  /** A new chunk holding one entry, keyed by its note id. */
  static startingWith(entry: string): TimelineChunk {
    return new TimelineChunk(entry.slice(0, 16), null, [entry]);
  }

  get size(): number {
    return this.list !== null ? this.list.length : this.packed!.length / LENGTH;
  }

  at(i: number): string {
    return this.list !== null ? this.list[i]! : this.packed!.slice(i * LENGTH, i * LENGTH + LENGTH);
  }

  /** Index of the first entry not below `value`. */
  lowerBound(value: string): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Appends an entry known to sort after every other, if the chunk is unpacked and has room (the common case, kept short). */
  appendIfRoom(entry: string, room: number): boolean {
    const list = this.list;
    if (list === null || list.length >= room) return false;
    list.push(entry);
    this.dirty = true;
    return true;
  }

  /** Adds an entry in order; false when it is already there. */
  insert(entry: string): boolean {
    const list = (this.list ??= unpackEntries(this.packed!));
    this.packed = null;
    if (list.length === 0 || entry > list[list.length - 1]!) list.push(entry);
    else {
      const at = this.lowerBound(entry);
      if (list[at] === entry) return false;
      list.splice(at, 0, entry);
    }
    this.dirty = true;
    return true;
  }

  /**
   * The stored form; the chunk counts as clean. `keepList` keeps the array too, for the newest chunk,
   * which the next push changes again (unpacking it after every flush made 64 strings per user).
   */
  pack(keepList: boolean): string {
    this.dirty = false;
    if (this.list === null) return this.packed!;
    const packed = packEntries(this.list);
    if (!keepList) {
      this.packed = packed;
      this.list = null;
    }
    return packed;
  }

  /** After a failed flush: written again by the next one. */
  markDirty(): void {
    this.dirty = true;
  }
}
