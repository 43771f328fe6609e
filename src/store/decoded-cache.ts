import { BoundedMap } from './bounded-map.js';

/** A cached record, with the UTF-8 bytes of its stored JSON fragment once a renderer has needed them (render/json-sink.ts). */
export interface Decoded<V> {
  readonly value: V;
  utf8: Uint8Array | undefined;
}

/**
 * Decoded records of one kind, kept until `forget` says they were written. Only worker threads write
 * notes, users and tokens, and the domain events of each batch say which ones its committed commands
 * changed (render's forgetChanged), so the gateway forgets exactly those entries; a hit then costs a Map lookup
 * instead of an LMDB read (with a check of the stored bytes on every hit, those reads were a third of
 * the gateway's time on the 10,000-user bench). Bounded to `max` entries, least recently used out
 * first. Cached values are shared: callers must not mutate them.
 */
export class DecodedCache<V> {
  private readonly entries: BoundedMap<string, Decoded<V>>;

  /** `load` reads a record from the store; `copy` turns a decoded value into the one kept (see fastCopier). */
  constructor(
    private readonly load: (key: string) => V | undefined,
    max: number,
    private readonly copy: (decoded: V) => V,
  ) {
    this.entries = new BoundedMap(max);
  }

  get(key: string): V | undefined {
    return this.entry(key)?.value;
  }

  entry(key: string): Decoded<V> | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = this.load(key);
    if (value === undefined) return undefined;
    const entry: Decoded<V> = { value: this.copy(value), utf8: undefined };
    this.entries.set(key, entry);
    return entry;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
