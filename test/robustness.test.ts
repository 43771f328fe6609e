/**
 * No request takes the server down: malformed paths, unexpected throws in route handlers and endpoints,
 * other methods, deeply nested JSON. Each gets a Misskey-shaped answer and the server keeps serving,
 * and one hostile request never fails the requests batched with it.
 */
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { type Account, api, call, http, type Server, signup, startServer } from './helpers/server.js';

const INTERNAL_ERROR = '5d37dbcb-891e-41ca-a3d6-e690c97775ac';
let server: Server;
let alice: Account;

t.before(async () => {
  server = await startServer({ env: { FLOCK_FAULT_INJECTION: 'on' } });
  alice = await signup(server.url, 'alice');
});

const alive = async () => (await http(server.url, '/healthz')).status === 200;

t.test('a path with bad percent-encoding answers 400 and the server lives on', async (t) => {
  for (const path of ['/identicon/%ZZ', '/identicon/%E0%A4%A', '/identicon/%', '/api/%ZZ', '/%ZZ/%ZZ']) {
    const res = await http(server.url, path);
    t.ok(res.status >= 400 && res.status < 500, `${path}: a 4xx (${res.status})`);
    t.match(
      res.body,
      { error: { message: String, code: String, id: String, kind: String } },
      `${path}: Misskey error shape`,
    );
  }
  t.ok(await alive(), 'still serving');
});

t.test('an unexpected throw answers 500 INTERNAL_ERROR (kind server) and the server keeps serving', async (t) => {
  const inRoute = await http(server.url, '/__fault');
  isApiError(t, inRoute, 500, 'INTERNAL_ERROR', INTERNAL_ERROR);
  t.equal(inRoute.body?.error?.kind, 'server', 'a route handler that throws: kind server');
  for (const method of ['GET', 'POST']) {
    const res = await http(server.url, '/api/__fault', {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: method === 'POST' ? '{}' : undefined,
    });
    isApiError(t, res, 500, 'INTERNAL_ERROR', INTERNAL_ERROR);
    t.equal(res.body?.error?.kind, 'server', `an endpoint that throws (${method}): kind server`);
  }
  t.ok(await alive(), 'still serving');
  await call(server.url, 'notes/create', { text: 'after the faults' }, alice.token);
});

t.test('methods the API does not take answer 405 with Allow, naming the method rule, not GET', async (t) => {
  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    const res = await http(server.url, '/api/notes/show', {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    isApiError(t, res, 405, 'METHOD_NOT_ALLOWED');
    t.notMatch(res.body?.error?.message ?? '', /GET\./, `${method}: the message is not the GET one`);
    t.match(res.headers.get('allow') ?? '', /POST/, `${method}: Allow lists POST`);
  }
  const head = await http(server.url, '/api/notes/show', { method: 'HEAD' });
  t.equal(head.status, 405, 'HEAD: 405');
  t.equal(head.text, '', 'HEAD: no body');
  const get = await http(server.url, '/api/notes/create');
  isApiError(t, get, 405, 'METHOD_NOT_ALLOWED');
});

t.test('deeply nested JSON is refused at the gateway and never fails the commands batched with it', async (t) => {
  const deep = '['.repeat(3000) + ']'.repeat(3000);
  const bystanders = Array.from({ length: 40 }, (_, i) =>
    api(server.url, 'notes/create', { text: `bystander ${i}` }, alice.token),
  );
  const attacks = Array.from({ length: 10 }, () =>
    http(server.url, '/api/i/registry/set', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{"i":"${alice.token}","key":"k","scope":[],"value":${deep}}`,
    }),
  );
  const profile = http(server.url, '/api/i/update', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: `{"i":"${alice.token}","fields":${deep}}`,
  });
  const [posted, refused, profileRes] = await Promise.all([Promise.all(bystanders), Promise.all(attacks), profile]);
  for (const res of [...refused, profileRes]) isApiError(t, res, 400, 'INVALID_PARAM');
  t.equal(posted.filter((r) => r.status === 200).length, 40, 'every bystander note was created');
  const query = await http(server.url, '/api/notes/reactions?noteId=x&limit=' + encodeURIComponent(deep));
  isApiError(t, query, 400, 'INVALID_PARAM');
  const shallow = { a: [[[[{ b: 1 }]]]] };
  await call(server.url, 'i/registry/set', { key: 'ok', scope: [], value: shallow }, alice.token);
  t.same(
    await call(server.url, 'i/registry/get', { key: 'ok', scope: [] }, alice.token),
    shallow,
    'a moderately nested value is stored',
  );
  t.ok(await alive(), 'still serving');
});

t.test('overlong and wrong-typed tokens fail authentication with 401/400, never 500', async (t) => {
  const long = 'x'.repeat(5000);
  isApiError(t, await api(server.url, 'i', {}, long), 401, 'AUTHENTICATION_FAILED');
  const bearer = await http(server.url, '/api/i', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + long },
    body: '{}',
  });
  isApiError(t, bearer, 401, 'AUTHENTICATION_FAILED');
  t.match(
    bearer.headers.get('www-authenticate') ?? '',
    /error="invalid_token", error_description="/,
    'WWW-Authenticate names the error and describes it',
  );
  isApiError(t, await api(server.url, 'i', { i: ['a'] }), 400, 'INVALID_PARAM');
  isApiError(t, await api(server.url, 'i', { i: { $gt: '' } }), 400, 'INVALID_PARAM');
});

t.test('id params sent as arrays or objects answer 400, and unknown ones are ignored', async (t) => {
  isApiError(t, await api(server.url, 'notes/show', { noteId: ['a'] }, alice.token), 400, 'INVALID_PARAM');
  isApiError(
    t,
    await api(server.url, 'users/notes', { userId: alice.id, sinceId: { a: 1 } }, alice.token),
    400,
    'INVALID_PARAM',
  );
  const relation = await api(server.url, 'users/relation', { userId: alice.id, sinceId: ['x'] }, alice.token);
  t.equal(relation.status, 200, 'an undeclared key is dropped, not an error');
});
