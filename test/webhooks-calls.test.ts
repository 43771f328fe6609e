/**
 * Webhook calls: a loopback receiver gets one authenticated call per event its owner's hook listens to
 * (X-Misskey-Hook-Secret and the HMAC of the raw body verified here), in Misskey's envelope for a hook
 * made through i/webhooks and in the seed's `{type, data, timestamp}` for the seed's; a hook whose call
 * fails for good (a 4xx, or the retry budget spent on 5xx) ends inactive, its latestStatus saying why.
 */
import t from 'tap';
import { eventually } from './helpers/assert.js';
import { type HookCall, signedWith, startHookReceiver } from './helpers/hook-receiver.js';
import { call, post, signup, startServer } from './helpers/server.js';

const ENV = {
  FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8',
  FLOCK_DELIVERY_RETRY_BASE_MS: '100',
  FLOCK_DELIVERY_MAX_ATTEMPTS: '3',
};
const EVENTS = ['note', 'reply', 'renote', 'mention', 'follow', 'followed', 'unfollow', 'reaction'];
/** A reply names the author it replies to, so it is also a mention (as Misskey's mentionedUsers). */
const CALLS = EVENTS.length + 1;

t.test('one authenticated call per event, in each hook flavour', async (t) => {
  const receiver = await startHookReceiver(t);
  const server = await startServer({ env: ENV });
  t.teardown(() => server.stop());
  const { url } = server;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  const misskeyHook = await call(
    url,
    'i/webhooks/create',
    { name: 'all', url: `${receiver.url}/misskey`, secret: 'misskey-secret', on: EVENTS },
    alice.token,
  );
  const seedHook = await call(
    url,
    'webhooks/create',
    { url: `${receiver.url}/seed`, events: ['note'], secret: 'seed-secret' },
    alice.token,
  );

  const note = await post(url, alice.token, 'hello hooks');
  const reply = await post(url, bob.token, { text: 'a reply', replyId: note.id });
  const renote = await post(url, bob.token, { renoteId: note.id });
  const mention = await post(url, bob.token, 'hi @alice');
  await post(url, bob.token, 'nothing to do with alice');
  await call(url, 'following/create', { userId: bob.id }, alice.token);
  await call(url, 'following/create', { userId: alice.id }, bob.token);
  await call(url, 'following/delete', { userId: bob.id }, alice.token);
  await call(url, 'notes/reactions/create', { noteId: note.id, reaction: '👍' }, bob.token);

  const at = (path: string) => receiver.calls.filter((c) => c.path === path);
  await eventually(t, 'the Misskey hook got a call per event', () => at('/misskey').length >= CALLS);
  await eventually(t, "the seed's hook got its call", () => at('/seed').length >= 1);
  await new Promise((resolve) => setTimeout(resolve, 500));
  t.equal(at('/misskey').length, CALLS, `and no more: ${at('/misskey').map((c) => c.body?.type)}`);
  t.equal(at('/seed').length, 1);

  const mentions = at('/misskey').filter((c) => c.body?.type === 'mention');
  t.same(mentions.map((c) => c.body.body.note.id).sort(), [reply.id, mention.id].sort(), 'the reply and the mention');
  const byType = new Map<string, HookCall>(
    at('/misskey')
      .filter((c) => c.body?.type !== 'mention' || c.body.body.note.id === mention.id)
      .map((c) => [c.body?.type, c]),
  );
  t.same([...byType.keys()].sort(), [...EVENTS].sort(), 'one call of each type');
  for (const hookCall of at('/misskey')) {
    t.ok(signedWith(hookCall, 'misskey-secret'), `${hookCall.body.type}: secret header and HMAC of the body`);
    t.equal(hookCall.headers['x-misskey-hook-id'], misskeyHook.id);
    t.match(hookCall.headers['content-type'], /^application\/json/);
    t.match(hookCall.body, {
      server: url,
      hookId: misskeyHook.id,
      userId: alice.id,
      eventId: String,
      createdAt: Number,
    });
  }
  t.ok(!signedWith(at('/misskey')[0]!, 'another secret'), 'a wrong secret does not verify');
  const body = (type: string) => byType.get(type)?.body.body;
  t.match(body('note'), { note: { id: note.id, text: 'hello hooks', user: { id: alice.id, username: 'alice' } } });
  t.match(body('reply'), { note: { id: reply.id, replyId: note.id, reply: { id: note.id }, user: { id: bob.id } } });
  t.match(body('renote'), { note: { id: renote.id, renote: { id: note.id } } });
  t.match(body('mention'), { note: { id: mention.id, text: 'hi @alice' } });
  t.match(body('follow'), { user: { id: bob.id, username: 'bob' } });
  t.match(body('followed'), { user: { id: bob.id } });
  t.match(body('unfollow'), { user: { id: bob.id } });
  t.match(body('reaction'), { note: { id: note.id }, reaction: '👍', user: { id: bob.id } });

  const seedCall = at('/seed')[0]!;
  t.ok(signedWith(seedCall, 'seed-secret'), "the seed's call is signed with its own secret");
  t.match(seedCall.body, { type: 'note', data: { id: note.id, text: 'hello hooks', userId: alice.id } });
  t.equal(new Date(seedCall.body.timestamp).toISOString(), seedCall.body.timestamp, 'timestamp is ISO');
  t.same(Object.keys(seedCall.body).sort(), ['data', 'timestamp', 'type']);

  await eventually(t, 'each call is recorded on its hook', async () => {
    const shown = await call(url, 'i/webhooks/show', { webhookId: misskeyHook.id }, alice.token);
    return shown.latestStatus === 202 && typeof shown.latestSentAt === 'string';
  });
  const seedShown = await call(url, 'webhooks/show', { webhookId: seedHook.id }, alice.token);
  t.match(seedShown, { active: true, latestStatus: 202 });

  // a hook turned off gets nothing
  await call(url, 'i/webhooks/update', { webhookId: misskeyHook.id, active: false }, alice.token);
  await post(url, alice.token, 'while off');
  await eventually(t, 'the seed hook still hears of the note', () => at('/seed').length === 2);
  t.equal(at('/misskey').length, CALLS, 'the inactive hook was not called');
});

t.test('a hook whose call fails for good is turned off, and says why', async (t) => {
  const receiver = await startHookReceiver(t);
  receiver.answer = (c) => (c.path === '/gone' ? 410 : c.path === '/broken' ? 500 : 202);
  const server = await startServer({ env: ENV });
  t.teardown(() => server.stop());
  const { url } = server;
  const carol = await signup(url, 'carol');
  const gone = await call(
    url,
    'i/webhooks/create',
    { name: 'g', url: `${receiver.url}/gone`, on: ['note'] },
    carol.token,
  );
  const broken = await call(url, 'webhooks/create', { url: `${receiver.url}/broken`, events: ['note'] }, carol.token);
  const fine = await call(
    url,
    'i/webhooks/create',
    { name: 'f', url: `${receiver.url}/fine`, on: ['note'] },
    carol.token,
  );
  await post(url, carol.token, 'first');

  const show = (id: string) => call(url, 'i/webhooks/show', { webhookId: id }, carol.token);
  await eventually(t, 'the 410 hook is off at once, latestStatus 410', async () => {
    const hook = await show(gone.id);
    return hook.active === false && hook.latestStatus === 410;
  });
  await eventually(t, 'the 500 hook is off once its 3 attempts are spent, latestStatus 500', async () => {
    const hook = await show(broken.id);
    return hook.active === false && hook.latestStatus === 500;
  });
  t.equal(receiver.calls.filter((c) => c.path === '/broken').length, 3, 'it was tried deliveryMaxAttempts times');
  t.equal(receiver.calls.filter((c) => c.path === '/gone').length, 1, 'a final answer is not retried');
  t.match(await show(fine.id), { active: true, latestStatus: 202 });

  await post(url, carol.token, 'second');
  await eventually(
    t,
    'the working hook hears of the next note',
    () => receiver.calls.filter((c) => c.path === '/fine').length === 2,
  );
  t.equal(receiver.calls.filter((c) => c.path === '/gone').length, 1, 'the deactivated hooks are not called again');
  t.equal(receiver.calls.filter((c) => c.path === '/broken').length, 3);
});
