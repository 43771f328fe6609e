/**
 * Remote activity notifies like local activity: a Follow, a Like, a reply and a mention delivered by a
 * real signing peer (test/helpers/remote-peer.ts) reach the local user's notifications, with the
 * remote user as `user`; a muted remote user's do not.
 */
import type * as Misskey from 'misskey-js';
import t from 'tap';
import { until } from './helpers/assert.js';
import { AS_PUBLIC, startRemotePeer } from './helpers/remote-peer.js';
import { call, post, signup, startServer } from './helpers/server.js';

type Notification = Misskey.entities.Notification;

t.test('remote follows, reactions, replies and mentions notify', async (t) => {
  const peer = await startRemotePeer(t, ['bob', 'mallory']);
  peer.answerPost = () => 202;
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const inbox = `${url}/inbox`;
  const alice = await signup(url, 'alice');
  const aliceUri = `${url}/users/${alice.id}`;
  const deliver = async (actor: string, type: string, object: unknown, extra: Record<string, unknown> = {}) =>
    t.equal(await peer.deliver(inbox, peer.activity(actor, type, object, extra), actor), 202, `${type} accepted`);
  const notifications = async () =>
    (await call(url, 'i/notifications', { markAsRead: false, limit: 100 }, alice.token)) as Notification[];
  /** Waits until alice has `count` notifications (the inbox applies activities in the background). */
  const waitFor = async (count: number) => {
    t.ok(await until(async () => (await notifications()).length >= count), `${count} notifications`);
    return notifications();
  };
  const note = await post(url, alice.token, 'a local note');
  const noteUri = `${url}/notes/${note.id}`;

  await deliver('bob', 'Follow', aliceUri);
  const [follow] = await waitFor(1);
  t.match(follow, { type: 'follow', user: { username: 'bob', host: peer.host } });
  const bobId = (follow as Extract<Notification, { type: 'follow' }>).userId;

  await deliver('bob', 'Like', noteUri, { _misskey_reaction: '👍' });
  const [reaction] = await waitFor(2);
  t.match(reaction, { type: 'reaction', userId: bobId, reaction: '👍', note: { id: note.id } });

  const reply = {
    id: peer.newId('notes'),
    type: 'Note',
    attributedTo: peer.actor('bob'),
    content: '<p>a remote reply</p>',
    inReplyTo: noteUri,
    to: [AS_PUBLIC],
    cc: [aliceUri],
  };
  await deliver('bob', 'Create', reply);
  const [replied] = await waitFor(3);
  t.match(replied, { type: 'reply', userId: bobId, note: { replyId: note.id, user: { username: 'bob' } } });

  const mention = {
    id: peer.newId('notes'),
    type: 'Note',
    attributedTo: peer.actor('bob'),
    content: `<p><a href="${aliceUri}" class="mention">@alice</a> hello</p>`,
    tag: [{ type: 'Mention', href: aliceUri, name: `@alice@${new URL(url).host}` }],
    to: [AS_PUBLIC],
    cc: [aliceUri],
  };
  await deliver('bob', 'Create', mention);
  const [mentioned] = await waitFor(4);
  t.match(mentioned, { type: 'mention', userId: bobId });

  // once muted, mallory's Like counts and notifies no one; her earlier follow is no longer listed either
  await deliver('mallory', 'Follow', aliceUri);
  const bothFollow = await until(async () => {
    const followers = (await call(url, 'users/followers', { userId: alice.id })) as { followerId: string }[];
    return followers.length === 2;
  });
  t.ok(bothFollow, 'mallory follows');
  const mallory = await call(url, 'users/show', { username: 'mallory', host: peer.host });
  await call(url, 'mute/create', { userId: mallory.id }, alice.token);
  await deliver('mallory', 'Like', noteUri);
  t.ok(
    await until(async () => (await call(url, 'notes/show', { noteId: note.id })).reactionCount === 2),
    'the reaction counts',
  );
  t.same(
    (await notifications()).map((n) => n.type),
    ['mention', 'reply', 'reaction', 'follow'],
    'nothing from mallory',
  );
});
