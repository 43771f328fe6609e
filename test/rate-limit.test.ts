/** Per-endpoint rate limits (FLOCK_RATE_LIMITS=on): Misskey's 429 error, Retry-After and X-RateLimit-* headers. */
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { type Account, api, call, post, type Server, signup, sleep, startServer } from './helpers/server.js';

let server: Server;
let alice: Account;

t.before(async () => {
  server = await startServer({ env: { FLOCK_RATE_LIMITS: 'on' } });
  alice = await signup(server.url, 'alice');
});

t.test('notes/delete has a 1 s minimum interval: a second call at once → 429 RATE_LIMIT_EXCEEDED', async (t) => {
  const a = await post(server.url, alice.token, 'one');
  const b = await post(server.url, alice.token, 'two');
  const first = await api(server.url, 'notes/delete', { noteId: a.id }, alice.token);
  t.equal(first.status, 204, 'the first delete goes through');
  const second = await api(server.url, 'notes/delete', { noteId: b.id }, alice.token);
  isApiError(t, second, 429, 'RATE_LIMIT_EXCEEDED', 'd5826d14-3982-4d2e-8011-b9e9f02499ef');
  const retryAfter = second.headers.get('retry-after');
  t.match(retryAfter ?? '', /^\d+$/, `Retry-After is whole seconds (${retryAfter})`);
  t.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 2, 'about one second');
  t.match(
    second.body?.error?.info,
    { total: Number, remaining: Number, reset: Number, resetMs: Number },
    'info carries the limiter state',
  );
  const still = await api(server.url, 'notes/show', { noteId: b.id });
  t.equal(still.status, 200, 'the refused delete did not happen');
  await sleep(1100);
  const third = await api(server.url, 'notes/delete', { noteId: b.id }, alice.token);
  t.equal(third.status, 204, 'after the interval it goes through');
});

t.test('limited endpoints carry X-RateLimit-Limit/Remaining/Reset; Remaining counts down', async (t) => {
  const first = await api(server.url, 'notes/create', { text: 'counting' }, alice.token);
  t.equal(first.status, 200);
  t.equal(first.headers.get('x-ratelimit-limit'), '300', 'notes/create allows 300 an hour');
  const remaining1 = Number(first.headers.get('x-ratelimit-remaining'));
  t.ok(Number.isInteger(remaining1) && remaining1 < 300, `X-RateLimit-Remaining (${remaining1})`);
  const reset = Number(first.headers.get('x-ratelimit-reset'));
  t.ok(Number.isFinite(reset) && reset > 0, `X-RateLimit-Reset is set (${first.headers.get('x-ratelimit-reset')})`);
  const second = await api(server.url, 'notes/create', { text: 'counting again' }, alice.token);
  t.equal(Number(second.headers.get('x-ratelimit-remaining')), remaining1 - 1, 'one fewer left');
  const exposed = (first.headers.get('access-control-expose-headers') ?? '').toLowerCase();
  for (const h of ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'])
    t.ok(exposed.includes(h), `CORS exposes ${h}`);
});

t.test('limits are per user', async (t) => {
  const bob = await signup(server.url, 'bob');
  const bobs = await post(server.url, bob.token, 'bob writes');
  const alices = [
    await post(server.url, alice.token, 'alice writes'),
    await post(server.url, alice.token, 'alice writes more'),
  ];
  await sleep(1100);
  const aliceDelete = await api(server.url, 'notes/delete', { noteId: alices[0].id }, alice.token);
  t.equal(aliceDelete.status, 204, 'alice deletes');
  const bobDelete = await api(server.url, 'notes/delete', { noteId: bobs.id }, bob.token);
  t.equal(bobDelete.status, 204, "bob deletes right after: not held back by alice's call");
  const aliceAgain = await api(server.url, 'notes/delete', { noteId: alices[1].id }, alice.token);
  t.equal(aliceAgain.status, 429, 'alice herself is still held back');
});

t.test('with FLOCK_RATE_LIMITS=off nothing is limited', async (t) => {
  const free = await startServer({ env: { FLOCK_RATE_LIMITS: 'off' } });
  const carol = await signup(free.url, 'carol');
  const a = await post(free.url, carol.token, 'a');
  const b = await post(free.url, carol.token, 'b');
  t.equal((await api(free.url, 'notes/delete', { noteId: a.id }, carol.token)).status, 204);
  t.equal(
    (await api(free.url, 'notes/delete', { noteId: b.id }, carol.token)).status,
    204,
    'two deletes at once are fine',
  );
  await free.stop();
});

t.test(
  'i/update (20 an hour, per user): exactly 20 calls go through with Remaining 19..0, the 21st is refused with 429 and Retry-After',
  async (t) => {
    // a user of its own, so the other tests' calls do not share the window
    const gus = await signup(server.url, 'gus');
    const remaining: string[] = [];
    const statuses: number[] = [];
    for (let n = 1; n <= 20; n++) {
      const res = await api(server.url, 'i/update', { name: `gus ${n}` }, gus.token);
      statuses.push(res.status);
      remaining.push(res.headers.get('x-ratelimit-remaining') ?? 'missing');
      if (n === 1) t.equal(res.headers.get('x-ratelimit-limit'), '20', 'X-RateLimit-Limit is the max');
    }
    t.same(statuses, Array(20).fill(200), 'all 20 calls within the max answer 200');
    t.same(
      remaining,
      Array.from({ length: 20 }, (_, n) => String(19 - n)),
      'X-RateLimit-Remaining counts down from 19 to 0',
    );

    const over = await api(server.url, 'i/update', { name: 'gus too many' }, gus.token);
    isApiError(t, over, 429, 'RATE_LIMIT_EXCEEDED', 'd5826d14-3982-4d2e-8011-b9e9f02499ef');
    const retryAfter = Number(over.headers.get('retry-after'));
    t.ok(
      Number.isInteger(retryAfter) && retryAfter > 3500 && retryAfter <= 3600,
      `Retry-After is the rest of the hour's window in seconds (${over.headers.get('retry-after')})`,
    );
    t.equal(over.headers.get('x-ratelimit-remaining'), '0', 'the refusal says 0 remaining');
    t.match(over.body?.error?.info, { total: 20, remaining: 0 }, 'info: total 20, remaining 0');
    t.equal((await call(server.url, 'i', {}, gus.token)).name, 'gus 20', 'the refused update was not applied');
    t.equal(
      (await api(server.url, 'i/update', { name: 'gus again' }, gus.token)).status,
      429,
      'and the next one is refused too',
    );

    const hal = await signup(server.url, 'hal');
    const other = await api(server.url, 'i/update', { name: 'hal' }, hal.token);
    t.equal(other.status, 200, "another user is not held back by gus's window");
    t.equal(other.headers.get('x-ratelimit-remaining'), '19', 'and has a window of their own');
    const favorite = await api(
      server.url,
      'notes/favorites/create',
      { noteId: (await post(server.url, hal.token, 'fav me')).id },
      gus.token,
    );
    t.equal(favorite.status, 204, "nor is another endpoint of gus's (its own window)");
  },
);

t.test(
  'notes/unrenote has a 1 s minimum interval: a call at once is refused without using up the window, one after the interval goes through',
  async (t) => {
    const ivy = await signup(server.url, 'ivy');
    const target = await post(server.url, alice.token, 'renote me');
    await post(server.url, ivy.token, { renoteId: target.id });
    const first = await api(server.url, 'notes/unrenote', { noteId: target.id }, ivy.token);
    t.equal(first.status, 204, 'the first unrenote goes through');
    t.equal(first.headers.get('x-ratelimit-remaining'), '299', '299 of 300 left');
    const tooSoon = await api(server.url, 'notes/unrenote', { noteId: target.id }, ivy.token);
    isApiError(t, tooSoon, 429, 'RATE_LIMIT_EXCEEDED', 'd5826d14-3982-4d2e-8011-b9e9f02499ef');
    t.equal(tooSoon.headers.get('retry-after'), '1', 'Retry-After: 1 (the rest of the interval, rounded up)');
    t.equal(tooSoon.headers.get('x-ratelimit-remaining'), '299', 'a refused call does not count against the max');
    await sleep(1100);
    const after = await api(server.url, 'notes/unrenote', { noteId: target.id }, ivy.token);
    t.equal(after.status, 204, 'after the interval it goes through');
    t.equal(after.headers.get('x-ratelimit-remaining'), '298', 'and counts');
  },
);

t.test(
  "signin-flow (max 10 an hour, 1 s apart): a second sign-in at once → 429 with Misskey's TOO_MANY_AUTHENTICATION_FAILURES; one after the interval goes through",
  async (t) => {
    // Misskey's SigninApiService answers its limiter with this error of its own, not RATE_LIMIT_EXCEEDED.
    // Both calls come from one address for one account, so this holds whether the limit is keyed per
    // address, per account or both, and whatever token is sent.
    const jan = await signup(server.url, 'jan', 'jans-password');
    const first = await api(server.url, 'signin-flow', { username: 'jan', password: 'jans-password' });
    t.match(first.body, { finished: true, id: jan.id }, 'the first sign-in goes through');
    const second = await api(server.url, 'signin-flow', { username: 'jan', password: 'jans-password' });
    isApiError(t, second, 429, 'TOO_MANY_AUTHENTICATION_FAILURES', '22d05606-fbcf-421a-a2db-b32610dcfd1b');
    t.equal(second.body?.finished, undefined, 'and issues no token');
    await sleep(1100);
    const third = await api(server.url, 'signin-flow', { username: 'jan', password: 'jans-password' });
    t.match(third.body, { finished: true, id: jan.id }, 'after the interval it goes through');
  },
);
