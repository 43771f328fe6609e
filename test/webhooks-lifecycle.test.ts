/**
 * What ends a hook's calls besides its owner: the address guard at call time (a hook made while its
 * network was allowed, called after it no longer is, is refused and turned off), and the deletion of
 * its owner's account (its hooks go in the same commit, so the purge's unfollows call nobody); and
 * i/webhooks/test, one call with a sample body that records its status but never turns a hook off.
 */
import t from 'tap';
import { eventually, isApiError, isOk } from './helpers/assert.js';
import { signedWith, startHookReceiver } from './helpers/hook-receiver.js';
import { api, call, post, signup, startServer, tempDir } from './helpers/server.js';

const ENV = {
  FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8',
  FLOCK_DELIVERY_RETRY_BASE_MS: '100',
  FLOCK_DELIVERY_MAX_ATTEMPTS: '3',
};

t.test(
  'a hook at a loopback address is refused again when called, once allowedPrivateNetworks no longer covers it',
  async (t) => {
    const receiver = await startHookReceiver(t);
    const dataDir = tempDir();
    const first = await startServer({ dataDir, env: ENV });
    const dave = await signup(first.url, 'dave');
    const hook = await call(
      first.url,
      'i/webhooks/create',
      { name: 'x', url: `${receiver.url}/x`, on: ['note'] },
      dave.token,
    );
    await first.stop();

    const { FLOCK_ALLOWED_PRIVATE_NETWORKS: _, ...withoutLoopback } = ENV;
    const second = await startServer({ dataDir, env: withoutLoopback });
    t.teardown(() => second.stop());
    await post(second.url, dave.token, 'to a hook no longer allowed');
    await eventually(t, 'the call was refused and the hook turned off (latestStatus 1)', async () => {
      const shown = await call(second.url, 'i/webhooks/show', { webhookId: hook.id }, dave.token);
      return shown.active === false && shown.latestStatus === 1;
    });
    t.equal(receiver.calls.length, 0, 'nothing reached the receiver');
  },
);

t.test("a deleted account's hooks go with it", async (t) => {
  const receiver = await startHookReceiver(t);
  const server = await startServer({ env: ENV });
  t.teardown(() => server.stop());
  const { url } = server;
  const root = await signup(url, 'frank');
  const erin = await signup(url, 'erin');
  await call(url, 'following/create', { userId: root.id }, erin.token);
  await call(url, 'i/webhooks/create', { name: 'x', url: `${receiver.url}/x`, on: ['unfollow', 'note'] }, erin.token);
  await call(url, 'admin/delete-account', { userId: erin.id }, root.token);
  await eventually(t, "the purge ended erin's follow", async () => {
    const followers = await call(url, 'users/followers', { userId: root.id }, root.token);
    return followers.length === 0;
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  t.equal(receiver.calls.length, 0, 'the purge called no hook');
});

t.test('i/webhooks/test calls the hook once with a sample body, or the URL and secret it names', async (t) => {
  const receiver = await startHookReceiver(t);
  receiver.answer = (c) => (c.path === '/broken' ? 500 : 202);
  const server = await startServer({ env: ENV });
  t.teardown(() => server.stop());
  const { url } = server;
  const gina = await signup(url, 'gina');
  const other = await signup(url, 'hank');
  const hook = await call(
    url,
    'i/webhooks/create',
    { name: 'x', url: `${receiver.url}/own`, secret: 'own', on: ['note'] },
    gina.token,
  );
  isOk(t, await api(url, 'i/webhooks/test', { webhookId: hook.id, type: 'follow' }, gina.token), 204);
  await eventually(t, 'the hook got the sample call', () => receiver.calls.length === 1);
  const sample = receiver.calls[0]!;
  t.equal(sample.path, '/own');
  t.ok(signedWith(sample, 'own'), 'signed with the hook secret');
  t.match(sample.body, { type: 'follow', hookId: hook.id, userId: gina.id, body: { user: { id: gina.id } } });

  const override = { url: `${receiver.url}/other`, secret: 'other' };
  await call(url, 'i/webhooks/test', { webhookId: hook.id, type: 'note', override }, gina.token);
  await eventually(t, 'the override URL got the next one', () => receiver.calls.length === 2);
  const overridden = receiver.calls[1]!;
  t.equal(overridden.path, '/other');
  t.ok(signedWith(overridden, 'other'), "signed with the test's secret");
  t.match(overridden.body, { type: 'note', body: { note: { text: String, user: { id: gina.id } } } });

  await call(
    url,
    'i/webhooks/test',
    { webhookId: hook.id, type: 'note', override: { url: `${receiver.url}/broken` } },
    gina.token,
  );
  await eventually(t, 'a failing test records its status', async () => {
    const shown = await call(url, 'i/webhooks/show', { webhookId: hook.id }, gina.token);
    return shown.latestStatus === 500;
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  t.equal(receiver.calls.filter((c) => c.path === '/broken').length, 1, 'tried once');
  t.equal(
    (await call(url, 'i/webhooks/show', { webhookId: hook.id }, gina.token)).active,
    true,
    'and the hook stays on',
  );

  isApiError(
    t,
    await api(url, 'i/webhooks/test', { webhookId: hook.id, type: 'note' }, other.token),
    400,
    'NO_SUCH_WEBHOOK',
    '0c52149c-e913-18f8-5dc7-74870bfe0cf9',
  );
  isApiError(
    t,
    await api(
      url,
      'i/webhooks/test',
      { webhookId: hook.id, type: 'note', override: { url: 'https://10.0.0.1/' } },
      gina.token,
    ),
    400,
    'WEBHOOK_URL_REFUSED',
  );
});
