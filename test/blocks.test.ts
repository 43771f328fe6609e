/** Blocking over HTTP and misskey-js: what it ends, what it refuses with Misskey's errors, and what the blocked user no longer sees. */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { api, call, post, signup, startServer } from './helpers/server.js';

t.test('blocking', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  const carol = await signup(url, 'carol');
  await call(url, 'following/create', { userId: alice.id }, bob.token);
  await call(url, 'following/create', { userId: bob.id }, alice.token);
  await call(url, 'following/create', { userId: carol.id }, bob.token);
  const byAlice = await post(url, alice.token, { text: 'alice speaks', poll: { choices: ['a', 'b'] } });
  const byBob = await post(url, bob.token, 'bob speaks @alice');
  const replyToAlice = await post(url, carol.token, { text: 'carol replies', replyId: byAlice.id });
  const renoteOfAlice = await post(url, carol.token, { renoteId: byAlice.id });
  const quoteOfAlice = await post(url, carol.token, { text: 'carol quotes', renoteId: byAlice.id });
  const byCarol = await post(url, carol.token, 'carol alone');

  const bobsList = await call(url, 'users/lists/create', { name: 'friends' }, bob.token);
  await call(url, 'users/lists/push', { listId: bobsList.id, userId: alice.id }, bob.token);
  await call(url, 'users/lists/push', { listId: bobsList.id, userId: carol.id }, bob.token);
  const alicesList = await call(url, 'users/lists/create', { name: 'people' }, alice.token);
  await call(url, 'users/lists/push', { listId: alicesList.id, userId: bob.id }, alice.token);

  const aliceApi = new Misskey.api.APIClient({ origin: url, credential: alice.token });
  const blockee = await aliceApi.request('blocking/create', { userId: bob.id });
  t.equal(blockee.id, bob.id, 'blocking/create answers the blockee');
  t.equal((blockee as { isBlocking?: boolean }).isBlocking, true, '… packed after blocking');

  await t.test('the follows both ways are gone, and the counts say so', async (t) => {
    const aliceShown = await call(url, 'users/show', { userId: alice.id }, carol.token);
    const bobShown = await call(url, 'users/show', { userId: bob.id }, carol.token);
    t.same([aliceShown.followersCount, aliceShown.followingCount], [0, 0]);
    t.same([bobShown.followersCount, bobShown.followingCount], [0, 1], 'bob still follows carol');
    const following = await call(url, 'users/following', { userId: bob.id }, bob.token);
    t.same(
      following.map((f: { followeeId: string }) => f.followeeId),
      [carol.id],
    );
  });

  await t.test("the blocker leaves the blockee's lists (not the other way round)", async (t) => {
    t.same((await call(url, 'users/lists/show', { listId: bobsList.id }, bob.token)).userIds, [carol.id]);
    t.same((await call(url, 'users/lists/show', { listId: alicesList.id }, alice.token)).userIds, [bob.id]);
  });

  await t.test("the blocked user sees none of the blocker's notes, nor replies to or renotes of them", async (t) => {
    const hidden = new Set([byAlice.id, replyToAlice.id, renoteOfAlice.id, quoteOfAlice.id]);
    for (const endpoint of [
      'notes/timeline',
      'notes/local-timeline',
      'notes/hybrid-timeline',
      'notes/global-timeline',
    ]) {
      const seen = ids(await call(url, endpoint, { limit: 100, withReplies: true }, bob.token));
      t.same(
        seen.filter((id) => hidden.has(id)),
        [],
        endpoint,
      );
      t.ok(seen.includes(byCarol.id), `${endpoint} still has the others' notes`);
    }
    const listed = ids(await call(url, 'notes/user-list-timeline', { listId: bobsList.id, limit: 100 }, bob.token));
    t.same(
      listed.filter((id) => hidden.has(id)),
      [],
      'notes/user-list-timeline',
    );
    t.same(await call(url, 'users/notes', { userId: alice.id }, bob.token), [], 'users/notes of the blocker is []');
    t.same(ids(await call(url, 'notes/children', { noteId: byAlice.id }, bob.token)), []);
    t.same(ids(await call(url, 'notes/renotes', { noteId: byAlice.id }, bob.token)), []);
    t.equal(
      (await call(url, 'notes/children', { noteId: byAlice.id }, carol.token)).length,
      2,
      'others still see them',
    );
  });

  await t.test("the blocker keeps seeing the blockee's notes (as in Misskey), but not their mentions", async (t) => {
    t.ok(ids(await call(url, 'notes/global-timeline', { limit: 100 }, alice.token)).includes(byBob.id));
    // carol's reply is there: a reply mentions the replied-to author, as in Misskey
    t.same(ids(await call(url, 'notes/mentions', {}, alice.token)), [replyToAlice.id]);
  });

  await t.test("Misskey's errors", async (t) => {
    isApiError(
      t,
      await api(url, 'following/create', { userId: alice.id }, bob.token),
      400,
      'BLOCKED',
      'c4ab57cc-4e41-45e9-bfd9-584f61e35ce0',
    );
    isApiError(
      t,
      await api(url, 'following/create', { userId: bob.id }, alice.token),
      400,
      'BLOCKING',
      '4e2206ec-aa4f-4960-b865-6c23ac38e2d9',
    );
    const blockedNote = 'b390d7e1-8a5e-46ed-b625-06271cafd3d3';
    isApiError(
      t,
      await api(url, 'notes/create', { text: 'hi', replyId: byAlice.id }, bob.token),
      400,
      'YOU_HAVE_BEEN_BLOCKED',
      blockedNote,
    );
    isApiError(
      t,
      await api(url, 'notes/create', { renoteId: byAlice.id }, bob.token),
      400,
      'YOU_HAVE_BEEN_BLOCKED',
      blockedNote,
    );
    isApiError(
      t,
      await api(url, 'notes/create', { text: 'q', renoteId: byAlice.id }, bob.token),
      400,
      'YOU_HAVE_BEEN_BLOCKED',
      blockedNote,
    );
    isApiError(
      t,
      await api(url, 'notes/reactions/create', { noteId: byAlice.id, reaction: '👍' }, bob.token),
      400,
      'YOU_HAVE_BEEN_BLOCKED',
      '20ef5475-9f38-4e4c-bd33-de6d979498ec',
    );
    isApiError(
      t,
      await api(url, 'notes/polls/vote', { noteId: byAlice.id, choice: 0 }, bob.token),
      400,
      'YOU_HAVE_BEEN_BLOCKED',
      '85a5377e-b1e9-4617-b0b9-5bea73331e49',
    );
    isApiError(
      t,
      await api(url, 'blocking/create', { userId: alice.id }, alice.token),
      400,
      'BLOCKEE_IS_YOURSELF',
      '88b19138-f28d-42c0-8499-6a31bbd0fdc6',
    );
    isApiError(
      t,
      await api(url, 'blocking/create', { userId: bob.id }, alice.token),
      400,
      'ALREADY_BLOCKING',
      '787fed64-acb9-464a-82eb-afbd745b9614',
    );
    isApiError(
      t,
      await api(url, 'blocking/create', { userId: 'aaaaaaaaaaaaaaaa' }, alice.token),
      400,
      'NO_SUCH_USER',
      '7cc4f851-e2f1-4621-9633-ec9e1d00c01e',
    );
    isApiError(
      t,
      await api(url, 'blocking/delete', { userId: carol.id }, alice.token),
      400,
      'NOT_BLOCKING',
      '291b2efa-60c6-45c0-9f6a-045c8f9b02cd',
    );
    isApiError(t, await api(url, 'blocking/create', { userId: 42 }, alice.token), 400, 'INVALID_PARAM');
  });

  await t.test('blocking/list and the relation flags', async (t) => {
    const list = await aliceApi.request('blocking/list', {});
    t.same(
      list.map((b) => [b.blockeeId, b.blockee.id, (b.blockee as { isBlocking?: boolean }).isBlocking]),
      [[bob.id, bob.id, true]],
    );
    t.same(await call(url, 'blocking/list', {}, bob.token), []);
    const relation = await call(url, 'users/relation', { userId: [bob.id, carol.id] }, alice.token);
    t.same(
      relation.map((r: Record<string, unknown>) => [r.isBlocking, r.isBlocked]),
      [
        [true, false],
        [false, false],
      ],
    );
    const fromBob = await call(url, 'users/relation', { userId: alice.id }, bob.token);
    t.same([fromBob.isBlocking, fromBob.isBlocked], [false, true]);
    t.equal((await call(url, 'users/show', { userId: alice.id }, bob.token)).isBlocked, true);
  });

  await t.test('unblocking shows the notes again and brings no follow back', async (t) => {
    const unblocked = await aliceApi.request('blocking/delete', { userId: bob.id });
    t.equal((unblocked as { isBlocking?: boolean }).isBlocking, false);
    t.ok(ids(await call(url, 'notes/global-timeline', { limit: 100 }, bob.token)).includes(byAlice.id));
    t.equal((await call(url, 'users/notes', { userId: alice.id }, bob.token)).length, 1);
    t.ok(ids(await call(url, 'notes/mentions', {}, alice.token)).includes(byBob.id));
    t.equal((await call(url, 'users/show', { userId: alice.id }, carol.token)).followersCount, 0);
    t.same(await call(url, 'blocking/list', {}, alice.token), []);
  });
});
