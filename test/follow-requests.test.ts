/** Locked accounts (i/update isLocked): following/create makes a request, which can be listed, accepted or rejected. */
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { type Account, api, call, post, type Server, signup, startServer } from './helpers/server.js';

let server: Server;
let locked: Account;

t.before(async () => {
  server = await startServer();
  locked = await signup(server.url, 'locked');
  const me = await call(server.url, 'i/update', { isLocked: true }, locked.token);
  if (me.isLocked !== true)
    throw new Error(
      `Expected i/update to answer MeDetailed with isLocked true, got ${JSON.stringify(me).slice(0, 300)}`,
    );
});

t.test('i/update isLocked:true is reflected in i and users/show', async (t) => {
  const me = await call(server.url, 'i', {}, locked.token);
  t.equal(me.isLocked, true, 'i');
  const shown = await call(server.url, 'users/show', { userId: locked.id });
  t.equal(shown.isLocked, true, 'users/show');
});

t.test('following/create on a locked account creates a request, not a follow', async (t) => {
  const alice = await signup(server.url, 'alice');
  const res = await api(server.url, 'following/create', { userId: locked.id }, alice.token);
  t.equal(res.status, 200, 'following/create answers 200');
  t.equal(res.body?.id, locked.id, 'with the followee (UserLite)');
  const relation = await call(server.url, 'users/show', { userId: locked.id }, alice.token);
  t.equal(relation.isFollowing, false, 'not following yet');
  t.equal(relation.hasPendingFollowRequestFromYou, true, 'request pending from alice');
  t.equal(relation.followersCount, 0, 'no follower yet');
  const fromLocked = await call(server.url, 'users/show', { userId: alice.id }, locked.token);
  t.equal(fromLocked.hasPendingFollowRequestToYou, true, 'the locked user sees the request to them');
  const me = await call(server.url, 'i', {}, locked.token);
  t.equal(me.hasPendingReceivedFollowRequest, true, 'MeDetailed.hasPendingReceivedFollowRequest');
  const list = await call(server.url, 'following/requests/list', {}, locked.token);
  t.equal(list.length, 1, 'following/requests/list shows one request');
  t.match(
    list[0],
    { id: String, follower: { id: alice.id, username: 'alice' }, followee: { id: locked.id, username: 'locked' } },
    '{id, follower, followee}',
  );
  const dup = await api(server.url, 'following/create', { userId: locked.id }, alice.token);
  t.ok(dup.status === 200 || dup.status === 400, `asking again does not make a second request (${dup.status})`);
  const again = await call(server.url, 'following/requests/list', {}, locked.token);
  t.equal(again.length, 1, 'still one request');
  const notMine = await call(server.url, 'following/requests/list', {}, alice.token);
  t.same(notMine, [], 'the requester has no received requests');
});

t.test('accept turns the request into a follow', async (t) => {
  const bob = await signup(server.url, 'bob');
  await call(server.url, 'following/create', { userId: locked.id }, bob.token);
  const secret = await post(server.url, locked.token, { text: 'followers only', visibility: 'followers' });
  const hidden = await call(server.url, 'notes/show', { noteId: secret.id }, bob.token);
  t.equal(hidden.isHidden, true, 'a pending requester cannot read followers-only notes');
  const accept = await api(server.url, 'following/requests/accept', { userId: bob.id }, locked.token);
  t.equal(accept.status, 204, 'accept answers 204');
  const relation = await call(server.url, 'users/show', { userId: locked.id }, bob.token);
  t.equal(relation.isFollowing, true, 'bob now follows');
  t.equal(relation.hasPendingFollowRequestFromYou, false, 'no longer pending');
  const list = await call(server.url, 'following/requests/list', {}, locked.token);
  t.notOk(
    list.some((r: { follower: { id: string } }) => r.follower.id === bob.id),
    'the request is gone from the list',
  );
  const readable = await call(server.url, 'notes/show', { noteId: secret.id }, bob.token);
  t.equal(readable.text, 'followers only', 'bob reads followers-only notes now');
  const next = await post(server.url, locked.token, { text: 'after accepting', visibility: 'followers' });
  const tl = ids(await call(server.url, 'notes/timeline', {}, bob.token));
  t.ok(tl.includes(next.id), "new notes reach bob's home timeline");
  const followers = await call(server.url, 'users/followers', { userId: locked.id }, locked.token);
  t.ok(
    followers.some(
      (f: { followerId?: string; follower?: { id: string } }) => (f.follower?.id ?? f.followerId) === bob.id,
    ),
    'bob is listed in users/followers',
  );
  const bobMe = await call(server.url, 'i', {}, bob.token);
  t.equal(bobMe.followingCount, 1, "bob's followingCount");
  const again = await api(server.url, 'following/requests/accept', { userId: bob.id }, locked.token);
  isApiError(t, again, 400, 'NO_FOLLOW_REQUEST', 'bcde4f8b-0913-4614-8881-614e522fb041');
});

t.test('reject removes the request without a follow', async (t) => {
  const carol = await signup(server.url, 'carol');
  await call(server.url, 'following/create', { userId: locked.id }, carol.token);
  const before = await call(server.url, 'users/show', { userId: locked.id });
  const reject = await api(server.url, 'following/requests/reject', { userId: carol.id }, locked.token);
  t.equal(reject.status, 204, 'reject answers 204');
  const list = await call(server.url, 'following/requests/list', {}, locked.token);
  t.notOk(
    list.some((r: { follower: { id: string } }) => r.follower.id === carol.id),
    'the request is gone',
  );
  const relation = await call(server.url, 'users/show', { userId: locked.id }, carol.token);
  t.equal(relation.isFollowing, false, 'carol does not follow');
  t.equal(relation.hasPendingFollowRequestFromYou, false, 'and has no pending request');
  t.equal(relation.followersCount, before.followersCount, 'followersCount unchanged');
  const retry = await api(server.url, 'following/create', { userId: locked.id }, carol.token);
  t.equal(retry.status, 200, 'carol may ask again');
  const listed = await call(server.url, 'following/requests/list', {}, locked.token);
  t.ok(
    listed.some((r: { follower: { id: string } }) => r.follower.id === carol.id),
    'and the new request is listed',
  );
});

t.test(
  'an unlocked account is followed at once; accepting a request that does not exist → NO_FOLLOW_REQUEST',
  async (t) => {
    const open = await signup(server.url, 'open');
    const dave = await signup(server.url, 'dave');
    await call(server.url, 'following/create', { userId: open.id }, dave.token);
    const relation = await call(server.url, 'users/show', { userId: open.id }, dave.token);
    t.equal(relation.isFollowing, true, 'followed at once');
    t.same(await call(server.url, 'following/requests/list', {}, open.token), [], 'no request');
    const unknown = await api(server.url, 'following/requests/accept', { userId: dave.id }, open.token);
    isApiError(t, unknown, 400, 'NO_FOLLOW_REQUEST', 'bcde4f8b-0913-4614-8881-614e522fb041');
  },
);

t.test(
  'a locked account is followed at once by someone it already follows (autoAcceptFollowed, on by default); with it off, that follow is a request',
  async (t) => {
    const picky = await signup(server.url, 'picky');
    await call(server.url, 'i/update', { isLocked: true }, picky.token);
    const friend = await signup(server.url, 'friend');
    t.equal(
      (await call(server.url, 'i', {}, picky.token)).autoAcceptFollowed,
      true,
      'autoAcceptFollowed is on for a new account',
    );
    await call(server.url, 'following/create', { userId: friend.id }, picky.token);

    await call(server.url, 'following/create', { userId: picky.id }, friend.token);
    const followed = await call(server.url, 'users/show', { userId: picky.id }, friend.token);
    t.equal(followed.isFollowing, true, 'followed back at once');
    t.equal(followed.hasPendingFollowRequestFromYou, false, 'without a request');
    t.equal(followed.followersCount, 1, 'and counted');
    t.notOk(
      (await call(server.url, 'following/requests/list', {}, picky.token)).some(
        (r: { follower: { id: string } }) => r.follower.id === friend.id,
      ),
      'nothing waits in the requests list',
    );

    await call(server.url, 'following/delete', { userId: picky.id }, friend.token);
    const me = await call(server.url, 'i/update', { autoAcceptFollowed: false }, picky.token);
    t.equal(me.autoAcceptFollowed, false, 'i/update turns autoAcceptFollowed off');
    t.equal((await call(server.url, 'i', {}, picky.token)).autoAcceptFollowed, false, 'and i says so');

    await call(server.url, 'following/create', { userId: picky.id }, friend.token);
    const requested = await call(server.url, 'users/show', { userId: picky.id }, friend.token);
    t.equal(requested.isFollowing, false, 'now the same follow is not at once');
    t.equal(requested.hasPendingFollowRequestFromYou, true, 'it is a pending request');
    t.equal(requested.followersCount, 0, 'and not counted');
    const list = await call(server.url, 'following/requests/list', {}, picky.token);
    t.ok(
      list.some((r: { follower: { id: string } }) => r.follower.id === friend.id),
      'listed in following/requests/list',
    );
    t.equal(
      (await call(server.url, 'users/show', { userId: friend.id }, picky.token)).isFollowing,
      true,
      'picky still follows friend',
    );
  },
);
