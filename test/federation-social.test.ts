/**
 * Social activities through the real server and a real signing peer (test/helpers/remote-peer.ts):
 * Follow (auto-accepted, or a request for a locked account, answered by the local user), Accept and
 * Reject of a local user's Follow, Undo{Follow} (by the follower only), Block and Undo{Block}, Update
 * and Delete of the sender's own actor, Move and Flag. What each owes the sender is read from the
 * outgoing-activity queue once the server is SIGKILLed right after a 200.
 */
import { generateKeyPairSync } from 'node:crypto';
import t from 'tap';
import { until } from './helpers/assert.js';
import { queuedActivities } from './helpers/outbox.js';
import { AS_CONTEXT, startRemotePeer } from './helpers/remote-peer.js';
import { api, call, post, signup, sleep, startServer } from './helpers/server.js';

t.test('social activities', async (t) => {
  const peer = await startRemotePeer(t, ['bob', 'dave', 'mallory', 'ghost', 'old', 'reporter']);
  // refused, so the outbox keeps what it owes the peer queued for the SIGKILL test to read
  peer.answerPost = () => 503;
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const admin = await signup(url, 'boss');
  const alice = await signup(url, 'alice');
  const carol = await signup(url, 'carol');
  const uri = (id: string) => `${url}/users/${id}`;
  const inbox = `${url}/inbox`;
  const deliver = (name: string, type: string, object: unknown, extra?: Record<string, unknown>) =>
    peer.deliver(inbox, peer.activity(name, type, object, extra), name);
  const remoteId = async (name: string) =>
    (await call(url, 'users/show', { username: name, host: peer.host }, admin.token)).id as string;
  const relation = (token: string, userId: string) => call(url, 'users/relation', { userId }, token);
  const followerIds = async (userId: string) =>
    ((await call(url, 'users/followers', { userId, limit: 100 })) as { followerId: string }[]).map((f) => f.followerId);
  const followFrom = (name: string, followee: string) => ({
    id: peer.newId('follows'),
    type: 'Follow',
    actor: peer.actor(name),
    object: followee,
  });

  const bobFollow = followFrom('bob', uri(alice.id));
  await t.test('a remote Follow of a local user makes a follower', async (t) => {
    t.equal(await peer.deliver(inbox, { '@context': AS_CONTEXT, ...bobFollow }, 'bob'), 202);
    const bobId = await remoteId('bob');
    t.ok(await until(async () => (await followerIds(alice.id)).includes(bobId)), 'bob follows alice');
    t.equal((await call(url, 'users/show', { userId: alice.id })).followersCount, 1);
  });

  await t.test('a Follow of an unknown local user is refused', async (t) => {
    t.equal(await deliver('dave', 'Follow', uri('0000000000000000')), 202, 'accepted for processing');
  });

  await t.test('Undo{Follow} by another actor is ignored; by the follower it ends the follow', async (t) => {
    const bobId = await remoteId('bob');
    t.equal(await deliver('mallory', 'Undo', bobFollow), 202);
    await deliver('mallory', 'Undo', { ...bobFollow, actor: peer.actor('mallory') });
    await sleep(500);
    t.ok((await followerIds(alice.id)).includes(bobId), 'still following after the forged Undo');
    t.equal(await deliver('bob', 'Undo', bobFollow), 202);
    t.ok(await until(async () => !(await followerIds(alice.id)).includes(bobId)), 'unfollowed');
    // follows again, for the timeline and Block steps
    await deliver('bob', 'Follow', uri(alice.id));
    t.ok(await until(async () => (await followerIds(alice.id)).includes(bobId)));
  });

  await t.test("a remote follower's timeline is not kept here", async (t) => {
    const note = await post(url, alice.token, 'hello followers');
    const home = await call(url, 'notes/timeline', {}, alice.token);
    t.equal(home[0].id, note.id, "the author's own home timeline has it");
  });

  await t.test('following a remote user: Accept makes the follow, Reject removes the request', async (t) => {
    const bobId = await remoteId('bob');
    await call(url, 'following/create', { userId: bobId }, alice.token);
    t.equal((await relation(alice.token, bobId)).hasPendingFollowRequestFromYou, true);
    t.equal(await deliver('bob', 'Accept', { type: 'Follow', actor: uri(alice.id), object: peer.actor('bob') }), 202);
    t.ok(await until(async () => (await relation(alice.token, bobId)).isFollowing === true), 'accepted');
    t.equal((await relation(alice.token, bobId)).hasPendingFollowRequestFromYou, false);

    const daveId = await remoteId('dave');
    await call(url, 'following/create', { userId: daveId }, carol.token);
    t.equal(
      await deliver('mallory', 'Accept', { type: 'Follow', actor: uri(carol.id), object: peer.actor('dave') }),
      202,
      "someone else's Accept",
    );
    await sleep(500);
    t.equal((await relation(carol.token, daveId)).isFollowing, false, 'is not an Accept of the Follow');
    t.equal(await deliver('dave', 'Reject', { type: 'Follow', actor: uri(carol.id), object: peer.actor('dave') }), 202);
    t.ok(
      await until(async () => (await relation(carol.token, daveId)).hasPendingFollowRequestFromYou === false),
      'rejected',
    );
    t.equal((await relation(carol.token, daveId)).isFollowing, false);
  });

  await t.test('a remote Block ends the follows both ways; Undo{Block} lifts it', async (t) => {
    const bobId = await remoteId('bob');
    t.equal((await relation(alice.token, bobId)).isFollowed, true, 'bob follows alice');
    const block = peer.activity('bob', 'Block', uri(alice.id));
    t.equal(await peer.deliver(inbox, block, 'bob'), 202);
    t.ok(await until(async () => (await relation(alice.token, bobId)).isBlocked === true), 'alice is blocked');
    const rel = await relation(alice.token, bobId);
    t.same([rel.isFollowing, rel.isFollowed], [false, false], 'no follow either way');
    t.equal(await deliver('bob', 'Undo', block), 202);
    t.ok(await until(async () => (await relation(alice.token, bobId)).isBlocked === false), 'unblocked');
  });

  await t.test("Update of the sender's own actor changes its profile", async (t) => {
    const res = await fetch(peer.actor('dave'), { headers: { Accept: 'application/activity+json' } });
    const doc = (await res.json()) as Record<string, unknown>;
    t.equal(await deliver('dave', 'Update', { ...doc, name: 'Dave the Updated', summary: '<p>new bio</p>' }), 202);
    const daveId = await remoteId('dave');
    t.ok(
      await until(async () => (await call(url, 'users/show', { userId: daveId })).name === 'Dave the Updated'),
      'the new name shows',
    );
    t.equal((await call(url, 'users/show', { userId: daveId })).description, 'new bio');
    t.equal(await deliver('mallory', 'Update', { ...doc, name: 'forged' }), 202, "an Update of another's actor");
    await sleep(500);
    t.equal((await call(url, 'users/show', { userId: daveId })).name, 'Dave the Updated', 'is not applied');
  });

  await t.test('Delete of the actor removes the remote user, its follows and its reactions', async (t) => {
    await deliver('ghost', 'Follow', uri(alice.id));
    const ghostId = await remoteId('ghost');
    t.ok(await until(async () => (await followerIds(alice.id)).includes(ghostId)));
    const liked = await post(url, alice.token, 'liked by a ghost');
    const reactions = async () => (await call(url, 'notes/show', { noteId: liked.id })).reactionCount as number;
    await deliver('ghost', 'Like', `${url}/notes/${liked.id}`);
    t.ok(await until(async () => (await reactions()) === 1), 'the reaction counted');
    t.equal(await deliver('ghost', 'Delete', peer.actor('ghost')), 202);
    t.ok(
      await until(async () => (await api(url, 'users/show', { userId: ghostId })).status === 404),
      'the user is gone',
    );
    t.ok(await until(async () => !(await followerIds(alice.id)).includes(ghostId)), 'its follow too');
    t.ok(await until(async () => (await reactions()) === 0), 'and its reaction');
  });

  await t.test('Move: local followers follow the target, which lists the old account', async (t) => {
    const oldId = await remoteId('old');
    await call(url, 'following/create', { userId: oldId }, carol.token);
    await deliver('old', 'Accept', { type: 'Follow', actor: uri(carol.id), object: peer.actor('old') });
    t.ok(await until(async () => (await relation(carol.token, oldId)).isFollowing === true));

    const key = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const newUri = `${peer.origin}/people/new`;
    const newActor = (alsoKnownAs: string[]) => ({
      '@context': [AS_CONTEXT, 'https://w3id.org/security/v1'],
      id: newUri,
      type: 'Person',
      preferredUsername: 'new',
      inbox: `${newUri}/inbox`,
      endpoints: { sharedInbox: `${peer.origin}/inbox` },
      alsoKnownAs,
      publicKey: { id: `${newUri}#main-key`, owner: newUri, publicKeyPem: key.publicKey },
    });
    peer.serve(newActor([]));
    t.equal(await deliver('old', 'Move', peer.actor('old'), { target: newUri }), 202);
    await sleep(500);
    t.equal(
      (await relation(carol.token, oldId)).isFollowing,
      true,
      'a target that does not list the old account: no move',
    );

    peer.serve(newActor([peer.actor('old')]));
    t.equal(await deliver('old', 'Move', peer.actor('old'), { target: newUri }), 202);
    t.ok(await until(async () => (await relation(carol.token, oldId)).isFollowing === false), 'stopped following');
    const newId = await remoteId('new');
    t.equal((await relation(carol.token, newId)).hasPendingFollowRequestFromYou, true, 'follows the target (pending)');
    t.equal((await call(url, 'users/show', { userId: oldId }, carol.token)).movedTo, newId, 'movedTo recorded');
  });

  await t.test('Flag: a remote report shows in admin/abuse-user-reports', async (t) => {
    const note = await post(url, carol.token, 'reported');
    const comment = `spam ${'x'.repeat(5000)}`;
    t.equal(await deliver('reporter', 'Flag', [uri(carol.id), `${url}/notes/${note.id}`], { content: comment }), 202);
    const reporterId = await remoteId('reporter');
    let reports: any[] = [];
    t.ok(
      await until(async () => {
        reports = await call(url, 'admin/abuse-user-reports', {}, admin.token);
        return reports.length > 0;
      }),
    );
    t.equal(reports[0].targetUserId, carol.id);
    t.equal(reports[0].reporterId, reporterId, 'by the remote reporter');
    t.ok(reports[0].comment.startsWith('spam x'), 'the comment');
    t.ok(reports[0].comment.includes(`${url}/notes/${note.id}`), 'the reported note is listed');
    t.ok(reports[0].comment.length < 2300, 'bounded');
  });

  await t.test("a remote user's counts come from its collections' totalItems", async (t) => {
    const counted = peer.addActor('counted');
    peer.serve({ '@context': AS_CONTEXT, id: `${counted}/followers`, type: 'OrderedCollection', totalItems: 42 });
    const countedId = await remoteId('counted');
    t.ok(
      await until(async () => (await call(url, 'users/show', { userId: countedId })).followersCount === 42),
      'followersCount',
    );
    t.equal((await call(url, 'users/show', { userId: countedId })).followingCount, 0, 'no following collection: 0');
  });

  await t.test('a locked account: request, accept → Accept queued (survives SIGKILL)', async (t) => {
    await call(url, 'i/update', { isLocked: true }, carol.token);
    const daveFollow = followFrom('dave', uri(carol.id));
    t.equal(await peer.deliver(inbox, { '@context': AS_CONTEXT, ...daveFollow }, 'dave'), 202);
    const daveId = await remoteId('dave');
    t.ok(
      await until(async () => (await call(url, 'following/requests/list', {}, carol.token)).length === 1),
      'a follow request',
    );
    t.equal((await followerIds(carol.id)).length, 0, 'no follower yet');
    await call(url, 'following/requests/accept', { userId: daveId }, carol.token);
    await server.kill();

    const queued = await queuedActivities(server.dataDir);
    const answers = queued.filter((q) => q.activity.type === 'Accept' || q.activity.type === 'Reject');
    const toBob = answers.filter((q) => q.recipient === peer.actor('bob'));
    t.equal(toBob[0]?.activity.type, 'Accept', "bob's Follow was accepted");
    t.same(toBob[0]?.activity.object, {
      id: bobFollow.id,
      type: 'Follow',
      actor: peer.actor('bob'),
      object: uri(alice.id),
    });
    t.equal(toBob[0]?.signerId, alice.id);
    t.equal(toBob[0]?.inbox, `${peer.actor('bob')}/inbox`);
    const toDave = answers.filter((q) => q.recipient === peer.actor('dave'));
    t.same(
      toDave.map((q) => [q.activity.type, q.activity.object.id]),
      [['Accept', daveFollow.id]],
      "dave's request was accepted once carol answered, and only then",
    );
    t.equal(toDave[0]?.activity.actor, uri(carol.id));
    const unknown = queued.filter((q) => q.activity.actor === uri('0000000000000000'));
    t.equal(unknown.length, 0, 'nothing answers the Follow of an unknown user');
  });
});
