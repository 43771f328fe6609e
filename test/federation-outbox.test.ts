/**
 * The outbox through the real server: queued activities reach real peers signed (a Fedify peer's own
 * verifier accepts them), failures that may pass are retried with backoff, a 410 from a shared inbox
 * marks the host unavailable until it contacts us, and a host that never answers delays nobody else (the restart test is
 * federation-outbox-restart.test.ts). The retry base is shortened (FLOCK_DELIVERY_RETRY_BASE_MS) so
 * the whole backoff runs in the test's time.
 */
import t from 'tap';
import { eventually } from './helpers/assert.js';
import { startFedifyPeer } from './helpers/fedify-peer.js';
import { type RemotePeer, startRemotePeer } from './helpers/remote-peer.js';
import { call, signup, startServer } from './helpers/server.js';

const LOOPBACK = { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8', FLOCK_DELIVERY_RETRY_BASE_MS: '100' };

const posts = (peer: RemotePeer, type: string) =>
  peer.received.filter((r) => (r.body as { type?: string } | null)?.type === type);

t.test('deliveries reach a Fedify peer, whose verifier accepts their signatures', async (t) => {
  const peer = await startFedifyPeer(t);
  const server = await startServer({ env: LOOPBACK });
  t.teardown(() => server.stop());
  const alice = await signup(server.url, 'alice');
  const carol = (await call(server.url, 'ap/show', { uri: peer.actorUrl('carol') }, alice.token)).object;
  await call(server.url, 'following/create', { userId: carol.id }, alice.token);
  const aliceUri = `${server.url}/users/${alice.id}`;
  await eventually(t, 'the Follow arrived and verified', () =>
    peer.received.some((r) => r.type === 'Follow' && r.actor === aliceUri),
  );
  await call(server.url, 'following/requests/cancel', { userId: carol.id }, alice.token);
  await eventually(t, 'the Undo arrived and verified', () =>
    peer.received.some((r) => r.type === 'Undo' && r.actor === aliceUri),
  );
});

t.test('retries, a gone host, a dead host, and the operator endpoints', async (t) => {
  const flaky = await startRemotePeer(t, ['bob']);
  const gone = await startRemotePeer(t, ['dave'], { hostname: 'localhost' });
  const dead = await startRemotePeer(t, ['erin']);
  const healthy = await startRemotePeer(t, ['fred']);
  let flakyAnswers = 0;
  flaky.answerPost = () => (++flakyAnswers <= 2 ? 500 : 202);
  gone.answerPost = () => 410;
  dead.answerPost = () => 'hang';
  const server = await startServer({ env: { ...LOOPBACK, FLOCK_DELIVERY_TIMEOUT_MS: '60000' } });
  t.teardown(() => server.stop());
  const admin = await signup(server.url, 'ann');
  const follow = async (peer: RemotePeer, name: string) => {
    const user = (await call(server.url, 'ap/show', { uri: peer.actor(name) }, admin.token)).object;
    await call(server.url, 'following/create', { userId: user.id }, admin.token);
  };

  await follow(dead, 'erin');
  await follow(healthy, 'fred');
  await eventually(
    t,
    'a healthy host is served while another never answers',
    () => posts(healthy, 'Follow').length === 1,
    10_000,
  );
  t.equal(posts(dead, 'Follow').length, 1, 'the dead host has its request, still unanswered');

  await follow(flaky, 'bob');
  await eventually(t, 'after two 500s the third attempt is delivered', () => flakyAnswers === 3);
  const attempts = posts(flaky, 'Follow').map((r) => (r.body as { id: string }).id);
  t.equal(new Set(attempts).size, 1, 'each attempt carried the same activity');
  t.ok(
    flaky.received.every((r) => r.path === '/inbox'),
    "sent to the server's shared inbox",
  );

  await follow(gone, 'dave');
  let hosts: { host: string; unavailableSince: string | null; lastStatus: number | null }[] = [];
  await eventually(t, 'a 410 from the shared inbox marks the host unavailable', async () => {
    hosts = await call(server.url, 'admin/queue/deliver-hosts', {}, admin.token);
    return hosts.some((h) => h.host === gone.host && h.unavailableSince !== null);
  });
  t.equal(hosts.find((h) => h.host === gone.host)?.lastStatus, 410);
  t.notOk(
    hosts.some((h) => h.host === flaky.host),
    'a host that answered again is healthy',
  );

  // the figures are the outbox thread's, reported every half second
  await eventually(t, 'stats: the dead host in flight, the delivered ones counted', async () => {
    const stats = await call(server.url, 'admin/queue/stats', {}, admin.token);
    return stats.deliver.active === 1 && stats.deliver.completed === 2 && stats.deliver.failed === 1;
  });
  // the gone host signs a delivery to us: it is up again
  const like = gone.activity('dave', 'Like', `${server.url}/notes/0000000000000000`);
  t.equal(await gone.deliver(`${server.url}/inbox`, like, 'dave'), 202);
  hosts = await call(server.url, 'admin/queue/deliver-hosts', {}, admin.token);
  t.notOk(
    hosts.some((h) => h.host === gone.host),
    'a host that contacts us loses its unavailable mark',
  );
  t.same(
    await call(server.url, 'admin/queue/deliver-host', { host: flaky.host, action: 'drop' }, admin.token),
    {
      count: 0,
    },
    'nothing waits for a healthy host',
  );
  t.same(
    await call(server.url, 'admin/queue/deliver-host', { host: dead.host, action: 'retry' }, admin.token),
    {
      count: 0,
    },
    'the dead host has its request in flight, none waiting',
  );
});

t.test('answers read from the status line: Retry-After, a long body, a body that never ends', async (t) => {
  const busy = await startRemotePeer(t, ['gail']);
  const talkative = await startRemotePeer(t, ['hank']);
  const dripping = await startRemotePeer(t, ['ivy']);
  const busyAt: number[] = [];
  busy.answerPost = () => (res) => {
    busyAt.push(Date.now());
    if (busyAt.length === 1) res.writeHead(429, { 'Retry-After': '2' }).end();
    else res.writeHead(202).end();
  };
  // 1 MiB of answer: more than a delivery reads, so the connection is dropped, the delivery still made
  talkative.answerPost = () => (res) => res.writeHead(202).end('x'.repeat(1024 * 1024));
  const drips: NodeJS.Timeout[] = [];
  t.teardown(() => {
    for (const drip of drips) clearInterval(drip);
  });
  dripping.answerPost = () => (res) => {
    res.writeHead(202);
    drips.push(setInterval(() => res.write('.'), 50));
  };
  const server = await startServer({ env: { ...LOOPBACK, FLOCK_DELIVERY_TIMEOUT_MS: '1000' } });
  t.teardown(() => server.stop());
  const admin = await signup(server.url, 'ann');
  for (const [peer, name] of [
    [busy, 'gail'],
    [talkative, 'hank'],
    [dripping, 'ivy'],
  ] as const) {
    const user = (await call(server.url, 'ap/show', { uri: peer.actor(name) }, admin.token)).object;
    await call(server.url, 'following/create', { userId: user.id }, admin.token);
  }
  await eventually(
    t,
    'every delivery counted once: the 429 retried, the long and the endless answers delivered',
    async () => {
      const stats = await call(server.url, 'admin/queue/stats', {}, admin.token);
      return stats.deliver.completed === 3 && stats.deliver.active === 0 && stats.deliver.delayed === 0;
    },
  );
  t.equal(busyAt.length, 2, 'the busy host was asked twice');
  t.ok(busyAt[1]! - busyAt[0]! >= 1_900, `the retry waited for Retry-After (${busyAt[1]! - busyAt[0]!} ms)`);
  t.equal(posts(talkative, 'Follow').length, 1, 'the long answer was not taken for a failure');
  t.equal(posts(dripping, 'Follow').length, 1, 'the endless answer was not taken for a failure');
});
