/**
 * Deliveries pending at a SIGKILL all arrive after the restart: 1,000 activities queued while the peer
 * refuses them (503), the server killed, the peer healed, the server started again on the same port and
 * data: every activity reaches the peer, and the queue empties.
 */
import t from 'tap';
import { eventually } from './helpers/assert.js';
import { startRemotePeer } from './helpers/remote-peer.js';
import { call, signup, startServer, tempDir } from './helpers/server.js';

const LOOPBACK = { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8', FLOCK_DELIVERY_RETRY_BASE_MS: '100' };
const FOLLOWERS = 10;
const CYCLES = 50;

t.test('deliveries pending at a SIGKILL all arrive after the restart', async (t) => {
  const peer = await startRemotePeer(t, ['gina']);
  peer.answerPost = () => 503;
  const dataDir = tempDir();
  const first = await startServer({ dataDir, env: LOOPBACK });
  const port = String(first.port);
  const alice = await signup(first.url, 'alice');
  const gina = (await call(first.url, 'ap/show', { uri: peer.actor('gina') }, alice.token)).object;
  // each follower follows and withdraws in turn (a Follow and an Undo each time), the followers at once
  const followers = [
    alice,
    ...(await Promise.all(Array.from({ length: FOLLOWERS - 1 }, (_, i) => signup(first.url, `f${i}`)))),
  ];
  await Promise.all(
    followers.map(async (follower) => {
      for (let i = 0; i < CYCLES; i++) {
        await call(first.url, 'following/create', { userId: gina.id }, follower.token);
        await call(first.url, 'following/requests/cancel', { userId: gina.id }, follower.token);
      }
    }),
  );
  await first.kill();

  peer.answerPost = () => 202;
  const second = await startServer({ dataDir, env: { ...LOOPBACK, FLOCK_PORT: port, FLOCK_URL: first.url } });
  t.teardown(() => second.stop());
  const delivered = () =>
    new Set(peer.received.filter((r) => r.body !== null).map((r) => (r.body as { id: string }).id)).size;
  await eventually(t, 'all 1,000 activities arrived', () => delivered() === 2 * CYCLES * FOLLOWERS, 60_000);
  await eventually(t, 'and the queue is empty', async () => {
    const stats = await call(second.url, 'admin/queue/stats', {}, alice.token);
    return stats.deliver.waiting + stats.deliver.delayed + stats.deliver.active === 0;
  });
});
