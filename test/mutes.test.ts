/** User mutes over HTTP and misskey-js: muted notes leave every list but the muted user's own profile, until unmuted or expired. */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { api, call, post, signup, sleep, startServer } from './helpers/server.js';

const TIMELINES = ['notes/timeline', 'notes/local-timeline', 'notes/hybrid-timeline', 'notes/global-timeline'];

t.test('muting', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  const carol = await signup(url, 'carol');
  await call(url, 'following/create', { userId: bob.id }, alice.token);
  await call(url, 'following/create', { userId: carol.id }, alice.token);
  const byBob = await post(url, bob.token, 'bob speaks to @alice');
  const byCarol = await post(url, carol.token, 'carol speaks');
  const replyToBob = await post(url, carol.token, { text: 'carol answers bob', replyId: byBob.id });
  const renoteOfBob = await post(url, carol.token, { renoteId: byBob.id });
  const involvingBob = [byBob.id, replyToBob.id, renoteOfBob.id];

  /** The ids of involvingBob that `endpoint` shows alice. */
  const shown = async (endpoint: string, params: Record<string, unknown> = {}) => {
    const seen = ids(await call(url, endpoint, { limit: 100, withReplies: true, ...params }, alice.token));
    return involvingBob.filter((id) => seen.includes(id));
  };

  const list = await call(url, 'users/lists/create', { name: 'everyone' }, alice.token);
  for (const member of [bob, carol])
    await call(url, 'users/lists/push', { listId: list.id, userId: member.id }, alice.token);
  const aliceApi = new Misskey.api.APIClient({ origin: url, credential: alice.token });
  await aliceApi.request('mute/create', { userId: bob.id });

  await t.test('muted: gone from timelines, mentions, children and renotes; still on their profile', async (t) => {
    for (const endpoint of TIMELINES) t.same(await shown(endpoint), [], endpoint);
    t.same(await shown('notes/user-list-timeline', { listId: list.id }), []);
    t.same(await shown('notes/mentions'), []);
    t.same(await shown('notes/children', { noteId: byBob.id }), []);
    t.same(await shown('notes/renotes', { noteId: byBob.id }), []);
    t.same(await shown('users/notes', { userId: bob.id }), [byBob.id], 'users/notes ignores the author mute');
    t.same(
      await shown('users/notes', { userId: carol.id }),
      [],
      "…but others' replies to and renotes of them are hidden there",
    );
    t.ok(ids(await call(url, 'notes/timeline', {}, alice.token)).includes(byCarol.id), 'other notes stay');
    const forCarol = ids(await call(url, 'notes/global-timeline', { limit: 100 }, carol.token));
    t.ok(
      involvingBob.every((id) => forCarol.includes(id)),
      'others still see them',
    );
  });

  await t.test('mute/list, relation flags and errors', async (t) => {
    const list = await aliceApi.request('mute/list', {});
    t.same(
      list.map((m) => [m.muteeId, m.mutee.id, m.expiresAt]),
      [[bob.id, bob.id, null]],
    );
    const relation = await call(url, 'users/relation', { userId: bob.id }, alice.token);
    t.same([relation.isMuted, relation.isRenoteMuted], [true, false]);
    t.equal((await call(url, 'users/show', { userId: bob.id }, alice.token)).isMuted, true);
    isApiError(
      t,
      await api(url, 'mute/create', { userId: bob.id }, alice.token),
      400,
      'ALREADY_MUTING',
      '7e7359cb-160c-4956-b08f-4d1c653cd007',
    );
    isApiError(
      t,
      await api(url, 'mute/create', { userId: alice.id }, alice.token),
      400,
      'MUTEE_IS_YOURSELF',
      'a4619cb2-5f23-484b-9301-94c903074e10',
    );
    isApiError(
      t,
      await api(url, 'mute/create', { userId: 'aaaaaaaaaaaaaaaa' }, alice.token),
      400,
      'NO_SUCH_USER',
      '6fef56f3-e765-4957-88e5-c6f65329b8a5',
    );
    isApiError(
      t,
      await api(url, 'mute/delete', { userId: carol.id }, alice.token),
      400,
      'NOT_MUTING',
      '5467d020-daa9-4553-81e1-135c0c35a96d',
    );
    isApiError(
      t,
      await api(url, 'mute/create', { userId: carol.id, expiresAt: 'soon' }, alice.token),
      400,
      'INVALID_PARAM',
    );
    const past = await api(url, 'mute/create', { userId: carol.id, expiresAt: Date.now() - 60_000 }, alice.token);
    t.equal(past.status, 204, 'an expiresAt already past is accepted (Misskey: silently nothing)');
    t.same(
      (await aliceApi.request('mute/list', {})).map((m) => m.muteeId),
      [bob.id],
      '… and mutes no one',
    );
  });

  await t.test('unmuting shows everything again', async (t) => {
    t.equal((await api(url, 'mute/delete', { userId: bob.id }, alice.token)).status, 204);
    // a reply to someone else reaches a home timeline only through a withReplies follow
    t.same(await shown('notes/timeline'), [byBob.id, renoteOfBob.id]);
    for (const endpoint of TIMELINES.slice(1)) t.same(await shown(endpoint), involvingBob, endpoint);
    t.same(await shown('notes/mentions'), [byBob.id]);
  });

  await t.test('a mute with an end hides until then, then lists and hides nothing', async (t) => {
    const expiresAt = Date.now() + 1500;
    t.equal((await api(url, 'mute/create', { userId: bob.id, expiresAt }, alice.token)).status, 204);
    const [listed] = await aliceApi.request('mute/list', {});
    t.equal(listed?.expiresAt, new Date(expiresAt).toISOString());
    t.same(await shown('notes/global-timeline'), []);
    await sleep(1600);
    t.same(await shown('notes/global-timeline'), involvingBob);
    t.same(await aliceApi.request('mute/list', {}), []);
    t.equal((await call(url, 'users/relation', { userId: bob.id }, alice.token)).isMuted, false);
  });
});
