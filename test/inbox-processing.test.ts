/**
 * The inbox's parts below the routes, on real parts: `objectOf` against real peers through the
 * guarded fetcher (an embedded object is trusted only on the sender's origin, anything else is what
 * its origin serves), and the processor over a real LMDB queue (applied entries go, rejected ones are
 * dropped, failing ones move to a later due time with their attempts counted).
 */
import t from 'tap';
import { ActivityRejected, type InboxActivity, type InboxContext } from '../src/federation/inbox/activity.js';
import type { Forwarding } from '../src/federation/inbox/forwarded.js';
import { objectOf } from '../src/federation/inbox/object-of.js';
import { InboxProcessor } from '../src/federation/inbox/processor.js';
import { FederationUrls, fetchApDocument, GuardedFetcher } from '../src/federation/index.js';
import { logger } from '../src/log/index.js';
import { openStore } from '../src/store/index.js';
import { startRemotePeer } from './helpers/remote-peer.js';
import { sleep, tempDir } from './helpers/server.js';

/** Whether `promise` rejects with ActivityRejected. */
const rejected = (promise: Promise<unknown>) =>
  promise.then(
    () => false,
    (err: unknown) => err instanceof ActivityRejected,
  );

t.test('objectOf trusts an embedded object only on the sender origin', async (t) => {
  const sender = await startRemotePeer(t, ['bob']);
  const origin = await startRemotePeer(t, ['carol'], { hostname: '127.0.0.2' });
  const fetcher = new GuardedFetcher({ allowedNetworks: ['127.0.0.0/8'] });
  t.teardown(() => fetcher.close());
  const urls = new FederationUrls('https://flock.example');
  const of = objectOf({ urls, fetchDocument: (url) => fetchApDocument(fetcher, url) });
  const activity = (object: unknown): InboxActivity => ({
    id: sender.newId('activities'),
    type: 'Create',
    actor: { userId: 'u1', uri: sender.actor('bob'), host: sender.host },
    raw: { object },
    receivedAt: Date.now(),
  });

  const own = { id: sender.newId('notes'), type: 'Note', content: 'as sent' };
  t.equal(await of(activity(own)), own, "on the sender's origin: as sent");
  const real = {
    id: origin.newId('notes'),
    type: 'Note',
    attributedTo: origin.actor('carol'),
    content: 'the real one',
  };
  origin.serve(real);
  t.match(
    await of(activity({ ...real, content: 'forged' })),
    { content: 'the real one' },
    'another origin: re-fetched',
  );
  t.match(await of(activity(real.id)), { content: 'the real one' }, 'a URI: fetched');
  t.equal(
    await of(activity({ id: 'https://flock.example/notes/abc', content: 'x' })),
    'https://flock.example/notes/abc',
  );
  t.ok(await rejected(of(activity({ id: origin.newId('notes'), type: 'Note' }))), 'unknown at its origin');
  t.ok(await rejected(of(activity({ type: 'Note', content: 'no id' }))), 'no id');
  t.equal(sender.fetched.length, 0, 'nothing fetched from the sender for its own objects');
});

t.test('the processor applies, drops and retries', async (t) => {
  const store = openStore({ path: tempDir(), mapSizeMb: 256 });
  t.teardown(() => store.close());
  const applied: string[] = [];
  const attempts = new Map<string, number>();
  const handlers = {
    Good: async (_ctx: InboxContext, a: InboxActivity) => void applied.push(a.id),
    Bad: async () => {
      throw new ActivityRejected('Expected something else');
    },
    Flaky: async (_ctx: InboxContext, a: InboxActivity) => {
      attempts.set(a.id, (attempts.get(a.id) ?? 0) + 1);
      throw new Error('the origin did not answer');
    },
  };
  const processor = new InboxProcessor({
    store,
    context: {} as InboxContext,
    forwarding: {} as Forwarding,
    log: logger('test'),
    handlers,
  });
  t.teardown(() => processor.stop());
  const entry = (type: string) => ({
    activityId: `https://remote.example/activities/${type}`,
    type,
    actorUri: 'https://remote.example/users/bob',
    actorUserId: 'u1',
    json: JSON.stringify({ id: `https://remote.example/activities/${type}`, type }),
    receivedAt: Date.now(),
    attempts: 0,
  });
  for (const type of ['Good', 'Bad', 'Flaky', 'Unknown']) t.ok(await store.inboxQueue.enqueue(entry(type)));
  t.notOk(await store.inboxQueue.enqueue(entry('Good')), 'an id taken before is not queued again');
  const started = Date.now();
  processor.start();
  for (let i = 0; i < 100 && store.inboxQueue.pending() > 1; i++) await sleep(20);
  await processor.stop();
  t.same(applied, ['https://remote.example/activities/Good'], 'applied once');
  t.equal(store.inboxQueue.pending(), 1, 'only the failing one is left');
  t.same([...attempts.values()], [1], 'tried once so far');
  const [left] = store.inboxQueue.due(Date.now() + 60 * 60_000, 10);
  t.equal(left?.entry.type, 'Flaky');
  t.equal(left?.entry.attempts, 1, 'its attempts counted');
  const due = store.inboxQueue.nextDue()!;
  t.ok(due >= started + 20_000 && due <= Date.now() + 40_000, 'due again in about 30 s');
  t.equal(store.inboxQueue.due(Date.now(), 10).length, 0, 'not due now');
});
