/**
 * A webhook call queued while its receiver is down survives a SIGKILL: the hook's first attempt fails
 * (nothing listens), the server is killed, the receiver comes up on the same port and the server starts
 * again on the same data: the call arrives, signed, and the hook records it.
 */
import t from 'tap';
import { eventually } from './helpers/assert.js';
import { signedWith, startHookReceiver } from './helpers/hook-receiver.js';
import { call, post, signup, startServer, tempDir } from './helpers/server.js';

const ENV = {
  FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8',
  FLOCK_DELIVERY_RETRY_BASE_MS: '200',
  FLOCK_DELIVERY_MAX_ATTEMPTS: '12',
};

t.test('a call queued while the receiver is down arrives after a SIGKILL and restart', async (t) => {
  // down: its port is held (no other test's server can take it) but nothing answers
  const receiver = await startHookReceiver(t);
  receiver.down = true;

  const dataDir = tempDir();
  const first = await startServer({ dataDir, env: ENV });
  const alice = await signup(first.url, 'alice');
  const hook = await call(
    first.url,
    'i/webhooks/create',
    { name: 'later', url: `${receiver.url}/hook`, secret: 'kept', on: ['note'] },
    alice.token,
  );
  const note = await post(first.url, alice.token, 'while the receiver is down');
  await eventually(t, 'the first call failed (no answer: latestStatus 1)', async () => {
    const shown = await call(first.url, 'i/webhooks/show', { webhookId: hook.id }, alice.token);
    return shown.latestStatus === 1 && shown.active === true;
  });
  await first.kill();

  receiver.down = false;
  const second = await startServer({
    dataDir,
    env: { ...ENV, FLOCK_PORT: String(first.port), FLOCK_URL: first.url },
  });
  t.teardown(() => second.stop());
  await eventually(t, 'the call arrived after the restart', () => receiver.calls.length >= 1, 30_000);
  const arrived = receiver.calls[0]!;
  t.ok(signedWith(arrived, 'kept'), 'signed with the hook secret');
  t.match(arrived.body, { type: 'note', hookId: hook.id, body: { note: { id: note.id } } });
  await eventually(t, 'and the hook records it', async () => {
    const shown = await call(second.url, 'i/webhooks/show', { webhookId: hook.id }, alice.token);
    return shown.latestStatus === 202 && shown.active === true;
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  t.equal(receiver.calls.length, 1, 'once');
});
