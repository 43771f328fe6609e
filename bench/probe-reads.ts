/**
 * Where a home-timeline read spends its time, one store primitive at a time, on the seeded data set:
 * the page walk over homeTl, notes.get, users.get (the renderer's two lookups per note), the raw
 * bytes alone, the same records stored with lmdb-js shared structures, and a whole rendered page.
 *
 *   node dist/bench/probe-reads.js [--quick]      (seeds the data set first if it is not cached)
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { open } from 'lmdb';
import { loadConfig, projectRoot } from '../src/config/index.js';
import { openStore, page, type NoteRecord, type UserRecord } from '../src/store/index.js';
import { NoteRenderer, createReadCaches, viewerFor, jsonArray } from '../src/render/index.js';
import { FULL, QUICK } from './params.js';
import { ensureSeeded } from './seed.js';

const params = process.argv.includes('--quick') ? QUICK : FULL;
const { dir, manifest } = await ensureSeeded(join(projectRoot(), 'bench', '.data'), params.data, (l) => console.log(l));
const store = openStore({ path: dir, mapSizeMb: 65536 });
const userIds = manifest.userTokens.slice(0, 2000).map((token) => store.tokens.get(token)!.userId);

/** Runs `fn` over `items` repeatedly for ~1 s and answers operations per second. */
function rate<T>(items: T[], fn: (item: T) => unknown): number {
  for (const item of items) fn(item);
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < 1000) {
    for (const item of items) fn(item);
    n += items.length;
  }
  return Math.round(n / ((performance.now() - started) / 1000));
}

const rows: [string, number, string][] = [];
const row = (what: string, perSec: number, unit: string) => {
  rows.push([what, perSec, unit]);
  console.log(`${what.padEnd(58)} ${perSec.toLocaleString('en-US').padStart(10)} ${unit}/s  (${(1e6 / perSec).toFixed(2)} µs each)`);
};

const pageIds = userIds.map((u) => page(store.homeTl, u, {}, 20, (id) => id));
row('homeTl page walk, 20 ids (page())', rate(userIds, (u) => page(store.homeTl, u, {}, 20, (id) => id)), 'pages');
const noteIds = pageIds.flat().slice(0, 20_000);
const authorIds = [...new Set(noteIds.map((id) => store.notes.get(id)!.userId))];
row('notes.get (msgpack, record definitions inline)', rate(noteIds, (id) => store.notes.get(id)), 'gets');
row('notes.getBinary (bytes only, no decoding)', rate(noteIds, (id) => store.notes.getBinary(id)), 'gets');
row('users.get (msgpack, record definitions inline)', rate(authorIds, (id) => store.users.get(id)), 'gets');
row('users.getBinary (bytes only, no decoding)', rate(authorIds, (id) => store.users.getBinary(id)), 'gets');

// the same records in an environment whose databases use lmdb-js shared structures
const sharedDir = join(dir, '..', `probe-shared-${process.pid}`);
rmSync(sharedDir, { recursive: true, force: true });
const env = open({ path: sharedDir, maxDbs: 8, mapSize: 2 ** 33 });
const sharedNotes = env.openDB<NoteRecord, string>({ name: 'notes', cache: false, sharedStructuresKey: Symbol.for('structures') });
const sharedUsers = env.openDB<UserRecord, string>({ name: 'users', cache: false, sharedStructuresKey: Symbol.for('structures') });
const inlineNotes = env.openDB<NoteRecord, string>({ name: 'notesInline', cache: false });
const inlineUsers = env.openDB<UserRecord, string>({ name: 'usersInline', cache: false });
const liteOnly = env.openDB<string, string>({ name: 'userLite', cache: false, encoding: 'string' });
for (const id of noteIds) {
  void sharedNotes.put(id, store.notes.get(id)!);
  void inlineNotes.put(id, store.notes.get(id)!);
}
for (const id of authorIds) {
  const user = store.users.get(id)!;
  void sharedUsers.put(id, user);
  void inlineUsers.put(id, user);
  void liteOnly.put(id, user.lite);
}
await env.committed;
row('notes.get, small copy, record definitions inline', rate(noteIds, (id) => inlineNotes.get(id)), 'gets');
row('notes.get, small copy, with sharedStructuresKey', rate(noteIds, (id) => sharedNotes.get(id)), 'gets');
row('users.get, small copy, record definitions inline', rate(authorIds, (id) => inlineUsers.get(id)), 'gets');
row('users.get, small copy, with sharedStructuresKey', rate(authorIds, (id) => sharedUsers.get(id)), 'gets');
row('users: UserLite JSON alone in a string-encoded db, small copy', rate(authorIds, (id) => liteOnly.get(id)), 'gets');
const sizes = (a: Uint8Array | undefined, b: Uint8Array | undefined) => `${a?.length ?? 0} -> ${b?.length ?? 0} bytes`;
console.log(`record size with shared structures: note ${sizes(store.notes.getBinary(noteIds[0]!), sharedNotes.getBinary(noteIds[0]!))}, user ${sizes(store.users.getBinary(authorIds[0]!), sharedUsers.getBinary(authorIds[0]!))}`);
await env.close();
rmSync(sharedDir, { recursive: true, force: true });

// the real thing: a page rendered as notes/timeline does (viewer, nested renotes/replies, myReaction),
// with the gateway's read caches of decoded records: `entries` as configured (readCacheEntries), and none
const renderWith = (caches: ReturnType<typeof createReadCaches>) => (u: string) => {
  const renderer = new NoteRenderer(store, viewerFor(store, u), caches);
  return jsonArray(page(store.homeTl, u, {}, 20, (id) => {
    const note = caches.notes.get(id);
    return note === undefined || !renderer.visible(note) ? undefined : renderer.renderRecord(note);
  }));
};
const entries = loadConfig({}).readCacheEntries;
const render = renderWith(createReadCaches(store, entries));
row(`whole timeline page rendered (20 notes), read caches of ${entries}`, rate(userIds, render), 'pages');
const warm = createReadCaches(store, noteIds.length);
row('notes via the gateway read cache, every get a hit (validates bytes)', rate(noteIds, (id) => warm.notes.get(id)), 'gets');
const cold = createReadCaches(store, 1);
row('notes via the gateway read cache, every get a miss', rate(noteIds, (id) => cold.notes.get(id)), 'gets');
console.log(`data set ${manifest.hash}: ${manifest.counts.users} users, ${manifest.counts.notes} notes; one page is ${render(userIds[0]!).length} bytes`);
await store.close();
