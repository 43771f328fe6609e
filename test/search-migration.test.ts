/**
 * Data stored before the search and hashtag indexes existed: start-up builds each index once over the
 * stored users and notes (store/migrate.ts buildIndexOnce), so searches find what was there before.
 * The indexes are emptied here with lmdb directly, as a data directory of an earlier version has none.
 */
import { open } from 'lmdb';
import t from 'tap';
import { ids } from './helpers/assert.js';
import { call, post, signup, startServer, tempDir } from './helpers/server.js';

const DERIVED = ['userDirectory', 'userSearch', 'hashtags', 'hashtagUsers', 'hashtagRank', 'noteTags', 'tagUses'];

t.test('users, hashtags and note words stored before their indexes are indexed at the next start', async (t) => {
  const dataDir = tempDir();
  const before = await startServer({ dataDir, env: { FLOCK_CAN_SEARCH_NOTES: 'on' } });
  const alice = await signup(before.url, 'alice');
  await call(before.url, 'i/update', { name: 'Alice Liddell', description: 'I like #rabbits' }, alice.token);
  const note = await post(before.url, alice.token, 'down the walrus hole #wonderland');
  t.equal(await before.stop(), 0, 'stopped cleanly');

  const env = open({ path: dataDir, noSubdir: false, maxDbs: 64 });
  for (const name of [...DERIVED, 'noteSearch', 'indexBuilds']) await env.openDB({ name }).clearAsync();
  await env.close();

  const after = await startServer({ dataDir, env: { FLOCK_CAN_SEARCH_NOTES: 'on' } });
  t.same(ids(await call(after.url, 'notes/search', { query: 'walrus' })), [note.id], 'note words');
  t.same(ids(await call(after.url, 'notes/search-by-tag', { tag: 'wonderland' })), [note.id], 'note tags');
  t.match(await call(after.url, 'hashtags/show', { tag: 'wonderland' }), { mentionedUsersCount: 1 }, 'tag users');
  t.match(await call(after.url, 'hashtags/show', { tag: 'rabbits' }), { attachedUsersCount: 1 }, 'profile tags');
  t.same(ids(await call(after.url, 'users/search', { query: 'liddell' })), [alice.id], 'user search');
  t.same(ids(await call(after.url, 'users', { sort: '+updatedAt' })), [alice.id], 'directory');
  await after.stop();
});

t.test(
  'the word index is kept only while notes/search is served, and built afresh when it is switched on',
  async (t) => {
    const dataDir = tempDir();
    const on = { FLOCK_CAN_SEARCH_NOTES: 'on' };
    const first = await startServer({ dataDir, env: on });
    const dora = await signup(first.url, 'dora');
    const gone = await post(first.url, dora.token, 'ephemeral otter');
    t.equal(await first.stop(), 0);

    const off = await startServer({ dataDir });
    const kept = await post(off.url, dora.token, 'lasting otter');
    await call(off.url, 'notes/delete', { noteId: gone.id }, dora.token);
    t.equal(await off.stop(), 0);

    const again = await startServer({ dataDir, env: on });
    t.same(
      ids(await call(again.url, 'notes/search', { query: 'otter' })),
      [kept.id],
      'written while off, deleted while off',
    );
    await again.stop();
  },
);
