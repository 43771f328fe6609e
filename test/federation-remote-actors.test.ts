/**
 * Remote actors through the real server: ap/show and users/show find a Fedify peer's actors (by URI
 * and through WebFinger), with GETs signed by Flock's instance actor that Fedify's authorized fetch
 * verifies; they are stored as remote users and cached; the SSRF guard holds without the allowlist.
 */
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { startFedifyPeer } from './helpers/fedify-peer.js';
import { api, call, post, signup, startServer } from './helpers/server.js';

t.test('remote actors', async (t) => {
  const peer = await startFedifyPeer(t, { authorizedFetch: true });
  const peerHost = new URL(peer.origin).host;
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');

  await t.test('ap/show fetches a remote actor with a signed GET and stores it as a remote user', async (t) => {
    const shown = await call(url, 'ap/show', { uri: peer.actorUrl('carol') }, alice.token);
    t.equal(shown.type, 'User');
    t.equal(shown.object.username, 'carol');
    t.equal(shown.object.host, peerHost);
    t.equal(shown.object.uri, peer.actorUrl('carol'));
    t.equal(shown.object.avatarUrl, 'https://images.example/carol.png', 'the icon is the avatar');
    t.same(
      peer.actorFetches.filter((f) => f.identifier === '(authorize)').map((f) => f.signedBy),
      [`${url}/actor`],
      "Fedify's authorized fetch verified the instance actor's signature",
    );
    const fetches = peer.actorFetches.length;
    const again = await call(url, 'ap/show', { uri: peer.actorUrl('carol') }, alice.token);
    t.equal(again.object.id, shown.object.id, 'one user per actor');
    t.equal(peer.actorFetches.length, fetches, 'the second lookup was served from the cache');
    const byId = await call(url, 'users/show', { userId: shown.object.id });
    t.equal(byId.host, peerHost, 'users/show knows the remote user');
    const byAcct = await call(url, 'users/show', { username: 'carol', host: peerHost });
    t.equal(byAcct.id, shown.object.id, 'and by acct');
  });

  await t.test('users/show resolves an unknown remote acct through WebFinger', async (t) => {
    const dave = await call(url, 'users/show', { username: 'dave', host: peerHost });
    t.equal(dave.username, 'dave');
    t.equal(dave.host, peerHost);
    t.equal(dave.uri, peer.actorUrl('dave'));
    const missing = await api(url, 'users/show', { username: 'nobody!', host: peerHost });
    isApiError(t, missing, 404, 'NO_SUCH_USER', '4362f8dc-731f-4ad8-a694-be5a88922a24');
  });

  await t.test("ap/show answers Misskey's errors and this server's own objects", async (t) => {
    isApiError(t, await api(url, 'ap/show', { uri: 'not a uri' }, alice.token), 400, 'URI_INVALID');
    isApiError(t, await api(url, 'ap/show', { uri: 'file:///etc/passwd' }, alice.token), 400, 'URI_INVALID');
    isApiError(
      t,
      await api(url, 'ap/show', { uri: `${peer.origin}/nothing-here` }, alice.token),
      400,
      'REQUEST_FAILED',
    );
    isApiError(
      t,
      await api(url, 'ap/show', { uri: `${url}/users/0000000000000000` }, alice.token),
      400,
      'NO_SUCH_OBJECT',
    );
    const me = await call(url, 'ap/show', { uri: `${url}/@alice` }, alice.token);
    t.same([me.type, me.object.id], ['User', alice.id]);
    const note = await post(url, alice.token, 'mine');
    const shownNote = await call(url, 'ap/show', { uri: `${url}/notes/${note.id}` }, alice.token);
    t.same([shownNote.type, shownNote.object.id, shownNote.object.text], ['Note', note.id, 'mine']);
    isApiError(t, await api(url, 'ap/show', { uri: peer.actorUrl('carol') }), 401, 'CREDENTIAL_REQUIRED');
  });

  await t.test('without the allowlist the same lookups never reach the loopback peer', async (t) => {
    const guarded = await startServer();
    t.teardown(() => guarded.stop());
    const bob = await signup(guarded.url, 'bob');
    const before = peer.actorFetches.length;
    isApiError(t, await api(guarded.url, 'ap/show', { uri: peer.actorUrl('erin') }, bob.token), 400, 'REQUEST_FAILED');
    isApiError(t, await api(guarded.url, 'users/show', { username: 'erin', host: peerHost }), 404, 'NO_SUCH_USER');
    t.equal(peer.actorFetches.length, before, 'nothing was fetched');
  });
});
