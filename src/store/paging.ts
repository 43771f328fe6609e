/**
 * Misskey's pagination over the store's indexes. Every index keeps its entries under an owner's id
 * (`${ownerId}${id}`, ownerId '' for an instance-wide index); ids are fixed-width aidx, so one owner's
 * entries are a prefix range in id, and so time, order, walked once here for pages and merged pages.
 */
import type { Database } from 'lmdb';
import { idAtTime } from './ids.js';

/** Misskey pagination: untilId/sinceId (or dates, ms). */
export interface PageParams {
  sinceId?: string;
  untilId?: string;
  sinceDate?: number;
  untilDate?: number;
}

export interface PageBounds {
  since?: string;
  until?: string;
  ascending: boolean;
}

/** Misskey's page order and bounds: newest first below `until`; oldest first above `since` when only since is given. */
export function pageBounds(params: PageParams): PageBounds {
  const since = params.sinceId ?? (params.sinceDate !== undefined ? idAtTime(params.sinceDate + 1) : undefined);
  const until = params.untilId ?? (params.untilDate !== undefined ? idAtTime(params.untilDate) : undefined);
  return { since, until, ascending: since !== undefined && until === undefined };
}

/** Called with each entry of a page walk: a result to keep, or undefined to skip the entry. */
export type Accept<V, T> = (id: string, value: V) => T | undefined;

/** An entry already in page order (a home timeline's ids, from its actor). */
export interface PageEntry<V> {
  id: string;
  value: V;
}

/** A walk over entries in page order; `id` and `value` are the current entry's once `next()` answered true. */
interface Cursor<V> {
  id: string;
  value: V;
  next(): boolean;
  close(): void;
}

/** Above every id character, so `prefix + HIGH` ends a prefix range. */
const HIGH = '~';

/** The entries of one index under `prefix`, in page order, with the id cut out of each key. */
class IndexCursor<V> implements Cursor<V> {
  id = '';
  value = undefined as V;
  private readonly low: string;
  private readonly high: string;
  private readonly iterator: Iterator<{ key: string; value: V }>;

  constructor(
    db: Database<V, string>,
    private readonly prefix: string,
    bounds: PageBounds,
  ) {
    this.low = bounds.since !== undefined ? prefix + bounds.since : prefix;
    this.high = bounds.until !== undefined ? prefix + bounds.until : prefix + HIGH;
    const range = bounds.ascending
      ? db.getRange({ start: this.low, end: this.high })
      : db.getRange({ start: this.high, end: this.low, reverse: true });
    this.iterator = range[Symbol.iterator]();
  }

  next(): boolean {
    for (let step = this.iterator.next(); step.done !== true; step = this.iterator.next()) {
      const { key, value } = step.value;
      if (key === this.low || key === this.high) continue;
      this.id = key.slice(this.prefix.length);
      this.value = value;
      return true;
    }
    return false;
  }

  close(): void {
    this.iterator.return?.();
  }
}

class EntriesCursor<V> implements Cursor<V> {
  id = '';
  value = undefined as V;
  private at = 0;

  constructor(private readonly entries: readonly PageEntry<V>[]) {}

  next(): boolean {
    const entry = this.entries[this.at];
    if (entry === undefined) return false;
    this.at++;
    this.id = entry.id;
    this.value = entry.value;
    return true;
  }

  close(): void {}
}

/** Up to `limit` results of `accept` over a cursor's entries. */
function collect<V, T>(cursor: Cursor<V>, limit: number, accept: Accept<V, T>): T[] {
  const out: T[] = [];
  try {
    while (out.length < limit && cursor.next()) {
      const result = accept(cursor.id, cursor.value);
      if (result !== undefined) out.push(result);
    }
  } finally {
    cursor.close();
  }
  return out;
}

/** Walks several cursors in step, in the same order, handing each id to `accept` once (the hybrid timeline: home ∪ local). */
function merge<V, T>(cursors: Cursor<V>[], ascending: boolean, limit: number, accept: Accept<V, T>): T[] {
  const out: T[] = [];
  try {
    const live = cursors.filter((cursor) => cursor.next());
    let last: string | undefined;
    while (out.length < limit && live.length > 0) {
      let best = live[0]!;
      for (const cursor of live) if (ascending ? cursor.id < best.id : cursor.id > best.id) best = cursor;
      const { id, value } = best;
      if (!best.next()) live.splice(live.indexOf(best), 1);
      if (id === last) continue;
      last = id;
      const result = accept(id, value);
      if (result !== undefined) out.push(result);
    }
  } finally {
    for (const cursor of cursors) cursor.close();
  }
  return out;
}

/** One index: keys `${ownerId}${id}`, owners' entries in id order. The repositories name what each index means. */
export class IdIndex<V> {
  constructor(private readonly db: Database<V, string>) {}

  get(ownerId: string, id: string): V | undefined {
    return this.db.get(ownerId + id);
  }

  has(ownerId: string, id: string): boolean {
    return this.db.doesExist(ownerId + id);
  }

  put(ownerId: string, id: string, value: V): Promise<boolean> {
    return this.db.put(ownerId + id, value);
  }

  remove(ownerId: string, id: string): Promise<boolean> {
    return this.db.remove(ownerId + id);
  }

  /** Whether the owner has any entry. */
  hasAny(ownerId: string): boolean {
    return this.db.getKeysCount({ start: ownerId, end: ownerId + HIGH, limit: 1 }) > 0;
  }

  /** How many entries the owner has. */
  count(ownerId: string): number {
    return this.db.getKeysCount({ start: ownerId, end: ownerId + HIGH });
  }

  /** The owner's ids, oldest first. */
  ids(ownerId: string): string[] {
    const ids: string[] = [];
    for (const key of this.db.getKeys({ start: ownerId, end: ownerId + HIGH })) ids.push(key.slice(ownerId.length));
    return ids;
  }

  /** The owner's values, oldest first: one range read. */
  values(ownerId: string): V[] {
    const values: V[] = [];
    for (const { value } of this.db.getRange({ start: ownerId, end: ownerId + HIGH })) values.push(value);
    return values;
  }

  /** The owner's entries, oldest first. */
  entries(ownerId: string): PageEntry<V>[] {
    const entries: PageEntry<V>[] = [];
    for (const { key, value } of this.db.getRange({ start: ownerId, end: ownerId + HIGH }))
      entries.push({ id: key.slice(ownerId.length), value });
    return entries;
  }

  /** Every key of the index (owner and id together), in key order. */
  allIds(): string[] {
    return [...this.db.getKeys()];
  }

  /** Removes every entry of the owner. */
  removeAll(ownerId: string): void {
    for (const key of [...this.db.getKeys({ start: ownerId, end: ownerId + HIGH })]) void this.db.remove(key);
  }

  /** Up to `limit` results of `accept` over the owner's entries in Misskey's page order (newest first; oldest first when only sinceId/sinceDate is given). */
  page<T>(ownerId: string, params: PageParams, limit: number, accept: Accept<V, T>): T[] {
    return collect(new IndexCursor(this.db, ownerId, pageBounds(params)), limit, accept);
  }

  /**
   * Like `page` over the entries of several owners at once, merged by id: each owner's range is read
   * lazily and the walk stops at `limit` results, so a page costs about `limit` entries, not every owner's.
   */
  pageAcross<T>(ownerIds: readonly string[], params: PageParams, limit: number, accept: Accept<V, T>): T[] {
    const bounds = pageBounds(params);
    const cursors = ownerIds.map((ownerId) => new IndexCursor(this.db, ownerId, bounds));
    return merge(cursors, bounds.ascending, limit, accept);
  }

  /** Like `page`, merged with entries already in page order; each id is handed to `accept` once. */
  pageMergedWith<T>(
    ownerId: string,
    entries: readonly PageEntry<V>[],
    params: PageParams,
    limit: number,
    accept: Accept<V, T>,
  ): T[] {
    const bounds = pageBounds(params);
    return merge(
      [new EntriesCursor(entries), new IndexCursor(this.db, ownerId, bounds)],
      bounds.ascending,
      limit,
      accept,
    );
  }
}
