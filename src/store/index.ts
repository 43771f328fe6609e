/**
 * The store: one LMDB environment (lmdb-js, msgpack values with records) opened by every thread.
 * Key layout is documented in docs/architecture.md. Ids are fixed-width 16-char aidx strings, so
 * composite keys are plain concatenations and a prefix range is `prefix` .. `prefix + '~'`.
 */
import { open, type Database, type DatabaseOptions, type RootDatabase } from 'lmdb';
import type { FollowEdge, NoteRecord, ReactionRecord, TokenRecord, UserCounts, UserRecord } from './records.js';
import { idAtTime } from './ids.js';
import { timelinesPath } from './timelines-durability.js';
import type { Packr } from 'msgpackr';
import { plainEncoder, recordEncoder } from './shapes.js';
import { BoundedMap } from './bounded-map.js';
import { createHash } from 'node:crypto';

export * from './records.js';
export * from './ids.js';
export * from './home-timeline.js';
export { claimTimelines, releaseTimelines } from './timelines-durability.js';
export { moveCountsOutOfUserRecords } from './migrate.js';
import { hashStoredTokens as rekeyTokens } from './migrate.js';
export { recordEncoder, SHAPES } from './shapes.js';
export { BoundedMap } from './bounded-map.js';

/** Bit flags kept in note index values so timelines can filter without loading the note. */
export const NoteFlag = { reply: 1, pureRenote: 2, files: 4 } as const;

export interface StoreOptions {
  path: string;
  mapSizeMb: number;
}

export interface Store {
  env: RootDatabase;
  users: Database<UserRecord, string>;
  /** userId → UserCounts (absent: all zero) */
  userCounts: Database<UserCounts, string>;
  /** `${usernameLower}@${host ?? ''}` → userId */
  acct: Database<string, string>;
  /** userId → scrypt hash */
  auth: Database<{ hash: string }, string>;
  /** tokenKey(token) → record: tokens are stored hashed, so a copy of the data signs nobody in */
  tokens: Database<TokenRecord, string>;
  /** `${userId}${tokenKey}` → true, to revoke every token of a user */
  userTokens: Database<true, string>;
  notes: Database<NoteRecord, string>;
  /**
   * The second environment, `<dataDir>/timelines`: data derived from the main one and written behind
   * it (home-timeline.ts), so its commits never queue on the main environment's writer lock; opened
   * without fsync, and discarded at start-up if an OS crash may have torn it (timelines-durability.ts).
   */
  timelineEnv: RootDatabase;
  /** `${userId}${chunkSeq}` → binary entries: materialised home timelines, written by the timeline actors' flushes */
  homeTl: Database<Uint8Array, string>;
  /** timelineCheckpointKey(worker) → ms: the fan-out of notes older than this is flushed */
  timelineCheckpoints: Database<number, string>;
  /** `${userId}${noteId}` → NoteFlag bits */
  userNotes: Database<number, string>;
  /** noteId → NoteFlag bits, local public notes */
  localTl: Database<number, string>;
  /** noteId → NoteFlag bits, all public notes (local and remote) */
  globalTl: Database<number, string>;
  /** `${userId}${noteId}` → true: notes mentioning or addressing the user */
  mentions: Database<true, string>;
  /** `${parentId}${noteId}` → 1 reply, 2 quote */
  children: Database<number, string>;
  /** `${targetId}${noteId}` → renoter's userId */
  renotes: Database<string, string>;
  /** `${noteId}${userId}` → the user's reaction */
  reactions: Database<ReactionRecord, string>;
  /** `${noteId}${reactionId}` → userId, reactions in time order */
  reactionLog: Database<string, string>;
  /** `${followerId}${followeeId}` → edge */
  follows: Database<FollowEdge, string>;
  /** `${followeeId}${followingId}` → followerId */
  followers: Database<string, string>;
  /** `${followerId}${followingId}` → followeeId */
  following: Database<string, string>;
  /** `${followeeId}${followerId}` → request id */
  followRequests: Database<string, string>;
  /** `${followeeId}${requestId}` → followerId */
  followRequestLog: Database<string, string>;
  /** `${userId}${noteId}` → favorite id */
  favorites: Database<string, string>;
  /** `${userId}${favoriteId}` → noteId */
  favoriteLog: Database<string, string>;
  /** `${noteId}${userId}` → chosen choice indexes */
  pollVotes: Database<number[], string>;
  /** registryKey(userId, domain, scope, key) → registryValue(JSON text) (earlier versions: the value itself) */
  registry: Database<unknown, string>;
  close(): Promise<void>;
}

/** lmdb-js takes an `encoder` with encode/decode in place of its own (its typings leave the option out). */
type WithEncoder = DatabaseOptions & { name: string; encoder: Packr };

const named = <V>(env: RootDatabase, name: string) =>
  env.openDB<V, string>({ name, cache: false, encoder: name === 'registry' ? plainEncoder() : recordEncoder() } as WithEncoder);

/** Opens (creating if needed) the environment at `path`; safe to call once per thread. */
export function openStore(options: StoreOptions): Store {
  const env = open({ path: options.path, noSubdir: false, maxDbs: 64, mapSize: options.mapSizeMb * 1024 * 1024, maxReaders: 1024 });
  // the main environment holds every acknowledged write: a commit resolves only once it is on disk
  const flags = env as unknown as { noSync?: boolean; noMetaSync?: boolean };
  if (flags.noSync === true || flags.noMetaSync === true) throw new Error('Expected the main LMDB environment to be durable, got noSync or noMetaSync');
  const timelineEnv = open({ path: timelinesPath(options.path), noSubdir: false, maxDbs: 4, noSync: true, mapSize: options.mapSizeMb * 1024 * 1024, maxReaders: 1024 });
  return {
    env,
    timelineEnv,
    homeTl: timelineEnv.openDB<Uint8Array, string>({ name: 'homeTl', cache: false, encoding: 'binary' }),
    timelineCheckpoints: named(timelineEnv, 'checkpoints'),
    users: named(env, 'users'),
    userCounts: named(env, 'userCounts'),
    acct: named(env, 'acct'),
    auth: named(env, 'auth'),
    tokens: named(env, 'tokens'),
    userTokens: named(env, 'userTokens'),
    notes: named(env, 'notes'),
    userNotes: named(env, 'userNotes'),
    localTl: named(env, 'localTl'),
    globalTl: named(env, 'globalTl'),
    mentions: named(env, 'mentions'),
    children: named(env, 'children'),
    renotes: named(env, 'renotes'),
    reactions: named(env, 'reactions'),
    reactionLog: named(env, 'reactionLog'),
    follows: named(env, 'follows'),
    followers: named(env, 'followers'),
    following: named(env, 'following'),
    followRequests: named(env, 'followRequests'),
    followRequestLog: named(env, 'followRequestLog'),
    favorites: named(env, 'favorites'),
    favoriteLog: named(env, 'favoriteLog'),
    pollVotes: named(env, 'pollVotes'),
    registry: named(env, 'registry'),
    close: async () => {
      await timelineEnv.close();
      await env.close();
    },
  };
}

/** The key a token is stored under: its SHA-256 (base64url, 43 chars). Tokens carry ≥ 95 bits of randomness, so no salt or slow hash is needed. */
export const tokenKey = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Re-keys tokens stored in plain text by an earlier version under their hashes; returns how many. */
export const hashStoredTokens = (store: Store) => rekeyTokens(store, tokenKey);

export const acctKey = (usernameLower: string, host: string | null) => `${usernameLower}@${host ?? ''}`;
export const registryKey = (userId: string, domain: string | null, scope: readonly string[], key: string) =>
  `${userId}\u0001${domain ?? ''}\u0001${scope.join('\u0002')}\u0001${key}`;
/**
 * A registry value as stored: its JSON text as bytes, so it reads back exactly as sent (a value stored
 * as a msgpack structure came back with `__proto__` keys renamed by msgpackr's decoder).
 */
export const registryValue = (json: string): Uint8Array => Buffer.from(json, 'utf8');
/** The JSON text of a stored registry value, whichever version wrote it. */
export const registryJson = (stored: unknown): string =>
  stored instanceof Uint8Array ? Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).toString('utf8') : JSON.stringify(stored) ?? 'null';
export const registryScopePrefix = (userId: string, domain: string | null, scope: readonly string[]) =>
  `${userId}\u0001${domain ?? ''}\u0001${scope.join('\u0002')}\u0001`;

/** Misskey pagination: untilId/sinceId (or dates) over ids that are the last 16 chars of keys under `prefix`. */
export interface PageParams {
  sinceId?: string;
  untilId?: string;
  sinceDate?: number;
  untilDate?: number;
}

const HIGH = '~';

/** Misskey's page order and bounds: newest first below `until`; oldest first above `since` when only since is given. */
export function pageBounds(params: PageParams): { since?: string; until?: string; ascending: boolean } {
  const since = params.sinceId ?? (params.sinceDate !== undefined ? idAtTime(params.sinceDate + 1) : undefined);
  const until = params.untilId ?? (params.untilDate !== undefined ? idAtTime(params.untilDate) : undefined);
  return { since, until, ascending: since !== undefined && until === undefined };
}

/**
 * Walks the entries under `prefix` in Misskey's page order (newest first; oldest first when only
 * sinceId/sinceDate is given) and collects up to `limit` non-undefined results of `accept`.
 */
export function page<V, T>(
  db: Database<V, string>,
  prefix: string,
  params: PageParams,
  limit: number,
  accept: (id: string, value: V) => T | undefined,
): T[] {
  const { since, until, ascending } = pageBounds(params);
  const low = since !== undefined ? prefix + since : prefix;
  const high = until !== undefined ? prefix + until : prefix + HIGH;
  const out: T[] = [];
  const range = ascending
    ? db.getRange({ start: low, end: high })
    : db.getRange({ start: high, end: low, reverse: true });
  for (const { key, value } of range) {
    if (key === low || key === high) continue;
    const result = accept(key.slice(prefix.length), value);
    if (result !== undefined) {
      out.push(result);
      if (out.length >= limit) break;
    }
  }
  return out;
}

/** A source for mergePage: entries of `db` under `prefix` (whose key suffix is an id), or entries already in page order. */
export type PageSource<V> = { db: Database<V, string>; prefix: string } | { entries: readonly { id: string; value: V }[] };

/**
 * Like `page`, over several indexes at once (hybrid timeline = home ∪ local): walks them in step,
 * in the same order, and yields each id once.
 */
export function mergePage<V, T>(sources: PageSource<V>[], params: PageParams, limit: number, accept: (id: string, value: V) => T | undefined): T[] {
  const { since, until, ascending } = pageBounds(params);
  const cursors = sources.map((source) => {
    const iterator = 'entries' in source ? source.entries[Symbol.iterator]() : indexEntries(source.db, source.prefix, since, until, ascending);
    const cursor = {
      iterator,
      head: undefined as { id: string; value: V } | undefined,
      advance() {
        const next = iterator.next();
        cursor.head = next.done ? undefined : next.value;
      },
    };
    cursor.advance();
    return cursor;
  });
  const out: T[] = [];
  let last: string | undefined;
  while (out.length < limit) {
    let best: (typeof cursors)[number] | undefined;
    for (const c of cursors) {
      if (c.head === undefined) continue;
      if (best === undefined || (ascending ? c.head.id < best.head!.id : c.head.id > best.head!.id)) best = c;
    }
    if (best === undefined) break;
    const { id, value } = best.head!;
    best.advance();
    if (id === last) continue;
    last = id;
    const result = accept(id, value);
    if (result !== undefined) out.push(result);
  }
  for (const c of cursors) c.iterator.return?.(undefined);
  return out;
}

function* indexEntries<V>(db: Database<V, string>, prefix: string, since: string | undefined, until: string | undefined, ascending: boolean): Generator<{ id: string; value: V }> {
  const low = since !== undefined ? prefix + since : prefix;
  const high = until !== undefined ? prefix + until : prefix + HIGH;
  const range = ascending ? db.getRange({ start: low, end: high }) : db.getRange({ start: high, end: low, reverse: true });
  for (const { key, value } of range) {
    if (key === low || key === high) continue;
    yield { id: key.slice(prefix.length), value };
  }
}

/** A cached record, with the UTF-8 bytes of its stored JSON fragment once a renderer has needed them (render/json-sink.ts). */
export interface Decoded<V> {
  readonly value: V;
  utf8: Uint8Array | undefined;
}

/**
 * Decoded records of one db, kept until `forget` says they were written. Only worker threads write
 * notes and users, and each batch result lists what its committed commands wrote (actors/changes.ts),
 * so the gateway forgets exactly those entries; a hit then costs a Map lookup instead of an LMDB read
 * (with a check of the stored bytes on every hit, those reads were a third of the gateway's time on
 * the 10,000-user bench). Bounded to `max` entries, least recently used out first. Cached values are shared:
 * callers must not mutate them.
 */
export class DecodedCache<V> {
  private readonly entries: BoundedMap<string, Decoded<V>>;

  /** `copy` turns a decoded value into the one kept (see fastNoteRecord). */
  constructor(private readonly db: Database<V, string>, max: number, private readonly copy: (decoded: V) => V) {
    this.entries = new BoundedMap(max);
  }

  get(key: string): V | undefined {
    return this.entry(key)?.value;
  }

  entry(key: string): Decoded<V> | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = this.db.get(key);
    if (value === undefined) return undefined;
    const entry: Decoded<V> = { value: this.copy(value), utf8: undefined };
    this.entries.set(key, entry);
    return entry;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
