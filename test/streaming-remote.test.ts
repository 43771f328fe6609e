/**
 * Remote activity reaches Misskey's stream like local activity: a Like and a reply delivered by a real
 * signing peer (test/helpers/remote-peer.ts) arrive as `noteUpdated` on the watched note, as `reply` on the
 * author's main channel and on the global timeline, through misskey-js' Stream class.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import WebSocket from 'ws';
import { until } from './helpers/assert.js';
import { AS_PUBLIC, startRemotePeer } from './helpers/remote-peer.js';
import { post, signup, sleep, startServer } from './helpers/server.js';

t.test('a remote Like and reply arrive on the stream', async (t) => {
  const peer = await startRemotePeer(t, ['bob']);
  peer.answerPost = () => 202;
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const note = await post(url, alice.token, 'a local note');
  const noteUri = `${url}/notes/${note.id}`;

  const stream = new Misskey.Stream(url, { token: alice.token }, { WebSocket: WebSocket as any });
  t.teardown(() => stream.close());
  await new Promise<void>((resolve) => stream.once('_connected_', resolve));
  const updates: any[] = [];
  stream.on('noteUpdated', (event: any) => updates.push(event));
  const replies: any[] = [];
  stream.useChannel('main').on('reply', (n: any) => replies.push(n));
  const global: any[] = [];
  stream.useChannel('globalTimeline').on('note', (n: any) => global.push(n));
  stream.send('sr', { id: note.id });
  await sleep(300);

  const deliver = async (type: string, object: unknown, extra: Record<string, unknown> = {}) =>
    t.equal(
      await peer.deliver(`${url}/inbox`, peer.activity('bob', type, object, extra), 'bob'),
      202,
      `${type} accepted`,
    );
  await deliver('Like', noteUri, { _misskey_reaction: '👍' });
  t.ok(await until(() => updates.some((e) => e.type === 'reacted')), 'the remote reaction as noteUpdated');
  t.match(
    updates.find((e) => e.type === 'reacted'),
    { id: note.id, body: { reaction: '👍' } },
  );

  await deliver('Create', {
    id: peer.newId('notes'),
    type: 'Note',
    attributedTo: peer.actor('bob'),
    content: '<p>a remote reply</p>',
    inReplyTo: noteUri,
    to: [AS_PUBLIC],
    cc: [`${url}/users/${alice.id}`],
  });
  t.ok(await until(() => replies.length === 1), 'the remote reply on main');
  t.match(replies[0], { replyId: note.id, user: { username: 'bob', host: peer.host } });
  t.ok(await until(() => global.some((n) => n.user?.host === peer.host)), 'and on the global timeline');
});
