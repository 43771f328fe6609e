/**
 * Clients' registry (i/registry/*): JSON values under (user, domain, scope, key), stored as
 * `${userId}\x01${domain}\x01${scope joined by \x02}\x01${key}`. Control characters separate the
 * parts, so neither domains nor scope names may contain them (the gateway's schemas refuse them); keys
 * may hold any character, so a scope's entries end where the separator after \x01 would begin.
 */
import type { Database } from 'lmdb';

/** LMDB keys are at most 1978 bytes. */
const MAX_KEY_BYTES = 1900;

/** Where in the registry an item is: its user, the client's domain (null: the user's own), its scope path. */
export interface RegistryScope {
  userId: string;
  domain: string | null;
  scope: readonly string[];
}

const scopePrefix = (at: RegistryScope) => `${at.userId}\u0001${at.domain ?? ''}\u0001${at.scope.join('\u0002')}\u0001`;

/**
 * A value as stored: its JSON text as bytes, so it reads back exactly as sent (a value stored as a
 * msgpack structure came back with `__proto__` keys renamed by msgpackr's decoder).
 */
const storedValue = (json: string): Uint8Array => Buffer.from(json, 'utf8');

/** The JSON text of a stored value, whichever version wrote it (earlier ones stored the value itself). */
const jsonOf = (stored: unknown): string =>
  stored instanceof Uint8Array
    ? Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).toString('utf8')
    : (JSON.stringify(stored) ?? 'null');

export class Registry {
  constructor(private readonly db: Database<unknown, string>) {}

  /** Whether an item's key fits in LMDB (a longer key, scope and domain cannot be stored). */
  fits(at: RegistryScope, key: string): boolean {
    return Buffer.byteLength(scopePrefix(at) + key) <= MAX_KEY_BYTES;
  }

  /** The item's JSON text. */
  get(at: RegistryScope, key: string): string | undefined {
    const stored = this.db.get(scopePrefix(at) + key);
    return stored === undefined ? undefined : jsonOf(stored);
  }

  set(at: RegistryScope, key: string, json: string): Promise<boolean> {
    return this.db.put(scopePrefix(at) + key, storedValue(json));
  }

  /** Removes the item; false when there was none. */
  remove(at: RegistryScope, key: string): boolean {
    const full = scopePrefix(at) + key;
    if (this.db.get(full) === undefined) return false;
    void this.db.remove(full);
    return true;
  }

  /** The scope's items as [key, JSON text], in key order. */
  entries(at: RegistryScope): [string, string][] {
    const prefix = scopePrefix(at);
    const end = prefix.slice(0, -1) + '\u0002';
    return [...this.db.getRange({ start: prefix, end })].map(({ key, value }) => [
      key.slice(prefix.length),
      jsonOf(value),
    ]);
  }
}
