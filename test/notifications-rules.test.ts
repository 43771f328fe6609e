/**
 * Whom notifications are kept from: the recipient's blocks (either way) and mutes, muted threads,
 * notificationRecieveConfig; the grouped list; and notifications surviving a SIGKILL right after the
 * 200 of the command that made them.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { type Account, api, call, post, signup, startServer } from './helpers/server.js';

type Notification = Misskey.entities.Notification;

t.test('blocks, mutes, thread mutes and the receive config keep notifications out', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const u = server.url;
  const alice = await signup(u, 'alice');
  const bob = await signup(u, 'bob');
  const carol = await signup(u, 'carol');
  const dave = await signup(u, 'dave');
  const types = async (account: Account) =>
    ((await call(u, 'i/notifications', { markAsRead: false, limit: 100 }, account.token)) as Notification[]).map(
      (n) => `${n.type}:${'userId' in n ? n.userId : ''}`,
    );
  const flush = (account: Account) => api(u, 'notifications/flush', {}, account.token);
  const note = await post(u, alice.token, 'notify me');

  await call(u, 'mute/create', { userId: bob.id }, alice.token);
  await call(u, 'notes/reactions/create', { noteId: note.id, reaction: '👍' }, bob.token);
  await post(u, bob.token, { text: '@alice muted', replyId: note.id });
  t.same(await types(alice), [], 'nothing from a muted user');
  await call(u, 'mute/delete', { userId: bob.id }, alice.token);

  await call(u, 'blocking/create', { userId: carol.id }, alice.token);
  await post(u, carol.token, { text: 'hey @alice' });
  t.same(await types(alice), [], 'nothing from a blocked user (even a mention)');
  await call(u, 'blocking/create', { userId: alice.id }, dave.token);
  await post(u, dave.token, { text: 'hey @alice' });
  t.same(await types(alice), [], 'nothing from a user who blocks the recipient');

  const reply = await post(u, bob.token, { text: 'a reply', replyId: note.id });
  t.same(await types(alice), [`reply:${bob.id}`]);
  await call(u, 'notes/thread-muting/create', { noteId: reply.id }, alice.token);
  await post(u, bob.token, { text: 'deeper', replyId: reply.id });
  await post(u, bob.token, { text: '@alice in the thread', replyId: note.id });
  t.same(await types(alice), [`reply:${bob.id}`], 'no reply or mention from a muted thread');
  await call(u, 'notes/thread-muting/delete', { noteId: reply.id }, alice.token);
  await flush(alice);

  const erin = await signup(u, 'erin');
  const config = (notificationRecieveConfig: Record<string, unknown>) =>
    call(u, 'i/update', { notificationRecieveConfig }, alice.token);
  await config({ reaction: { type: 'never' } });
  await call(u, 'notes/reactions/create', { noteId: note.id, reaction: '🎉' }, erin.token);
  t.same(await types(alice), [], 'never');
  await config({ follow: { type: 'following' }, mention: { type: 'follower' } });
  await call(u, 'following/create', { userId: alice.id }, erin.token);
  await post(u, bob.token, 'hi @alice');
  t.same(await types(alice), [], 'following: only from whom the recipient follows; follower: from followers');
  await post(u, erin.token, 'hi @alice');
  t.same(await types(alice), [`mention:${erin.id}`], 'erin follows alice');
  await flush(alice);
  const list = await call(u, 'users/lists/create', { name: 'friends' }, alice.token);
  await call(u, 'users/lists/push', { listId: list.id, userId: bob.id }, alice.token);
  await config({ mention: { type: 'list', userListId: list.id }, reply: { type: 'mutualFollow' } });
  await post(u, bob.token, 'listed @alice');
  await post(u, erin.token, 'not listed @alice');
  await post(u, erin.token, { text: 'not mutual', replyId: note.id });
  await call(u, 'following/create', { userId: erin.id }, alice.token);
  await post(u, erin.token, { text: 'mutual now', replyId: note.id });
  t.same(await types(alice), [`reply:${erin.id}`, `mention:${bob.id}`], 'list and mutualFollow');
  await flush(alice);

  const secret = await post(u, bob.token, {
    text: 'for erin only, @alice',
    visibility: 'specified',
    visibleUserIds: [erin.id],
  });
  t.ok(secret.id, 'posted');
  t.same(await types(alice), [], 'no mention notification of a note the recipient may not read');
});

t.test('i/notifications-grouped groups consecutive reactions and renotes of one note', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const u = server.url;
  const alice = await signup(u, 'alice');
  const fans: Account[] = [];
  for (let i = 0; i < 3; i++) fans.push(await signup(u, `fan${i}`));
  const note = await post(u, alice.token, 'group me');
  const other = await post(u, alice.token, 'and me');
  await call(u, 'notes/reactions/create', { noteId: note.id, reaction: '👍' }, fans[0]!.token);
  await call(u, 'notes/reactions/create', { noteId: note.id, reaction: '🎉' }, fans[1]!.token);
  for (const fan of fans) await post(u, fan.token, { renoteId: other.id });
  await call(u, 'notes/reactions/create', { noteId: other.id, reaction: '👀' }, fans[2]!.token);
  await call(u, 'following/create', { userId: alice.id }, fans[0]!.token);

  const client = new Misskey.api.APIClient({ origin: u, credential: alice.token });
  const plain = (await client.request('i/notifications', { markAsRead: false, limit: 100 })) as Notification[];
  const grouped = (await client.request('i/notifications-grouped', {
    markAsRead: false,
    limit: 100,
  })) as Notification[];
  t.same(
    grouped.map((n) => n.type),
    ['follow', 'reaction', 'renote:grouped', 'reaction:grouped'],
  );
  const renotes = grouped[2] as Extract<Notification, { type: 'renote:grouped' }>;
  t.same(
    renotes.users.map((user) => user.username),
    ['fan2', 'fan1', 'fan0'],
  );
  t.equal(renotes.note.renote?.id, other.id);
  t.equal(renotes.id, plain[4]!.id, "a group's id is its oldest entry's, so untilId pages on");
  t.equal(renotes.createdAt, plain[2]!.createdAt, "and its date is its newest entry's");
  const reactions = grouped[3] as Extract<Notification, { type: 'reaction:grouped' }>;
  t.same(
    reactions.reactions.map((r) => [r.user.username, r.reaction]),
    [
      ['fan1', '🎉'],
      ['fan0', '👍'],
    ],
  );
  t.equal(reactions.note.id, note.id);
  t.equal(reactions.id, plain[6]!.id);
  const limited = (await client.request('i/notifications-grouped', { markAsRead: false, limit: 3 })) as Notification[];
  t.equal(limited.length, 3, 'limit counts groups');
  const next = (await client.request('i/notifications-grouped', {
    markAsRead: false,
    untilId: limited[2]!.id,
  })) as Notification[];
  t.same(
    next.map((n) => n.type),
    ['reaction:grouped'],
  );
  const onlyReactions = (await client.request('i/notifications-grouped', {
    markAsRead: false,
    includeTypes: ['reaction'],
  })) as Notification[];
  t.same(
    onlyReactions.map((n) => n.type),
    ['reaction', 'reaction:grouped'],
  );
});

t.test('a notification commits with its cause: a SIGKILL after the 200 keeps it', async (t) => {
  const first = await startServer();
  const alice = await signup(first.url, 'alice');
  const bob = await signup(first.url, 'bob');
  const note = await post(first.url, alice.token, 'durable');
  await call(first.url, 'notes/reactions/create', { noteId: note.id, reaction: '👍' }, bob.token);
  await call(first.url, 'following/create', { userId: alice.id }, bob.token);
  await first.kill();
  const again = await startServer({ dataDir: first.dataDir });
  const got = (await call(again.url, 'i/notifications', {}, alice.token)) as Notification[];
  t.same(
    got.map((n) => n.type),
    ['follow', 'reaction'],
  );
  await again.kill();
  const third = await startServer({ dataDir: first.dataDir });
  t.teardown(() => third.stop());
  const me = await call(third.url, 'i', {}, alice.token);
  t.equal(me.hasUnreadNotification, false, 'and so does reading them');
  t.equal(me.unreadNotificationsCount, 0);
});
