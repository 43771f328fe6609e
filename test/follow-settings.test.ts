/**
 * Follow settings: following/update and following/update-all change `withReplies` (whether a followee's
 * replies to third parties reach the follower's home and hybrid timelines; replies to themselves and to
 * the follower always do) and `notify`, which UserDetailed reports; following/invalidate removes a
 * follower. Follows stored before `notify` existed still read, with notify 'none'.
 */
import { open } from 'lmdb';
import * as Misskey from 'misskey-js';
import t from 'tap';
import { recordEncoder, SHAPES } from '../src/store/index.js';
import { ids, isApiError, isOk } from './helpers/assert.js';
import { type Account, api, call, post, type Server, signup, startServer, tempDir } from './helpers/server.js';

let server: Server;
t.before(async () => {
  server = await startServer();
});

/** Ids on the follower's home (or hybrid) timeline. */
const timeline = async (who: Account, endpoint = 'notes/timeline') =>
  ids(await call(server.url, endpoint, { limit: 100 }, who.token));

t.test("withReplies decides whether a followee's replies to others reach home and hybrid timelines", async (t) => {
  const alice = await signup(server.url, 'wr_alice');
  const bob = await signup(server.url, 'wr_bob');
  const carol = await signup(server.url, 'wr_carol');
  await call(server.url, 'following/create', { userId: alice.id }, bob.token);
  const carolsNote = await post(server.url, carol.token, 'carol speaks');
  const bobsNote = await post(server.url, bob.token, 'bob speaks');
  const alicesNote = await post(server.url, alice.token, 'alice speaks');

  const toCarolBefore = await post(server.url, alice.token, { text: 'to carol', replyId: carolsNote.id });
  const toBob = await post(server.url, alice.token, { text: 'to bob', replyId: bobsNote.id });
  const toHerself = await post(server.url, alice.token, { text: 'thread', replyId: alicesNote.id });
  let home = await timeline(bob);
  t.notOk(home.includes(toCarolBefore.id), 'without withReplies a reply to a third party stays out');
  t.ok(home.includes(toBob.id), 'a reply to the follower always shows');
  t.ok(home.includes(toHerself.id), 'a reply to oneself always shows');

  const answer = await call(server.url, 'following/update', { userId: alice.id, withReplies: true }, bob.token);
  t.equal(answer.id, bob.id, 'following/update answers the caller (UserLite), as Misskey does');
  const shown = await call(server.url, 'users/show', { userId: alice.id }, bob.token);
  t.equal(shown.withReplies, true, 'UserDetailed reports withReplies');
  t.equal(shown.notify, 'none', 'notify untouched (default none)');

  const toCarolAfter = await post(server.url, alice.token, { text: 'to carol again', replyId: carolsNote.id });
  home = await timeline(bob);
  t.ok(home.includes(toCarolAfter.id), 'with withReplies the reply to a third party reaches home');
  t.ok((await timeline(bob, 'notes/hybrid-timeline')).includes(toCarolAfter.id), 'and the hybrid timeline');

  await call(server.url, 'following/update', { userId: alice.id, withReplies: false, notify: 'normal' }, bob.token);
  const again = await call(server.url, 'users/show', { userId: alice.id }, bob.token);
  t.equal(again.withReplies, false);
  t.equal(again.notify, 'normal', 'notify normal is stored');
  const toCarolLast = await post(server.url, alice.token, { text: 'to carol thrice', replyId: carolsNote.id });
  t.notOk((await timeline(bob)).includes(toCarolLast.id), 'withReplies off again: left out');
  t.notOk((await timeline(bob, 'notes/hybrid-timeline')).includes(toCarolLast.id), 'of hybrid too');
});

t.test("a follow request's withReplies carries over to the follow when it is accepted", async (t) => {
  const locked = await signup(server.url, 'req_locked');
  const asker = await signup(server.url, 'req_asker');
  const plain = await signup(server.url, 'req_plain');
  await call(server.url, 'i/update', { isLocked: true }, locked.token);
  await call(server.url, 'following/create', { userId: locked.id, withReplies: true }, asker.token);
  await call(server.url, 'following/create', { userId: locked.id }, plain.token);
  await call(server.url, 'following/requests/accept', { userId: asker.id }, locked.token);
  await call(server.url, 'following/requests/accept', { userId: plain.id }, locked.token);
  t.equal((await call(server.url, 'users/show', { userId: locked.id }, asker.token)).withReplies, true, 'asked: kept');
  t.equal((await call(server.url, 'users/show', { userId: locked.id }, plain.token)).withReplies, false, 'not asked');
});

t.test('following/update-all changes every follow of the caller', async (t) => {
  const dave = await signup(server.url, 'ua_dave');
  const followees = [await signup(server.url, 'ua_e1'), await signup(server.url, 'ua_e2')];
  const other = await signup(server.url, 'ua_other');
  for (const f of followees) await call(server.url, 'following/create', { userId: f.id }, dave.token);
  await call(server.url, 'following/create', { userId: followees[0]!.id }, other.token);
  isOk(t, await api(server.url, 'following/update-all', { withReplies: true, notify: 'normal' }, dave.token), 204);
  for (const f of followees) {
    const shown = await call(server.url, 'users/show', { userId: f.id }, dave.token);
    t.equal(shown.withReplies, true, `withReplies set on the follow of ${f.username}`);
    t.equal(shown.notify, 'normal');
  }
  const untouched = await call(server.url, 'users/show', { userId: followees[0]!.id }, other.token);
  t.equal(untouched.withReplies, false, "someone else's follow is untouched");
});

t.test('following/invalidate removes a follower and fixes both counts', async (t) => {
  const erin = await signup(server.url, 'inv_erin');
  const frank = await signup(server.url, 'inv_frank');
  await call(server.url, 'following/create', { userId: erin.id }, frank.token);
  const answer = await call(server.url, 'following/invalidate', { userId: frank.id }, erin.token);
  t.equal(answer.id, erin.id, 'answers the caller (UserLite), as Misskey does');
  const relation = await call(server.url, 'users/relation', { userId: erin.id }, frank.token);
  t.equal(relation.isFollowing, false, 'the follower no longer follows');
  t.equal((await call(server.url, 'users/show', { userId: erin.id })).followersCount, 0, 'followersCount back to 0');
  t.equal((await call(server.url, 'users/show', { userId: frank.id })).followingCount, 0, 'followingCount back to 0');
  isApiError(
    t,
    await api(server.url, 'following/invalidate', { userId: frank.id }, erin.token),
    400,
    'NOT_FOLLOWING',
    '918faac3-074f-41ae-9c43-ed5d2946770d',
  );
});

t.test("follow settings answer Misskey's errors", async (t) => {
  const gina = await signup(server.url, 'err_gina');
  const hank = await signup(server.url, 'err_hank');
  const unknown = '0000000000000000';
  isApiError(
    t,
    await api(server.url, 'following/update', { userId: hank.id, withReplies: true }, gina.token),
    400,
    'NOT_FOLLOWING',
    'b8dc75cf-1cb5-46c9-b14b-5f1ffbd782c9',
  );
  isApiError(
    t,
    await api(server.url, 'following/update', { userId: unknown }, gina.token),
    400,
    'NO_SUCH_USER',
    '14318698-f67e-492a-99da-5353a5ac52be',
  );
  isApiError(
    t,
    await api(server.url, 'following/update', { userId: gina.id }, gina.token),
    400,
    'FOLLOWEE_IS_YOURSELF',
    '4c4cbaf9-962a-463b-8418-a5e365dbf2eb',
  );
  isApiError(
    t,
    await api(server.url, 'following/update', { userId: hank.id, notify: 'loud' }, gina.token),
    400,
    'INVALID_PARAM',
  );
  isApiError(
    t,
    await api(server.url, 'following/invalidate', { userId: gina.id }, gina.token),
    400,
    'FOLLOWER_IS_YOURSELF',
    '07dc03b9-03da-422d-885b-438313707662',
  );
  isApiError(
    t,
    await api(server.url, 'following/invalidate', { userId: unknown }, gina.token),
    400,
    'NO_SUCH_USER',
    'b77e6ae6-a3e5-40da-9cc8-c240115479cc',
  );
});

t.test('misskey-js calls following/update, update-all and invalidate', async (t) => {
  const ivy = await signup(server.url, 'mk_ivy');
  const jack = await signup(server.url, 'mk_jack');
  const ivyApi = new Misskey.api.APIClient({ origin: server.url, credential: ivy.token });
  const jackApi = new Misskey.api.APIClient({ origin: server.url, credential: jack.token });
  await ivyApi.request('following/create', { userId: jack.id });
  const me = await ivyApi.request('following/update', { userId: jack.id, notify: 'normal', withReplies: true });
  t.equal(me.id, ivy.id);
  await ivyApi.request('following/update-all', { withReplies: false });
  const shown = await ivyApi.request('users/show', { userId: jack.id });
  t.equal((shown as { withReplies?: boolean }).withReplies, false, 'update-all through misskey-js');
  await jackApi.request('following/invalidate', { userId: ivy.id });
  const relation = await jackApi.request('users/relation', { userId: ivy.id });
  t.equal((relation as { isFollowed: boolean }).isFollowed, false, 'invalidate through misskey-js');
});

t.test('a follow stored before notify existed reads as notify none and can be updated', async (t) => {
  const dataDir = tempDir();
  const first = await startServer({ dataDir });
  const alice = await signup(first.url, 'alice');
  const bob = await signup(first.url, 'bob');
  await call(first.url, 'following/create', { userId: alice.id, withReplies: true }, bob.token);
  t.equal(await first.stop(), 0);
  // rewrite the edge with the field list an older Flock stored (no notify)
  const env = open({ path: dataDir, maxDbs: 64 });
  const follows = env.openDB<Record<string, unknown>, string>({ name: 'follows', encoder: recordEncoder() } as never);
  const key = bob.id + alice.id;
  const { id, withReplies } = follows.get(key)!;
  await follows.put(key, { id, withReplies });
  const oldShape = SHAPES.findIndex((keys) => keys.join() === 'id,withReplies');
  t.equal(follows.getBinary(key)![0], 0x40 + oldShape, 'the edge is now stored with the older shape');
  await env.close();

  const again = await startServer({ dataDir });
  const shown = await call(again.url, 'users/show', { userId: alice.id }, bob.token);
  t.equal(shown.notify, 'none', 'notify defaults to none');
  t.equal(shown.withReplies, true, 'withReplies as stored');
  await call(again.url, 'following/update', { userId: alice.id, notify: 'normal' }, bob.token);
  const updated = await call(again.url, 'users/show', { userId: alice.id }, bob.token);
  t.equal(updated.notify, 'normal');
  t.equal(updated.withReplies, true, 'the other setting kept');
  await again.stop();
});
