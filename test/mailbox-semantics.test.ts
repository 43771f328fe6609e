/**
 * What every Mailboxes implementation promises, checked on the in-process one: one shard's commands
 * apply in the order sent, a full mailbox refuses, `everyWorker` reaches each worker that holds shards,
 * and drain, depth and ping report the state of the mailboxes.
 */
import t from 'tap';
import { MailboxFullError } from '../src/actors/index.js';
import { inProcessActors, placement, signupActor, WORKERS } from './helpers/actors.js';

t.test("one shard's commands apply in the order they were sent", async (t) => {
  const actors = inProcessActors(t);
  const signup = (tokenKey: string) =>
    actors.send({ op: 'user.signup', args: { username: 'same', passwordHash: 'h', tokenKey } }, 'same');
  const [first, second] = await Promise.all([signup('k1'), signup('k2')]);
  t.equal(first.ok, true, 'the first sign-up of a name succeeds');
  t.same(second, { ok: false, error: 'usernameTaken' }, 'the second, sent in the same tick, finds the name taken');
});

t.test('a full mailbox refuses with MailboxFullError, and other shards still accept', async (t) => {
  const actors = inProcessActors(t, { mailboxBound: 2 });
  const address = 'someone';
  const page = (userId: string) =>
    actors.send(
      { op: 'timeline.page', args: { userId, since: null, until: null, ascending: false, limit: 10 } },
      userId,
    );
  const accepted = [page(address), page(address)];
  t.equal(actors.depth(), 2, 'two commands queued');
  const refused = await page(address).then(
    () => undefined,
    (err: unknown) => err,
  );
  t.ok(refused instanceof MailboxFullError, 'the third is refused');
  t.equal((refused as MailboxFullError).shard, placement.shardOf(address), 'naming the full shard');
  let elsewhere = 'other';
  for (let n = 0; placement.shardOf(elsewhere) === placement.shardOf(address); n++) elsewhere = `other${n}`;
  t.same(await page(elsewhere), { ok: true, value: { entries: [], more: false } }, 'another shard accepts');
  for (const reply of await Promise.all(accepted)) t.equal(reply.ok, true, 'the accepted ones are answered');
  t.same(
    await page(address),
    { ok: true, value: { entries: [], more: false } },
    'the shard accepts again once it has room',
  );
});

t.test('everyWorker reaches each worker that holds shards, once', async (t) => {
  const actors = inProcessActors(t);
  const replies = await actors.everyWorker({ op: 'timeline.flush', args: { kind: 'periodic' } });
  t.equal(replies.length, WORKERS);
  for (const reply of replies) t.same(reply, { ok: true, value: null });
  const fewShards = inProcessActors(t, { shards: 1, workers: 2 });
  t.equal(
    (await fewShards.everyWorker({ op: 'timeline.flush', args: { kind: 'periodic' } })).length,
    1,
    'a worker without shards is left out',
  );
});

t.test('drain waits for every queued command; ping answers; depth counts what waits', async (t) => {
  const actors = inProcessActors(t);
  t.equal(await actors.ping(5_000), true, 'every worker answers');
  let answered = 0;
  for (let n = 0; n < 20; n++) {
    void actors
      .send({ op: 'user.signup', args: { username: `user${n}`, passwordHash: 'h', tokenKey: `k${n}` } }, `user${n}`)
      .then(() => answered++);
  }
  t.equal(actors.depth(), 20);
  await actors.drain();
  t.equal(answered, 20, 'every command answered before drain resolved');
  t.equal(actors.depth(), 0);
});

t.test('onEvents reports the events of a batch before its replies arrive', async (t) => {
  const actors = inProcessActors(t);
  const seen: string[] = [];
  actors.onEvents((events) => {
    for (const event of events) if (event.type === 'userCreated') seen.push(event.userId);
  });
  const id = await signupActor(actors, 'watched');
  t.ok(seen.includes(id), 'the new user is reported');
});
