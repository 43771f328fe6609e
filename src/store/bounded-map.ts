/**
 * A map holding at most `max` entries that forgets the least recently used half at a time. Entries live
 * in a young and an old generation: a hit in the old one moves the entry to the young one, and when the
 * young one is full, the old one is dropped whole. Every operation is a Map operation or two.
 *
 * Evicting one entry at a time with `map.delete(map.keys().next().value)` looked O(1) but is not: V8's
 * ordered hash table keeps a hole for each deleted entry until it rehashes, and `keys().next()` walks
 * over all the holes at the front, so a full 50,000-entry cache spent ~18 µs per eviction (node 20,
 * this machine).
 */
export class BoundedMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generation: number;

  /** `max` 0 keeps nothing. */
  constructor(max: number) {
    this.generation = Math.ceil(max / 2);
  }

  get(key: K): V | undefined {
    const young = this.young.get(key);
    if (young !== undefined) return young;
    const old = this.old.get(key);
    if (old !== undefined) {
      this.old.delete(key);
      this.insert(key, old);
    }
    return old;
  }

  set(key: K, value: V): void {
    this.old.delete(key);
    this.insert(key, value);
  }

  delete(key: K): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  private insert(key: K, value: V): void {
    if (this.generation === 0) return;
    if (this.young.size >= this.generation && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
