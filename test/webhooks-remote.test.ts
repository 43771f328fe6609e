/**
 * Hooks hear of remote activity as of local: a remote user's Follow and Like, verified by the inbox and
 * applied through the same actor commands, reach the local user's `followed` and `reaction` hooks.
 */
import t from 'tap';
import { eventually } from './helpers/assert.js';
import { signedWith, startHookReceiver } from './helpers/hook-receiver.js';
import { AS_CONTEXT, startRemotePeer } from './helpers/remote-peer.js';
import { call, post, signup, startServer } from './helpers/server.js';

t.test("a remote user's follow and reaction reach the local user's hooks", async (t) => {
  const receiver = await startHookReceiver(t);
  const peer = await startRemotePeer(t, ['bob']);
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const { url } = server;
  const alice = await signup(url, 'alice');
  await call(
    url,
    'i/webhooks/create',
    { name: 'remote', url: `${receiver.url}/hook`, secret: 'r', on: ['followed', 'reaction'] },
    alice.token,
  );
  const note = await post(url, alice.token, 'react to me');

  const follow = {
    '@context': AS_CONTEXT,
    id: peer.newId('follows'),
    type: 'Follow',
    actor: peer.actor('bob'),
    object: `${url}/users/${alice.id}`,
  };
  t.equal(await peer.deliver(`${url}/inbox`, follow, 'bob'), 202);
  const like = {
    '@context': AS_CONTEXT,
    id: peer.newId('likes'),
    type: 'Like',
    actor: peer.actor('bob'),
    object: `${url}/notes/${note.id}`,
    content: '👍',
    _misskey_reaction: '👍',
  };
  t.equal(await peer.deliver(`${url}/inbox`, like, 'bob'), 202);

  const of = (type: string) => receiver.calls.find((c) => c.body?.type === type);
  await eventually(t, 'the followed hook was called', () => of('followed') !== undefined);
  await eventually(t, 'the reaction hook was called', () => of('reaction') !== undefined);
  t.ok(signedWith(of('followed')!, 'r') && signedWith(of('reaction')!, 'r'), 'both signed');
  t.match(of('followed')!.body.body, { user: { username: 'bob', host: peer.host } });
  t.match(of('reaction')!.body.body, {
    note: { id: note.id },
    reaction: '👍',
    user: { username: 'bob', host: peer.host },
  });
});
