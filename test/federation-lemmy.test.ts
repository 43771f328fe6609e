/**
 * Lemmy, played by a real node:http server in Lemmy's shapes (test/helpers/lemmy-peer.ts): a Flock
 * user finds a community (a `Group` actor) by acct through WebFinger and by URI, as a remote user.
 */
import t from 'tap';
import { startLemmyPeer } from './helpers/lemmy-peer.js';
import { call, signup, startServer } from './helpers/server.js';

t.test('Lemmy communities', async (t) => {
  const lemmy = await startLemmyPeer(t, 'tenforward', ['picard']);
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');

  await t.test('a community is found by acct and by URI, as one remote user', async (t) => {
    const byAcct = await call(url, 'users/show', { username: 'tenforward', host: lemmy.host }, alice.token);
    t.match(byAcct, {
      username: 'tenforward',
      host: lemmy.host,
      uri: lemmy.community('tenforward'),
      name: 'Ten Forward',
      description: 'The lounge of the Enterprise',
    });
    const byUri = await call(url, 'ap/show', { uri: lemmy.community('tenforward') }, alice.token);
    t.equal(byUri.type, 'User');
    t.equal(byUri.object.id, byAcct.id, 'the same user');
    const person = await call(url, 'ap/show', { uri: lemmy.user('picard') }, alice.token);
    t.match(person.object, { username: 'picard', host: lemmy.host });
  });
});
