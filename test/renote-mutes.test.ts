/** Renote mutes: a user's pure renotes leave the muter's timelines; their notes and quotes, and other lists, keep them. */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { api, call, post, signup, startServer } from './helpers/server.js';

const TIMELINES = ['notes/timeline', 'notes/local-timeline', 'notes/hybrid-timeline', 'notes/global-timeline'];

t.test('renote muting', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  const carol = await signup(url, 'carol');
  await call(url, 'following/create', { userId: bob.id }, alice.token);
  const original = await post(url, carol.token, 'carol writes');
  const renote = await post(url, bob.token, { renoteId: original.id });
  const quote = await post(url, bob.token, { text: 'bob quotes', renoteId: original.id });
  const own = await post(url, bob.token, 'bob writes');
  const seenIn = async (endpoint: string, token: string, params: Record<string, unknown> = {}) =>
    ids(await call(url, endpoint, { limit: 100, ...params }, token));

  const aliceApi = new Misskey.api.APIClient({ origin: url, credential: alice.token });
  await aliceApi.request('renote-mute/create', { userId: bob.id });

  for (const endpoint of TIMELINES) {
    const seen = await seenIn(endpoint, alice.token);
    t.notOk(seen.includes(renote.id), `${endpoint} leaves the pure renote out`);
    t.ok(seen.includes(quote.id) && seen.includes(own.id), `${endpoint} keeps the quote and own notes`);
    t.ok((await seenIn(endpoint, carol.token)).includes(renote.id) || endpoint === 'notes/timeline', 'others keep it');
  }
  t.ok(
    (await seenIn('notes/renotes', alice.token, { noteId: original.id })).includes(renote.id),
    'notes/renotes keeps it',
  );
  t.ok((await seenIn('users/notes', alice.token, { userId: bob.id })).includes(renote.id), 'users/notes keeps it');

  const list = await aliceApi.request('renote-mute/list', {});
  t.same(
    list.map((m) => [m.muteeId, m.mutee.id]),
    [[bob.id, bob.id]],
  );
  const relation = await call(url, 'users/relation', { userId: bob.id }, alice.token);
  t.same([relation.isMuted, relation.isRenoteMuted], [false, true]);
  isApiError(
    t,
    await api(url, 'renote-mute/create', { userId: bob.id }, alice.token),
    400,
    'ALREADY_MUTING',
    'ccfecbe4-1f1c-4fc2-8a3d-c3ffee61cb7b',
  );
  isApiError(
    t,
    await api(url, 'renote-mute/create', { userId: alice.id }, alice.token),
    400,
    'MUTEE_IS_YOURSELF',
    '37285718-52f7-4aef-b7de-c38b8e8a8420',
  );
  isApiError(
    t,
    await api(url, 'renote-mute/delete', { userId: carol.id }, alice.token),
    400,
    'NOT_MUTING',
    '2e4ef874-8bf0-4b4b-b069-4598f6d05817',
  );
  isApiError(
    t,
    await api(url, 'renote-mute/delete', { userId: 'aaaaaaaaaaaaaaaa' }, alice.token),
    400,
    'NO_SUCH_USER',
    '9b6728cf-638c-4aa1-bedb-e07d8101474d',
  );

  t.equal((await api(url, 'renote-mute/delete', { userId: bob.id }, alice.token)).status, 204);
  for (const endpoint of TIMELINES)
    t.ok((await seenIn(endpoint, alice.token)).includes(renote.id), `${endpoint} shows the renote again`);
  t.same(await aliceApi.request('renote-mute/list', {}), []);
});
