/** Stored records name a declared shape (store/shapes.ts) instead of carrying their field names, and older values still read. */

import { open } from 'lmdb';
import { Unpackr } from 'msgpackr';
import t from 'tap';
import { recordEncoder, SHAPES } from '../src/store/index.js';
import { api, call, post, signup, startServer, tempDir } from './helpers/server.js';

/** Paths inside a decoded value that were written as plain maps (a strict decoder turns those into Map objects). */
function mapsIn(value: unknown, path = ''): string[] {
  if (value instanceof Map) return [path || '(the value)'];
  if (Array.isArray(value)) return value.flatMap((v, i) => mapsIn(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => mapsIn(v, `${path}.${k}`));
  return [];
}

t.test('every record the server writes names a declared shape; only reaction counts are maps', async (t) => {
  const dataDir = tempDir();
  const server = await startServer({ dataDir });
  const alice = await signup(server.url, 'alice');
  const bob = await signup(server.url, 'bob');
  await call(
    server.url,
    'i/update',
    { name: 'Alice', description: 'hi', fields: [{ name: 'site', value: 'example.org' }] },
    alice.token,
  );
  await call(server.url, 'following/create', { userId: alice.id }, bob.token);
  const note = await post(server.url, alice.token, { text: 'which?', poll: { choices: ['a', 'b'] } });
  t.equal((await api(server.url, 'notes/polls/vote', { noteId: note.id, choice: 1 }, bob.token)).status, 204);
  t.equal(
    (await api(server.url, 'notes/reactions/create', { noteId: note.id, reaction: '👍' }, bob.token)).status,
    204,
  );
  t.equal((await api(server.url, 'notes/favorites/create', { noteId: note.id }, bob.token)).status, 204);
  await post(server.url, bob.token, { text: 'a reply', replyId: note.id });
  t.equal(await server.stop(), 0);

  // the stored bytes themselves, read as lmdb-js keeps them
  const env = open({ path: dataDir, maxDbs: 64 });
  const strict = new Unpackr({ structures: SHAPES.map((keys) => [...keys]), mapsAsObjects: false });
  const found: string[] = [];
  let values = 0;
  for (const name of ['notes', 'users', 'userCounts', 'auth', 'tokens', 'follows', 'reactions', 'notifications']) {
    const db = env.openDB<Uint8Array, string>({ name, encoding: 'binary' });
    for (const { value } of db.getRange()) {
      values++;
      found.push(...mapsIn(strict.unpack(value)).map((path) => `${name}${path}`));
    }
  }
  await env.close();
  t.ok(values >= 12, `read ${values} records`);
  t.same([...new Set(found)], ['notes.reactions'], 'no record fell back to a map of field names');
});

t.test('a note written with its field names inline (before shapes were declared) still reads', async (t) => {
  const dataDir = tempDir();
  const server = await startServer({ dataDir });
  const alice = await signup(server.url, 'alice');
  const note = await post(server.url, alice.token, 'written by an older Flock');
  t.equal(await server.stop(), 0);
  // rewrite the note and the user's record the way lmdb-js's own msgpackr wrote them
  const env = open({ path: dataDir, maxDbs: 64 });
  for (const name of ['notes', 'users']) {
    const plain = env.openDB<Record<string, unknown>, string>({ name });
    const shaped = env.openDB<Record<string, unknown>, string>({ name, encoder: recordEncoder() } as never);
    const id = name === 'notes' ? note.id : alice.id;
    await plain.put(id, shaped.get(id)!);
    t.equal(plain.getBinary(id)![0], 0xd4, `${name}: the value now starts with an inline record definition`);
  }
  await env.close();

  const again = await startServer({ dataDir });
  const shown = await call(again.url, 'notes/show', { noteId: note.id });
  t.equal(shown.text, 'written by an older Flock');
  t.equal(shown.user.username, 'alice');
  await again.stop();
});

t.test('objects keyed by data are written as maps, records by their shape number', async (t) => {
  const packr = recordEncoder();
  const isMap = (bytes: Uint8Array) => (bytes[0]! & 0xf0) === 0x80 || bytes[0] === 0xde || bytes[0] === 0xdf;
  t.ok(isMap(packr.pack({ '❤': 1, '👍': 2 })), 'reaction counts: a map');
  t.ok(isMap(packr.pack({})), 'no reactions: an empty map');
  t.equal(
    packr.pack({ notesCount: 1, followersCount: 2, followingCount: 3 })[0],
    0x40 + SHAPES.findIndex((s) => s[0] === 'notesCount'),
    'counts: their shape number',
  );
  t.same(
    packr.unpack(packr.pack({ userId: 'u', createdAt: 1, extra: true })),
    { userId: 'u', createdAt: 1, extra: true },
    'an undeclared shape round-trips as a map',
  );
});

t.test(
  'a note stored before `updatedAt` (the third NOTE shape) reads as never edited and is rewritten in the current shape',
  async (t) => {
    const dataDir = tempDir();
    const server = await startServer({ dataDir });
    const alice = await signup(server.url, 'alice');
    const note = await post(server.url, alice.token, 'written before edits');
    t.equal(await server.stop(), 0);
    const env = open({ path: dataDir, maxDbs: 64 });
    const notes = env.openDB<Record<string, unknown>, string>({ name: 'notes', encoder: recordEncoder() } as never);
    const { updatedAt: _updatedAt, ...old } = notes.get(note.id)!;
    await notes.put(note.id, old);
    const shapeOf = () => notes.getBinary(note.id)![0]! - 0x40;
    t.same(SHAPES[shapeOf()], Object.keys(old), 'stored with the shape before updatedAt');
    await env.close();

    const again = await startServer({ dataDir });
    const shown = await call(again.url, 'notes/show', { noteId: note.id });
    t.equal(shown.text, 'written before edits');
    t.notOk('updatedAt' in shown, 'never edited');
    t.equal(
      (await api(again.url, 'notes/reactions/create', { noteId: note.id, reaction: '👍' }, alice.token)).status,
      204,
    );
    t.equal(await again.stop(), 0);
    const after = open({ path: dataDir, maxDbs: 64 });
    const reread = after.openDB<Record<string, unknown>, string>({ name: 'notes', encoder: recordEncoder() } as never);
    t.equal(reread.get(note.id)!.updatedAt, null, 'rewritten with updatedAt');
    t.same(SHAPES[reread.getBinary(note.id)![0]! - 0x40], Object.keys(reread.get(note.id)!), 'in the current shape');
    await after.close();
  },
);
