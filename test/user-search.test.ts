/**
 * users/search (display names and usernames by prefix and substring, then descriptions; prefix matches
 * and local users first), users/search-by-username-and-host, their limits and errors, and users stored
 * before the search index existed being indexed at start-up.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { newLocalUser } from '../src/domain/index.js';
import { openStore } from '../src/store/index.js';
import { isApiError } from './helpers/assert.js';
import { type Account, api, call, type Server, signup, startServer, tempDir } from './helpers/server.js';

const INVALID_PARAM = '3d81ceae-475f-4600-b2a8-2bc116157532';

let server: Server;
let zelda: Account;
let azel: Account;
let quokka: Account;

t.before(async () => {
  server = await startServer();
  zelda = await signup(server.url, 'zelda1');
  azel = await signup(server.url, 'azel');
  quokka = await signup(server.url, 'plainname');
  await call(server.url, 'i/update', { name: 'Zelda Fitzgerald' }, zelda.token);
  await call(server.url, 'i/update', { description: 'I like the QUOKKA and zelda' }, quokka.token);
  // updated last, so only the ranking by match puts it after zelda1
  await call(server.url, 'i/update', { name: 'A. Zel' }, azel.token);
});

const idsOf = (list: unknown) => (list as { id: string }[]).map((u) => u.id);
const search = async (query: string, extra: Record<string, unknown> = {}, token?: string) =>
  idsOf(await call(server.url, 'users/search', { query, ...extra }, token));

t.test('display names match as case-insensitive substrings, at the start, middle and end', async (t) => {
  t.same(await search('FITZ'), [zelda.id], 'middle');
  t.same(await search('Zelda F'), [zelda.id], 'start, with a space');
  t.same(await search('ld'), [zelda.id, quokka.id], 'two characters inside a word');
  t.same(await search('ald'), [zelda.id], 'three characters at the end of the name');
  t.same(await search('nobody has this'), [], 'no match');
});

t.test('usernames: @prefix matches only the start, a username-shaped query any part', async (t) => {
  t.same(await search('@zel'), [zelda.id], '@zel: zelda1 starts with it, azel does not');
  t.same(await search('@az'), [azel.id], '@az');
  const plain = await search('zel');
  t.same(plain.slice(0, 2), [zelda.id, azel.id], 'zel: the prefix match first, though azel updated later');
  t.ok(plain.includes(quokka.id), 'and the description match after them');
});

t.test('descriptions fill the page after name matches', async (t) => {
  t.same(await search('quokka'), [quokka.id], 'description, case-insensitive');
  t.same(await search('zelda', { limit: 1 }), [zelda.id], 'the name match takes the only place');
  t.same(await search('zelda', { limit: 1, offset: 1 }), [quokka.id], 'the description match is next');
});

t.test('origin, detail and misskey-js', async (t) => {
  t.same(await search('zel', { origin: 'remote' }), [], 'no remote users');
  t.same((await search('zel', { origin: 'local' })).slice(0, 2), [zelda.id, azel.id], 'local');
  const lite = await call(server.url, 'users/search', { query: '@zelda', detail: false });
  t.same(Object.keys(lite[0]).includes('followersCount'), false, 'detail false: UserLite');
  const client = new Misskey.api.APIClient({ origin: server.url, credential: azel.token });
  const found = await client.request('users/search', { query: 'fitzgerald' });
  t.same(idsOf(found), [zelda.id], 'through misskey-js');
});

t.test('bad input answers INVALID_PARAM', async (t) => {
  isApiError(t, await api(server.url, 'users/search', { query: 'x'.repeat(513) }), 400, 'INVALID_PARAM', INVALID_PARAM);
  isApiError(t, await api(server.url, 'users/search', {}), 400, 'INVALID_PARAM', INVALID_PARAM);
  isApiError(t, await api(server.url, 'users/search', { query: 'a', limit: 0 }), 400, 'INVALID_PARAM', INVALID_PARAM);
  isApiError(
    t,
    await api(server.url, 'users/search', { query: 'a', offset: 1e9 }),
    400,
    'INVALID_PARAM',
    INVALID_PARAM,
  );
  isApiError(t, await api(server.url, 'users/search', { query: 42 }), 400, 'INVALID_PARAM', INVALID_PARAM);
});

t.test('search-by-username-and-host: prefixes, `.` for this server, followed users first', async (t) => {
  const byName = (p: Record<string, unknown>, token?: string) =>
    call(server.url, 'users/search-by-username-and-host', p, token).then(idsOf);
  t.same(await byName({ username: 'ZEL' }), [zelda.id], 'username prefix, case-insensitive');
  t.same(await byName({ username: 'zel', host: '.' }), [zelda.id], 'host `.`: local');
  t.same(await byName({ username: 'zel', host: 'example.com' }), [], 'another host');
  const viewer = await signup(server.url, 'zzviewer');
  const a1 = await signup(server.url, 'pal1');
  const a2 = await signup(server.url, 'pal2');
  t.same(await byName({ username: 'pal' }, viewer.token), [a1.id, a2.id], 'by username');
  await call(server.url, 'following/create', { userId: a2.id }, viewer.token);
  t.same(await byName({ username: 'pal' }, viewer.token), [a2.id, a1.id], 'the followed user first');
  isApiError(t, await api(server.url, 'users/search-by-username-and-host', {}), 400, 'INVALID_PARAM', INVALID_PARAM);
});

t.test('users stored before the search index existed are indexed once at start-up', async (t) => {
  const dataDir = tempDir();
  const store = openStore({ path: dataDir, mapSizeMb: 256 });
  const id = '0000000000000old';
  await store.transaction(() => {
    const user = { ...newLocalUser(id, 'oldtimer'), name: 'Grandfathered Name' };
    void store.users.put({ ...user, lite: JSON.stringify({ id, username: 'oldtimer', name: user.name, host: null }) });
    void store.accounts.register('oldtimer', null, id);
  });
  await store.close();
  const old = await startServer({ dataDir });
  t.same(idsOf(await call(old.url, 'users/search', { query: 'fathered' })), [id], 'found by name');
  t.same(idsOf(await call(old.url, 'users', { limit: 10 })), [id], 'listed in the directory');
  await old.stop();
});

t.test('users the viewer blocks, is blocked by or mutes are left out of searches and the directory', async (t) => {
  const watcher = await signup(server.url, 'watcher');
  const blocker = await signup(server.url, 'zeblocker');
  await call(server.url, 'i/update', { name: 'Zelda fan' }, blocker.token);
  t.same((await search('zelda', { limit: 10 }, watcher.token)).includes(blocker.id), true, 'found at first');
  await call(server.url, 'blocking/create', { userId: watcher.id }, blocker.token);
  await call(server.url, 'mute/create', { userId: zelda.id }, watcher.token);
  const found = await search('zelda', { limit: 10 }, watcher.token);
  t.notOk(found.includes(blocker.id), 'not the user who blocks the viewer');
  t.notOk(found.includes(zelda.id), 'not a muted user');
  t.ok(found.includes(quokka.id), 'others still');
  t.ok((await search('zelda')).includes(zelda.id), 'signed out: everyone');
  const listed = idsOf(await call(server.url, 'users', { limit: 100 }, watcher.token));
  t.notOk(listed.includes(zelda.id) || listed.includes(blocker.id), 'nor in the users directory');
});
