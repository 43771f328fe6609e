/**
 * Misskey paging: limit (default 10, 1..100), untilId (older, newest first), sinceId alone (the oldest
 * ones newer than it, ASCENDING), sinceId+untilId (a window, descending), sinceDate/untilDate (ms).
 */
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { type Account, api, call, post, type Server, signup, sleep, startServer } from './helpers/server.js';

const TOTAL = 25;
let server: Server;
let alice: Account;
let bob: Account;
/** alice's notes, oldest first */
const all: string[] = [];
/** newest first */
let desc: string[] = [];

t.before(async () => {
  server = await startServer();
  alice = await signup(server.url, 'alice');
  bob = await signup(server.url, 'bob');
  await call(server.url, 'following/create', { userId: alice.id }, bob.token);
  for (let n = 0; n < TOTAL; n++) all.push((await post(server.url, alice.token, `note ${n}`)).id);
  desc = [...all].reverse();
});

/** The paged listings checked: same rules everywhere. */
const sources: [string, () => Record<string, unknown>, () => string | undefined][] = [
  ['users/notes', () => ({ userId: alice.id }), () => undefined],
  ['notes/timeline', () => ({}), () => bob.token],
  ['notes/local-timeline', () => ({}), () => undefined],
  ['notes/global-timeline', () => ({}), () => undefined],
];

t.test('ids sort by creation time', async (t) => {
  t.same([...all].sort(), all, 'lexicographic order is creation order');
  t.equal(new Set(all).size, TOTAL, 'ids are unique');
});

t.test('limit defaults to 10, takes 1..100, and 101 or 0 is INVALID_PARAM', async (t) => {
  for (const [endpoint, params, token] of sources) {
    t.same(
      ids(await call(server.url, endpoint, params(), token())),
      desc.slice(0, 10),
      `${endpoint}: default 10, newest first`,
    );
    t.same(
      ids(await call(server.url, endpoint, { ...params(), limit: 1 }, token())),
      desc.slice(0, 1),
      `${endpoint}: limit 1`,
    );
    t.same(
      ids(await call(server.url, endpoint, { ...params(), limit: 100 }, token())),
      desc,
      `${endpoint}: limit 100 gives all ${TOTAL}`,
    );
    const over = await api(server.url, endpoint, { ...params(), limit: 101 }, token());
    isApiError(t, over, 400, 'INVALID_PARAM', '3d81ceae-475f-4600-b2a8-2bc116157532');
    const zero = await api(server.url, endpoint, { ...params(), limit: 0 }, token());
    isApiError(t, zero, 400, 'INVALID_PARAM', '3d81ceae-475f-4600-b2a8-2bc116157532');
  }
});

t.test('untilId gives older notes, newest first', async (t) => {
  for (const [endpoint, params, token] of sources) {
    const pivot = all[15]!;
    t.same(
      ids(await call(server.url, endpoint, { ...params(), untilId: pivot, limit: 5 }, token())),
      desc.slice(TOTAL - 15, TOTAL - 10),
      `${endpoint}: the 5 just before the pivot`,
    );
    t.same(
      ids(await call(server.url, endpoint, { ...params(), untilId: all[0] }, token())),
      [],
      `${endpoint}: nothing before the oldest`,
    );
    // walking down with untilId visits every note exactly once
    const seen: string[] = [];
    let untilId: string | undefined;
    for (let page = 0; page < 10; page++) {
      const batch = ids(
        await call(server.url, endpoint, { ...params(), limit: 7, ...(untilId ? { untilId } : {}) }, token()),
      );
      if (batch.length === 0) break;
      seen.push(...batch);
      untilId = batch[batch.length - 1];
    }
    t.same(seen, desc, `${endpoint}: paging down with untilId visits every note once, in order`);
  }
});

t.test('sinceId alone gives the oldest notes newer than it, in ASCENDING order', async (t) => {
  for (const [endpoint, params, token] of sources) {
    t.same(
      ids(await call(server.url, endpoint, { ...params(), sinceId: all[4], limit: 3 }, token())),
      all.slice(5, 8),
      `${endpoint}: the 3 right after the pivot, oldest first`,
    );
    t.same(
      ids(await call(server.url, endpoint, { ...params(), sinceId: all[TOTAL - 3] }, token())),
      all.slice(TOTAL - 2),
      `${endpoint}: fewer than limit near the top`,
    );
    t.same(
      ids(await call(server.url, endpoint, { ...params(), sinceId: all[TOTAL - 1] }, token())),
      [],
      `${endpoint}: nothing after the newest`,
    );
    t.same(
      ids(await call(server.url, endpoint, { ...params(), sinceId: '0', limit: 2 }, token())),
      all.slice(0, 2),
      `${endpoint}: sinceId '0' starts from the oldest`,
    );
  }
});

t.test('sinceId + untilId gives the window between them, newest first', async (t) => {
  for (const [endpoint, params, token] of sources) {
    t.same(
      ids(await call(server.url, endpoint, { ...params(), sinceId: all[3], untilId: all[9] }, token())),
      all.slice(4, 9).reverse(),
      `${endpoint}: exclusive window, descending`,
    );
    t.same(
      ids(await call(server.url, endpoint, { ...params(), sinceId: all[3], untilId: all[20], limit: 4 }, token())),
      all.slice(16, 20).reverse(),
      `${endpoint}: limit keeps the newest of the window`,
    );
  }
});

t.test('sinceDate / untilDate page by creation time, like the id variants', async (t) => {
  const carol = await signup(server.url, 'carol');
  const early: string[] = [];
  for (let n = 0; n < 3; n++) early.push((await post(server.url, carol.token, `early ${n}`)).id);
  await sleep(30);
  const t1 = Date.now();
  await sleep(30);
  const middle: string[] = [];
  for (let n = 0; n < 3; n++) middle.push((await post(server.url, carol.token, `middle ${n}`)).id);
  await sleep(30);
  const t2 = Date.now();
  await sleep(30);
  const late: string[] = [];
  for (let n = 0; n < 3; n++) late.push((await post(server.url, carol.token, `late ${n}`)).id);
  const base = { userId: carol.id };
  t.same(
    ids(await call(server.url, 'users/notes', { ...base, untilDate: t1 })),
    [...early].reverse(),
    'untilDate: older, newest first',
  );
  t.same(
    ids(await call(server.url, 'users/notes', { ...base, sinceDate: t2 })),
    late,
    'sinceDate alone: newer, oldest first',
  );
  t.same(
    ids(await call(server.url, 'users/notes', { ...base, sinceDate: t1, untilDate: t2 })),
    [...middle].reverse(),
    'both: the window, newest first',
  );
  t.same(
    ids(await call(server.url, 'users/notes', { ...base, sinceDate: t1, limit: 2 })),
    middle.slice(0, 2),
    'sinceDate with limit: the oldest ones',
  );
  t.same(
    ids(await call(server.url, 'users/notes', { ...base, untilId: late[0], untilDate: t1 })),
    [...middle].reverse().concat([...early].reverse()),
    'untilId wins over untilDate',
  );
  const created = await call(server.url, 'notes/show', { noteId: middle[0] });
  const at = Date.parse(created.createdAt);
  t.ok(at > t1 && at < t2, 'createdAt lies between the marks');
});

t.test('paging params of the wrong type are INVALID_PARAM', async (t) => {
  for (const bad of [{ sinceId: 42 }, { untilId: 'not-an-id!' }, { sinceDate: 'yesterday' }, { untilDate: 1.5 }]) {
    const res = await api(server.url, 'users/notes', { userId: alice.id, ...bad });
    isApiError(t, res, 400, 'INVALID_PARAM', '3d81ceae-475f-4600-b2a8-2bc116157532');
  }
});
