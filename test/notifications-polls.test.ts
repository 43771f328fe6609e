/**
 * pollEnded: when a poll's time comes, its author and every voter are notified once, also when it came
 * while the server was down (the schedule is stored with the note).
 */
import type * as Misskey from 'misskey-js';
import t from 'tap';
import { until } from './helpers/assert.js';
import { type Account, api, call, post, type Server, signup, sleep, startServer } from './helpers/server.js';

type Notification = Misskey.entities.Notification;

const notifications = async (server: Server, account: Account) =>
  (await call(server.url, 'i/notifications', { markAsRead: false, limit: 100 }, account.token)) as Notification[];

t.test('an ended poll notifies its author and its voters, once', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const u = server.url;
  const alice = await signup(u, 'alice');
  const bob = await signup(u, 'bob');
  const carol = await signup(u, 'carol');
  const poll = await post(u, alice.token, {
    text: 'vote',
    poll: { choices: ['a', 'b'], expiresAt: Date.now() + 2_000 },
  });
  await post(u, alice.token, { text: 'no end', poll: { choices: ['a', 'b'] } });
  t.equal((await api(u, 'notes/polls/vote', { noteId: poll.id, choice: 0 }, bob.token)).status, 204);
  t.ok(await until(async () => (await notifications(server, bob)).length > 0, 10_000), 'bob is told');
  const [voter] = (await notifications(server, bob)) as Extract<Notification, { type: 'pollEnded' }>[];
  t.match(voter, { type: 'pollEnded', userId: alice.id, note: { id: poll.id } });
  const [author] = await notifications(server, alice);
  t.match(author, { type: 'pollEnded', note: { id: poll.id } });
  t.notOk('userId' in author!, "the author's own is from no one");
  t.same(await notifications(server, carol), [], 'no vote, no notification');
  await sleep(1_500);
  t.equal((await notifications(server, alice)).length, 1, 'made once');
});

t.test('a poll that ended while the server was down notifies at the next start', async (t) => {
  const first = await startServer();
  const alice = await signup(first.url, 'alice');
  await post(first.url, alice.token, { text: 'vote', poll: { choices: ['a', 'b'], expiresAt: Date.now() + 1_000 } });
  await first.kill();
  await sleep(1_000);
  const again = await startServer({ dataDir: first.dataDir });
  t.teardown(() => again.stop());
  t.ok(await until(async () => (await notifications(again, alice)).length === 1, 10_000), 'told after the restart');
});
