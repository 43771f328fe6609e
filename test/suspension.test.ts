/**
 * admin/suspend-user and unsuspend-user through the real server and misskey-js: the suspended account's
 * tokens stop at once, its notes and itself leave every list for everyone else, its follow requests go,
 * and unsuspending brings the rest back.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { logsOf, makeModerator, SUSPENDED } from './helpers/moderation.js';
import { MODERATOR_REQUIRED } from './helpers/roles.js';
import { api, call, post, signup, startServer } from './helpers/server.js';

const TIMELINES = ['notes/timeline', 'notes/local-timeline', 'notes/hybrid-timeline', 'notes/global-timeline'];

t.test('suspension', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  const carol = await signup(url, 'carol');
  const dave = await signup(url, 'dave');
  const erin = await signup(url, 'erin');
  await makeModerator(url, alice.token, carol.id);
  await call(url, 'following/create', { userId: bob.id }, dave.token);
  await call(url, 'following/create', { userId: dave.id }, bob.token);
  await call(url, 'i/update', { isLocked: true }, erin.token);
  await call(url, 'following/create', { userId: erin.id }, bob.token);
  await call(url, 'i/update', { isLocked: true }, bob.token);
  await call(url, 'following/create', { userId: bob.id }, erin.token);
  const byBob = await post(url, bob.token, 'bob speaks #moderation');
  const byDave = await post(url, dave.token, 'dave speaks');
  const renoteOfBob = await post(url, dave.token, { renoteId: byBob.id });

  const seenBy = async (token: string) => {
    const seen = new Set<string>();
    for (const endpoint of TIMELINES)
      for (const id of ids(await call(url, endpoint, { limit: 100 }, token))) seen.add(id);
    for (const id of ids(await call(url, 'users/notes', { userId: bob.id, limit: 100 }, token))) seen.add(id);
    return seen;
  };
  const before = await seenBy(dave.token);
  t.ok(before.has(byBob.id) && before.has(renoteOfBob.id), "dave sees bob's note and his renote of it");

  const moderator = new Misskey.api.APIClient({ origin: url, credential: carol.token });

  await t.test(
    'a user who is no moderator may not suspend; nobody may suspend a moderator or administrator',
    async (t) => {
      isApiError(
        t,
        await api(url, 'admin/suspend-user', { userId: bob.id }, dave.token),
        403,
        'ROLE_PERMISSION_DENIED',
        MODERATOR_REQUIRED,
      );
      isApiError(
        t,
        await api(url, 'admin/suspend-user', { userId: alice.id }, carol.token),
        400,
        'CANNOT_MODERATE_MODERATOR',
      );
      isApiError(
        t,
        await api(url, 'admin/suspend-user', { userId: 'nosuchuser000000' }, carol.token),
        400,
        'NO_SUCH_USER',
      );
    },
  );

  await moderator.request('admin/suspend-user', { userId: bob.id });

  await t.test("the suspended account's token is refused at once, and it cannot sign in", async (t) => {
    isApiError(t, await api(url, 'i', {}, bob.token), 403, 'YOUR_ACCOUNT_SUSPENDED', SUSPENDED);
    isApiError(
      t,
      await api(url, 'notes/create', { text: 'still here' }, bob.token),
      403,
      'YOUR_ACCOUNT_SUSPENDED',
      SUSPENDED,
    );
    const bobApi = new Misskey.api.APIClient({ origin: url, credential: bob.token });
    const refused = await bobApi.request('notes/timeline', {}).catch((err: unknown) => err);
    t.equal((refused as { id?: string }).id, SUSPENDED, 'misskey-js sees the suspension');
    const signin = await api(url, 'signin-flow', { username: 'bob', password: bob.password });
    t.equal(signin.status, 403);
    t.equal(signin.body.error.id, 'e03a5f46-d309-4865-9b69-56282d94e1eb');
  });

  await t.test('their notes leave every timeline and list, for everyone else', async (t) => {
    const after = await seenBy(dave.token);
    t.notOk(after.has(byBob.id), "bob's note is gone");
    t.notOk(after.has(renoteOfBob.id), 'and a renote of it');
    t.ok(after.has(byDave.id), "dave's own note stays");
    t.notOk((await seenBy(alice.token)).has(byBob.id), 'for an administrator too');
    const tagged = ids(await call(url, 'notes/search-by-tag', { tag: 'moderation' }, dave.token));
    t.notOk(tagged.includes(byBob.id), 'and from tag searches');
  });

  await t.test('they leave users/show (but for moderators), the directory, search and follow lists', async (t) => {
    isApiError(t, await api(url, 'users/show', { userId: bob.id }, dave.token), 404, 'NO_SUCH_USER');
    isApiError(t, await api(url, 'users/show', { username: 'bob' }), 404, 'NO_SUCH_USER');
    t.same(await call(url, 'users/show', { userIds: [bob.id] }, dave.token), []);
    const shown = await moderator.request('users/show', { userId: bob.id });
    t.equal((shown as { isSuspended: boolean }).isSuspended, true, 'a moderator still sees them, suspended');
    t.notOk(ids(await call(url, 'users', { limit: 100 })).includes(bob.id), 'not in the directory');
    t.notOk(ids(await call(url, 'users/search', { query: 'bob' }, dave.token)).includes(bob.id), 'nor in search');
    const followers = await call(url, 'users/followers', { userId: dave.id }, dave.token);
    t.notOk(
      followers.some((f: { followerId: string }) => f.followerId === bob.id),
      "not among dave's followers",
    );
    t.notOk(ids(await call(url, 'hashtags/users', { tag: 'moderation', sort: '+follower' })).includes(bob.id));
  });

  await t.test('pending follow requests both ways are deleted', async (t) => {
    t.same(await call(url, 'following/requests/list', {}, erin.token), [], "bob's request to erin is gone");
  });

  await t.test('the suspension is logged', async (t) => {
    const [entry] = await logsOf(url, alice.token, 'suspend');
    t.equal(entry.userId, carol.id);
    t.same([entry.info.userId, entry.info.userUsername, entry.info.userHost], [bob.id, 'bob', null]);
  });

  await t.test('unsuspending brings the account, its token and its notes back', async (t) => {
    await moderator.request('admin/unsuspend-user', { userId: bob.id });
    t.equal((await call(url, 'i', {}, bob.token)).id, bob.id, 'the same token works again');
    const after = await seenBy(dave.token);
    t.ok(after.has(byBob.id) && after.has(renoteOfBob.id), "bob's note and the renote are back");
    t.equal((await call(url, 'users/show', { userId: bob.id }, dave.token)).isSuspended, false);
    t.same(await call(url, 'following/requests/list', {}, bob.token), [], "erin's request to bob stays deleted");
    t.equal((await logsOf(url, alice.token, 'unsuspend')).length, 1);
  });

  await t.test('a suspension survives a restart', async (t) => {
    await moderator.request('admin/suspend-user', { userId: bob.id });
    await server.stop();
    const again = await startServer({ dataDir: server.dataDir });
    t.teardown(() => again.stop());
    isApiError(t, await api(again.url, 'i', {}, bob.token), 403, 'YOUR_ACCOUNT_SUSPENDED', SUSPENDED);
    t.notOk(ids(await call(again.url, 'notes/global-timeline', { limit: 100 }, dave.token)).includes(byBob.id));
  });
});
