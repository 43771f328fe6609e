/**
 * Following a remote user through the real server: following/create on a remote peer's actor leaves a
 * pending request (as for a locked user) and queues a Follow signed by the follower, addressed to the
 * actor's inbox; withdrawing it (following/requests/cancel, following/delete) queues an Undo{Follow}
 * naming that Follow. The queue is read back from the stopped server's LMDB through the store's own
 * repository, and survives a SIGKILL right after the 200: the peer answers every delivery 503, so the
 * outbox keeps them queued (test/federation-outbox.test.ts follows them to the peer). After a restart
 * on the same origin, an Accept naming the Follow by id (not embedding it) makes the follow, and
 * unfollowing then queues an Undo naming that same Follow.
 */
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { queuedActivities } from './helpers/outbox.js';
import { startRemotePeer } from './helpers/remote-peer.js';
import { api, call, signup, sleep, startServer } from './helpers/server.js';

t.test('following a remote user', async (t) => {
  const peer = await startRemotePeer(t, ['carol']);
  peer.answerPost = () => 503;
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const carol = (await call(url, 'ap/show', { uri: peer.actor('carol') }, alice.token)).object;
  const relation = () => call(url, 'users/relation', { userId: carol.id }, alice.token);

  const created = await call(url, 'following/create', { userId: carol.id }, alice.token);
  t.equal(created.id, carol.id, 'following/create answers the followee');
  let rel = await relation();
  t.same([rel.isFollowing, rel.hasPendingFollowRequestFromYou], [false, true], 'pending until the Accept');
  isApiError(t, await api(url, 'following/create', { userId: carol.id }, alice.token), 400, 'ALREADY_FOLLOWING');

  const cancelled = await call(url, 'following/requests/cancel', { userId: carol.id }, alice.token);
  t.equal(cancelled.id, carol.id);
  rel = await relation();
  t.equal(rel.hasPendingFollowRequestFromYou, false, 'cancel withdrew the request');
  isApiError(
    t,
    await api(url, 'following/requests/cancel', { userId: carol.id }, alice.token),
    400,
    'FOLLOW_REQUEST_NOT_FOUND',
    '089b125b-d338-482a-9a09-e2622ac9f8d4',
  );

  await call(url, 'following/create', { userId: carol.id }, alice.token);
  await call(url, 'following/delete', { userId: carol.id }, alice.token);
  t.equal((await relation()).hasPendingFollowRequestFromYou, false, 'following/delete withdrew it too');
  await call(url, 'following/create', { userId: carol.id }, alice.token);
  await server.kill();

  const queued = await queuedActivities(server.dataDir);
  t.same(
    queued.map((q) => q.activity.type),
    ['Follow', 'Undo', 'Follow', 'Undo', 'Follow'],
    'every change queued its activity, in order, and the last survived SIGKILL',
  );
  const aliceUri = `${url}/users/${alice.id}`;
  for (const q of queued) {
    t.equal(q.signerId, alice.id, 'signed by the follower');
    t.equal(q.recipient, peer.actor('carol'));
    t.equal(q.inbox, `${peer.actor('carol')}/inbox`, "to the actor's inbox");
    t.equal(q.sharedInbox, `${peer.origin}/inbox`, 'its shared inbox kept beside it');
    t.equal(q.activity.actor, aliceUri);
    t.equal(q.activityId, q.activity.id);
    t.ok(q.activity.id.startsWith(`${url}/`), 'ids are on our origin');
  }
  const [follow1, undo1, follow2, undo2, follow3] = queued.map((q) => q.activity);
  t.equal(follow1!.object, peer.actor('carol'));
  t.same(undo1!.object, { id: follow1!.id, type: 'Follow', actor: aliceUri, object: peer.actor('carol') });
  t.equal(undo2!.object.id, follow2!.id, 'each Undo names its own Follow');
  t.equal(new Set([follow1!.id, follow2!.id, follow3!.id, undo1!.id, undo2!.id]).size, 5, 'every id is new');

  // the same port, so this server's origin (and the ids it queued) stays the same
  const restarted = await startServer({
    dataDir: server.dataDir,
    env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8', FLOCK_PORT: String(server.port) },
  });
  t.teardown(() => restarted.stop());
  t.equal(restarted.url, url);
  t.equal(await peer.deliver(`${url}/inbox`, peer.activity('carol', 'Accept', follow3!.id)), 202);
  let following = false;
  for (let i = 0; i < 100 && !following; i++) {
    following = (await call(url, 'users/relation', { userId: carol.id }, alice.token)).isFollowing;
    if (!following) await sleep(100);
  }
  t.ok(following, "carol's Accept naming the Follow by id made the follow");
  await call(url, 'following/delete', { userId: carol.id }, alice.token);
  await restarted.kill();
  const last = (await queuedActivities(server.dataDir)).at(-1)!.activity;
  t.equal(last.type, 'Undo', 'unfollowing queued an Undo');
  t.equal(last.object.id, follow3!.id, 'naming the accepted Follow');
});
