/**
 * Webhooks through Misskey's i/webhooks/* and the seed's webhooks/*: one store behind both, each user
 * sees and changes only their own hooks, the policy's webhookLimit holds, and a URL the outbox could
 * not call (loopback without allowedPrivateNetworks, another scheme) is refused when made or changed.
 */
import t from 'tap';
import { isApiError, isOk } from './helpers/assert.js';
import { api, call, signup, startServer } from './helpers/server.js';

const LOOPBACK = { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' };
const hookUrl = 'http://127.0.0.1:9/hook';

t.test('both endpoint families share one store, and each user has only their own hooks', async (t) => {
  const server = await startServer({ env: LOOPBACK });
  t.teardown(() => server.stop());
  const { url } = server;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');

  const made = await call(
    url,
    'i/webhooks/create',
    { name: 'mine', url: hookUrl, secret: 's3cret', on: ['note', 'follow', 'note'] },
    alice.token,
  );
  t.match(made, { name: 'mine', url: hookUrl, secret: 's3cret', active: true, latestSentAt: null, latestStatus: null });
  t.same(made.on, ['note', 'follow'], 'events are kept once each');
  t.equal(made.userId, alice.id);
  const seed = await call(url, 'webhooks/create', { url: hookUrl, events: ['mention'], secret: 'x' }, alice.token);
  t.match(seed, { url: hookUrl, events: ['mention'], active: true, latestStatus: null });
  t.type(seed.createdAt, 'string');

  const listed = await call(url, 'i/webhooks/list', {}, alice.token);
  t.same(
    listed.map((hook: { id: string }) => hook.id),
    [made.id, seed.id],
    'i/webhooks/list has the seed-made hook too',
  );
  t.same(
    (await call(url, 'webhooks/list', {}, alice.token)).map((hook: { id: string }) => hook.id),
    [made.id, seed.id],
  );
  t.same(await call(url, 'i/webhooks/list', {}, bob.token), [], 'bob lists none of them');

  isApiError(
    t,
    await api(url, 'i/webhooks/show', { webhookId: made.id }, bob.token),
    400,
    'NO_SUCH_WEBHOOK',
    '50f614d9-3047-4f7e-90d8-ad6b2d5fb098',
  );
  isApiError(
    t,
    await api(url, 'i/webhooks/update', { webhookId: made.id, active: false }, bob.token),
    400,
    'NO_SUCH_WEBHOOK',
    'fb0fea69-da18-45b1-828d-bd4fd1612518',
  );
  isApiError(
    t,
    await api(url, 'i/webhooks/delete', { webhookId: made.id }, bob.token),
    400,
    'NO_SUCH_WEBHOOK',
    'bae73e5a-5522-4965-ae19-3a8688e71d82',
  );
  isApiError(t, await api(url, 'webhooks/show', { webhookId: seed.id }, bob.token), 404, 'NOT_FOUND');
  isApiError(t, await api(url, 'webhooks/delete', { webhookId: seed.id }, bob.token), 404, 'NOT_FOUND');
  t.equal((await call(url, 'i/webhooks/show', { webhookId: made.id }, alice.token)).active, true, 'still on');

  isOk(
    t,
    await api(
      url,
      'i/webhooks/update',
      { webhookId: made.id, name: 'renamed', secret: null, on: ['reply'] },
      alice.token,
    ),
    204,
  );
  t.match(await call(url, 'i/webhooks/show', { webhookId: made.id }, alice.token), {
    name: 'renamed',
    secret: '',
    on: ['reply'],
  });
  const updated = await call(
    url,
    'webhooks/update',
    { webhookId: seed.id, active: false, events: ['note'] },
    alice.token,
  );
  t.match(updated, { id: seed.id, active: false, events: ['note'] });

  isOk(t, await api(url, 'i/webhooks/delete', { webhookId: made.id }, alice.token), 204);
  isOk(t, await api(url, 'webhooks/delete', { webhookId: seed.id }, alice.token), 204);
  t.same(await call(url, 'i/webhooks/list', {}, alice.token), []);

  const bad = await api(url, 'i/webhooks/create', { name: 'x', url: hookUrl, on: ['nope'] }, alice.token);
  isApiError(t, bad, 400, 'INVALID_PARAM');
});

t.test('a user has at most webhookLimit hooks (3 by default)', async (t) => {
  const server = await startServer({ env: LOOPBACK });
  t.teardown(() => server.stop());
  const alice = await signup(server.url, 'alice');
  for (let i = 0; i < 3; i++)
    await call(server.url, 'i/webhooks/create', { name: `h${i}`, url: hookUrl, on: ['note'] }, alice.token);
  isApiError(
    t,
    await api(server.url, 'i/webhooks/create', { name: 'h3', url: hookUrl, on: ['note'] }, alice.token),
    400,
    'TOO_MANY_WEBHOOKS',
    '87a9bb19-111e-4e37-81d3-a3e7426453b0',
  );
  isApiError(
    t,
    await api(server.url, 'webhooks/create', { url: hookUrl, events: ['note'] }, alice.token),
    400,
    'TOO_MANY_WEBHOOKS',
  );
});

t.test('a hook URL at a loopback or private address is refused unless allowedPrivateNetworks covers it', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const { url } = server;
  const alice = await signup(url, 'alice');
  for (const target of [
    'http://127.0.0.1:9/hook',
    'https://127.0.0.1/hook',
    'https://[::1]/hook',
    'https://10.1.2.3/hook',
    'https://169.254.169.254/latest',
    'https://localhost/hook',
    'ftp://example.com/hook',
    'not a url',
  ]) {
    const res = await api(url, 'i/webhooks/create', { name: 'x', url: target, on: ['note'] }, alice.token);
    isApiError(t, res, 400, 'WEBHOOK_URL_REFUSED');
    isApiError(
      t,
      await api(url, 'webhooks/create', { url: target, events: ['note'] }, alice.token),
      400,
      'WEBHOOK_URL_REFUSED',
    );
  }
  t.same(await call(url, 'i/webhooks/list', {}, alice.token), [], 'nothing was made');

  const allowed = await startServer({ env: LOOPBACK });
  t.teardown(() => allowed.stop());
  const bob = await signup(allowed.url, 'bob');
  const made = await call(allowed.url, 'i/webhooks/create', { name: 'x', url: hookUrl, on: ['note'] }, bob.token);
  isApiError(
    t,
    await api(allowed.url, 'i/webhooks/update', { webhookId: made.id, url: 'https://10.0.0.1/x' }, bob.token),
    400,
    'WEBHOOK_URL_REFUSED',
  );
  t.equal((await call(allowed.url, 'i/webhooks/show', { webhookId: made.id }, bob.token)).url, hookUrl, 'unchanged');
});
