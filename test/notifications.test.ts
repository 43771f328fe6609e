/**
 * Notifications made by local activity: each type, in Misskey's packed shape (read through misskey-js'
 * APIClient), paging, markAsRead and the unread flags of `i`, mark-all-as-read, flush, app notifications.
 * A reply's or mention's notification is made from the note its command has just written and not yet
 * committed, so these also show that reads inside the command's transaction see its own writes.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { openStore } from '../src/store/index.js';
import { manualRole } from './helpers/roles.js';
import { type Account, api, call, post, type Server, signup, startServer } from './helpers/server.js';

let server: Server;
let root: Account;
let alice: Account;
let bob: Account;

t.before(async () => {
  server = await startServer();
  root = await signup(server.url, 'rootuser');
  alice = await signup(server.url, 'alice');
  bob = await signup(server.url, 'bob');
});
t.teardown(() => server.stop());

type Notification = Misskey.entities.Notification;
const client = (account: Account) => new Misskey.api.APIClient({ origin: server.url, credential: account.token });
const list = (account: Account, params: Record<string, unknown> = {}) =>
  client(account).request('i/notifications', { markAsRead: false, limit: 100, ...params }) as Promise<Notification[]>;
const flushAll = (account: Account) => api(server.url, 'notifications/flush', {}, account.token);

t.test('each kind of local activity notifies whom Misskey notifies, in its shape', async (t) => {
  const u = server.url;
  const note = await post(u, alice.token, { text: 'a poll', poll: { choices: ['x', 'y'] } });
  await call(u, 'following/create', { userId: alice.id }, bob.token);
  await call(u, 'notes/reactions/create', { noteId: note.id, reaction: '👍' }, bob.token);
  const reply = await post(u, bob.token, { text: 'a reply', replyId: note.id });
  const renote = await post(u, bob.token, { renoteId: note.id });
  const quote = await post(u, bob.token, { text: 'a quote', renoteId: note.id });
  const mention = await post(u, bob.token, { text: 'hello @alice' });
  // a reply that also mentions is one notification, a reply
  await post(u, bob.token, { text: '@alice again', replyId: note.id });
  // nobody is notified of their own activity
  await post(u, alice.token, { text: 'self reply @alice', replyId: note.id });
  await call(u, 'notes/reactions/create', { noteId: note.id, reaction: '👀' }, alice.token);

  const got = await list(alice);
  t.same(
    got.map((n) => n.type),
    ['reply', 'mention', 'quote', 'renote', 'reply', 'reaction', 'follow'],
    'newest first, one per cause',
  );
  const byType = new Map(got.map((n) => [n.type, n]));
  const follow = byType.get('follow') as Extract<Notification, { type: 'follow' }>;
  t.equal(follow.userId, bob.id);
  t.equal(follow.user.username, 'bob');
  t.match(follow.createdAt, /^\d{4}-\d\d-\d\dT/);
  t.notOk('note' in follow, 'a follow carries no note');
  const reaction = byType.get('reaction') as Extract<Notification, { type: 'reaction' }>;
  t.equal(reaction.reaction, '👍');
  t.equal(reaction.note.id, note.id);
  t.equal(reaction.user.id, bob.id);
  const renoted = got.find((n) => n.type === 'renote') as Extract<Notification, { type: 'renote' }>;
  t.equal(renoted.note.id, renote.id, 'a renote notification carries the renote');
  t.equal(renoted.note.renote?.id, note.id);
  t.equal((got.find((n) => n.type === 'quote') as { note: { id: string } }).note.id, quote.id);
  t.equal((got.find((n) => n.type === 'mention') as { note: { id: string } }).note.id, mention.id);
  t.equal((got.at(-3) as { note: { id: string } }).note.id, reply.id);
  t.same(await list(bob), [], 'bob caused them all and got none');
  await flushAll(alice);
});

t.test('follow requests and their acceptance notify both sides', async (t) => {
  const u = server.url;
  const carol = await signup(u, 'carol');
  await call(u, 'i/update', { isLocked: true }, carol.token);
  await call(u, 'following/create', { userId: carol.id }, bob.token);
  const requested = await list(carol);
  t.same(
    requested.map((n) => [n.type, n.type === 'receiveFollowRequest' ? n.userId : '']),
    [['receiveFollowRequest', bob.id]],
  );
  await call(u, 'following/requests/accept', { userId: bob.id }, carol.token);
  const accepted = await list(bob);
  t.same(
    accepted.map((n) => n.type),
    ['followRequestAccepted'],
  );
  const [first] = accepted as Extract<Notification, { type: 'followRequestAccepted' }>[];
  t.equal(first!.userId, carol.id);
  t.equal(first!.message, null);
  t.same(
    (await list(carol)).map((n) => n.type),
    ['follow', 'receiveFollowRequest'],
    'an accepted request is a new follower too',
  );
});

t.test('a public role assigned notifies its member; a private one does not', async (t) => {
  const u = server.url;
  const open = await call(u, 'admin/roles/create', manualRole('open', { isPublic: true }), root.token);
  const hidden = await call(u, 'admin/roles/create', manualRole('hidden'), root.token);
  await call(u, 'admin/roles/assign', { roleId: hidden.id, userId: alice.id }, root.token);
  await call(u, 'admin/roles/assign', { roleId: open.id, userId: alice.id }, root.token);
  const got = await list(alice);
  t.same(
    got.map((n) => n.type),
    ['roleAssigned'],
  );
  const [assigned] = got as Extract<Notification, { type: 'roleAssigned' }>[];
  t.equal(assigned!.role.id, open.id);
  t.equal(assigned!.role.name, 'open');
  t.notOk('userId' in assigned!, 'no user caused it');
  await flushAll(alice);
});

t.test(
  'a resolved report tells its reporter in an app notification (Misskey has no type of its own for it)',
  async (t) => {
    const u = server.url;
    await flushAll(bob);
    await api(u, 'users/report-abuse', { userId: bob.id, comment: 'spam' }, alice.token);
    const reports = (await call(u, 'admin/abuse-user-reports', {}, root.token)) as { id: string }[];
    t.same(await list(alice), [], 'reporting notifies no one');
    await call(u, 'admin/resolve-abuse-user-report', { reportId: reports[0]!.id, resolvedAs: 'accept' }, root.token);
    const got = (await list(alice)) as Extract<Notification, { type: 'app' }>[];
    t.same(
      got.map((n) => n.type),
      ['app'],
    );
    t.equal(got[0]!.header, 'Report resolved');
    t.equal(got[0]!.body, 'Your report about @bob was resolved: the moderators took action.');
    t.same(await list(bob), [], 'the reported user is not told');
    await flushAll(alice);
  },
);

t.test('paging, type filters, markAsRead and the unread flags of i', async (t) => {
  const u = server.url;
  const dave = await signup(u, 'dave');
  const note = await post(u, dave.token, 'react to me');
  const reactors: Account[] = [];
  for (let i = 0; i < 5; i++) reactors.push(await signup(u, `reactor${i}`));
  for (const reactor of reactors)
    await call(u, 'notes/reactions/create', { noteId: note.id, reaction: '👍' }, reactor.token);
  await call(u, 'following/create', { userId: dave.id }, alice.token);

  let me = await call(u, 'i', {}, dave.token);
  t.equal(me.hasUnreadNotification, true);
  t.equal(me.unreadNotificationsCount, 6);

  const all = await list(dave);
  t.equal(all.length, 6);
  const page1 = await list(dave, { limit: 2 });
  const page2 = await list(dave, { limit: 2, untilId: page1[1]!.id });
  t.same(
    [...page1, ...page2].map((n) => n.id),
    all.slice(0, 4).map((n) => n.id),
    'untilId pages on',
  );
  const newer = await list(dave, { limit: 2, sinceId: all[3]!.id });
  t.same(
    newer.map((n) => n.id),
    all.slice(0, 2).map((n) => n.id),
    'sinceId pages newest first, as Misskey reads its stream',
  );
  t.same(
    (await list(dave, { includeTypes: ['follow'] })).map((n) => n.type),
    ['follow'],
  );
  t.equal((await list(dave, { excludeTypes: ['follow'] })).length, 5);
  t.equal((await list(dave, { includeTypes: ['follow'], excludeTypes: ['follow'] })).length, 1, 'include wins');
  t.same(await list(dave, { includeTypes: [] }), []);
  const bad = await api(u, 'i/notifications', { includeTypes: ['nonsense'] }, dave.token);
  t.equal(bad.status, 400, 'an unknown type is refused');

  me = await call(u, 'i', {}, dave.token);
  t.equal(me.unreadNotificationsCount, 6, 'markAsRead:false reads nothing');
  await client(dave).request('i/notifications', { limit: 1 });
  me = await call(u, 'i', {}, dave.token);
  t.equal(me.hasUnreadNotification, false, 'markAsRead (the default) marks all read');
  t.equal(me.unreadNotificationsCount, 0);

  await call(u, 'notes/reactions/create', { noteId: note.id, reaction: '👍' }, bob.token);
  me = await call(u, 'i', {}, dave.token);
  t.equal(me.unreadNotificationsCount, 1, 'a later one is unread');
  t.equal((await api(u, 'notifications/mark-all-as-read', {}, dave.token)).status, 204);
  me = await call(u, 'i', {}, dave.token);
  t.equal(me.hasUnreadNotification, false);

  t.equal((await flushAll(dave)).status, 204);
  t.same(await list(dave), [], 'flush deletes them all');
  me = await call(u, 'i', {}, dave.token);
  t.equal(me.unreadNotificationsCount, 0);
});

t.test("a follower who asked to be notified of a user's notes gets a note notification", async (t) => {
  const u = server.url;
  const erin = await signup(u, 'erin');
  const frank = await signup(u, 'frank');
  await call(u, 'following/create', { userId: erin.id }, frank.token);
  await call(u, 'following/update', { userId: erin.id, notify: 'normal' }, frank.token);
  const first = await post(u, erin.token, 'news');
  await post(u, erin.token, { text: 'a reply is no news', replyId: first.id });
  await post(u, erin.token, { text: 'nor is a direct note', visibility: 'specified', visibleUserIds: [] });
  const followersOnly = await post(u, erin.token, { text: 'for followers', visibility: 'followers' });
  const got = (await list(frank)) as Extract<Notification, { type: 'note' }>[];
  t.same(
    got.map((n) => [n.type, n.userId, n.note.id]),
    [
      ['note', erin.id, followersOnly.id],
      ['note', erin.id, first.id],
    ],
  );
  await call(u, 'following/update', { userId: erin.id, notify: 'none' }, frank.token);
  await post(u, erin.token, 'no longer told');
  t.equal((await list(frank)).length, 2, 'notify none stops them');
  await call(u, 'following/update', { userId: erin.id, notify: 'normal' }, frank.token);
  await call(u, 'following/delete', { userId: erin.id }, frank.token);
  await post(u, erin.token, 'unfollowed');
  t.same(
    ((await list(frank)) as Extract<Notification, { type: 'note' }>[]).map((n) => n.note.id),
    [first.id],
    'an unfollow stops them (and the followers-only note is no longer shown)',
  );
});

t.test('notifications/create and test-notification make an app and a test notification for the caller', async (t) => {
  const u = server.url;
  t.equal((await api(u, 'notifications/create', { body: 'hello', header: 'App' }, bob.token)).status, 204);
  const [app] = (await list(bob)) as Extract<Notification, { type: 'app' }>[];
  t.match(app, { type: 'app', body: 'hello', header: 'App', icon: null });
  t.equal((await api(u, 'notifications/create', { body: '' }, bob.token)).status, 400);
  t.equal((await api(u, 'notifications/test-notification', {}, bob.token)).status, 204);
  const [test] = await list(bob);
  t.same(Object.keys(test!).sort(), ['createdAt', 'id', 'type'], 'a test notification is its id, date and type');
  t.equal(test!.type, 'test');
  await flushAll(bob);
});

t.test("a deleted account's notifications go with it", async (t) => {
  const own = await startServer();
  const admin = await signup(own.url, 'boss');
  const gone = await signup(own.url, 'gone');
  const fan = await signup(own.url, 'fan');
  await call(own.url, 'following/create', { userId: gone.id }, fan.token);
  t.equal((await call(own.url, 'i/notifications', {}, gone.token)).length, 1);
  t.equal((await api(own.url, 'admin/delete-account', { userId: gone.id }, admin.token)).status, 204);
  t.equal(await own.stop(), 0);
  const store = openStore({ path: own.dataDir, mapSizeMb: 1024 });
  t.teardown(() => store.close());
  t.equal(store.notifications.newestId(gone.id), undefined, 'none left in the store');
});
