/** Per-endpoint rate limits (FLOCK_RATE_LIMITS=on): Misskey's 429 error, Retry-After and X-RateLimit-* headers. */
import t from 'tap';
import { api, post, signup, sleep, startServer, type Account, type Server } from './helpers/server.js';
import { isApiError } from './helpers/assert.js';

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
  t.match(second.body?.error?.info, { total: Number, remaining: Number, reset: Number, resetMs: Number }, 'info carries the limiter state');
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
  for (const h of ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) t.ok(exposed.includes(h), `CORS exposes ${h}`);
});

t.test('limits are per user', async (t) => {
  const bob = await signup(server.url, 'bob');
  const bobs = await post(server.url, bob.token, 'bob writes');
  const alices = [await post(server.url, alice.token, 'alice writes'), await post(server.url, alice.token, 'alice writes more')];
  await sleep(1100);
  const aliceDelete = await api(server.url, 'notes/delete', { noteId: alices[0].id }, alice.token);
  t.equal(aliceDelete.status, 204, 'alice deletes');
  const bobDelete = await api(server.url, 'notes/delete', { noteId: bobs.id }, bob.token);
  t.equal(bobDelete.status, 204, 'bob deletes right after: not held back by alice\'s call');
  const aliceAgain = await api(server.url, 'notes/delete', { noteId: alices[1].id }, alice.token);
  t.equal(aliceAgain.status, 429, 'alice herself is still held back');
});

t.test('with FLOCK_RATE_LIMITS=off nothing is limited', async (t) => {
  const free = await startServer({ env: { FLOCK_RATE_LIMITS: 'off' } });
  const carol = await signup(free.url, 'carol');
  const a = await post(free.url, carol.token, 'a');
  const b = await post(free.url, carol.token, 'b');
  t.equal((await api(free.url, 'notes/delete', { noteId: a.id }, carol.token)).status, 204);
  t.equal((await api(free.url, 'notes/delete', { noteId: b.id }, carol.token)).status, 204, 'two deletes at once are fine');
  await free.stop();
});
