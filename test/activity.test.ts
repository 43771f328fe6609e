/**
 * A user's activity as Misskey reports it: `updatedAt` moves when they post, not when they edit their
 * profile; `loggedInDays` counts each UTC day with an authenticated request once, across restarts.
 */
import t from 'tap';
import { call, post, type Server, signup, sleep, startServer, tempDir } from './helpers/server.js';

let server: Server;
const dataDir = tempDir();

t.before(async () => {
  server = await startServer({ dataDir });
});

/** `i` until `ready` holds (the day is counted after the request that reported it), at most ~2 s. */
async function meWhen(token: string, ready: (me: Record<string, unknown>) => boolean) {
  let me = await call(server.url, 'i', {}, token);
  for (let i = 0; i < 40 && !ready(me); i++) {
    await sleep(50);
    me = await call(server.url, 'i', {}, token);
  }
  return me;
}

t.test('updatedAt is null at sign-up, unmoved by i/update, set by posting', async (t) => {
  const ann = await signup(server.url, 'ann');
  t.equal((await call(server.url, 'users/show', { userId: ann.id })).updatedAt, null, 'new account');
  await call(server.url, 'i/update', { name: 'Ann', description: 'hello' }, ann.token);
  t.equal((await call(server.url, 'users/show', { userId: ann.id })).updatedAt, null, 'after a profile edit');
  const before = Date.now();
  const note = await post(server.url, ann.token, 'my first note');
  const after = await call(server.url, 'users/show', { userId: ann.id });
  t.type(after.updatedAt, 'string', 'set by the note');
  t.ok(Date.parse(after.updatedAt) >= before - 1000, 'at posting time');
  t.ok(Date.parse(after.updatedAt) <= Date.parse(note.createdAt) + 1000, 'not later than the note');
  await sleep(20);
  await post(server.url, ann.token, 'my second note');
  const later = await call(server.url, 'users/show', { userId: ann.id });
  t.ok(Date.parse(later.updatedAt) > Date.parse(after.updatedAt), 'moves with every note');
});

t.test('loggedInDays counts the day of the first authenticated request once', async (t) => {
  const bo = await signup(server.url, 'bo');
  const me = await meWhen(bo.token, (m) => m.loggedInDays === 1);
  t.equal(me.loggedInDays, 1, 'today counted');
  for (let i = 0; i < 5; i++) await call(server.url, 'i', {}, bo.token);
  await sleep(200);
  t.equal((await call(server.url, 'i', {}, bo.token)).loggedInDays, 1, 'more requests the same day count nothing');
  t.equal(await server.stop(), 0, 'stopped cleanly');
  server = await startServer({ dataDir });
  await call(server.url, 'i', {}, bo.token);
  await sleep(200);
  t.equal((await call(server.url, 'i', {}, bo.token)).loggedInDays, 1, 'nor after a restart');
});

t.test('the sign-up answer carries mutingNotificationTypes, as older Misskey clients read it', async (t) => {
  const res = await call(server.url, 'i', {}, (await signup(server.url, 'cy')).token);
  t.same(res.mutingNotificationTypes, []);
});

t.teardown(() => server.stop());
