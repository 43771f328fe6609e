/**
 * What ends a hook's calls besides its owner: the address guard at call time (a hook made while its
 * network was allowed, called after it no longer is, is refused and turned off), and the deletion of
 * its owner's account (its hooks go in the same commit, so the purge's unfollows call nobody).
 */
import t from 'tap';
import { eventually } from './helpers/assert.js';
import { startHookReceiver } from './helpers/hook-receiver.js';
import { call, post, signup, startServer, tempDir } from './helpers/server.js';

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
