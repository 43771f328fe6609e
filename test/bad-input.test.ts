/** Bad requests get Misskey-shaped JSON errors with the right status, nothing is stored, and the server stays healthy. */
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { type Account, api, call, http, post, type Server, signup, startServer } from './helpers/server.js';

const INVALID_PARAM = '3d81ceae-475f-4600-b2a8-2bc116157532';
let server: Server;
let alice: Account;

t.before(async () => {
  server = await startServer();
  alice = await signup(server.url, 'alice');
});

const rawPost = (path: string, body: string, contentType = 'application/json') =>
  http(server.url, path, { method: 'POST', headers: { 'Content-Type': contentType }, body });

t.test('malformed JSON → 400 INVALID_PARAM', async (t) => {
  for (const body of ['{"text": "unterminated', '{text: 1}', 'not json at all', '{"a":1}}']) {
    const res = await rawPost('/api/notes/show', body);
    isApiError(t, res, 400, 'INVALID_PARAM', INVALID_PARAM);
  }
});

t.test('a JSON body that is not an object → 400 INVALID_PARAM', async (t) => {
  for (const body of ['[]', '"text"', '42', 'null', 'true']) {
    const res = await rawPost('/api/notes/show', body);
    isApiError(t, res, 400, 'INVALID_PARAM', INVALID_PARAM);
  }
});

t.test('wrong param types → 400 INVALID_PARAM with info.param', async (t) => {
  const cases: [string, Record<string, unknown>][] = [
    ['notes/create', { text: 123 }],
    ['notes/create', { text: 'hi', visibility: 'everyone' }],
    ['notes/create', { text: 'hi', localOnly: 'yes' }],
    ['notes/create', { text: 'hi', visibleUserIds: 'abc' }],
    ['notes/show', {}],
    ['notes/show', { noteId: 42 }],
    ['notes/show', { noteId: '../../etc/passwd' }],
    ['users/notes', { userId: alice.id, limit: 'ten' }],
    ['users/notes', { userId: alice.id, limit: 0 }],
    ['users/notes', { userId: alice.id, limit: 1.5 }],
    ['following/create', { userId: ['a'] }],
  ];
  for (const [endpoint, params] of cases) {
    const res = await api(server.url, endpoint, params, alice.token);
    const label = `${endpoint} ${JSON.stringify(params).slice(0, 80)}`;
    t.test(label, async (t) => {
      isApiError(t, res, 400, 'INVALID_PARAM', INVALID_PARAM);
      t.type(res.body?.error?.info?.param, 'string', 'info.param names the failing param');
    });
  }
});

t.test('unknown endpoint → 404 UNKNOWN_API_ENDPOINT (POST and GET)', async (t) => {
  const postRes = await api(server.url, 'no/such/endpoint', {});
  isApiError(t, postRes, 404, 'UNKNOWN_API_ENDPOINT', '2ca3b769-540a-4f08-9dd5-b5a825b6d0f1');
  const getRes = await http(server.url, '/api/no-such-endpoint');
  isApiError(t, getRes, 404, 'UNKNOWN_API_ENDPOINT', '2ca3b769-540a-4f08-9dd5-b5a825b6d0f1');
});

t.test('a body over 1 MiB → 413 with a JSON error', async (t) => {
  const body = JSON.stringify({ text: 'a'.repeat(1024 * 1024 + 16) });
  const res = await rawPost('/api/notes/create', body);
  t.equal(res.status, 413, 'status 413');
  t.match(res.headers.get('content-type') ?? '', /^application\/json/, 'JSON body');
  t.match(res.body, { error: { message: String, code: String, id: String, kind: String } }, 'Misskey error shape');
  const justUnder = await api(server.url, 'notes/show', { noteId: 'x', pad: 'p'.repeat(1024 * 1024 - 100) });
  t.not(justUnder.status, 413, 'a body just under 1 MiB is read');
});

t.test('missing token on a credential endpoint → 401 CREDENTIAL_REQUIRED', async (t) => {
  for (const endpoint of ['notes/create', 'i', 'notes/timeline', 'following/create']) {
    const res = await api(server.url, endpoint, { text: 'hello' });
    isApiError(t, res, 401, 'CREDENTIAL_REQUIRED', '1384574d-a912-4b81-8601-c7b1c4085df1');
    t.match(res.headers.get('www-authenticate') ?? '', /^Bearer realm="Misskey"/, `${endpoint}: WWW-Authenticate`);
  }
});

t.test('invalid token → 401 AUTHENTICATION_FAILED (body i and Bearer)', async (t) => {
  const viaBody = await api(server.url, 'i', {}, 'AAAAAAAAAAAAAAAA');
  isApiError(t, viaBody, 401, 'AUTHENTICATION_FAILED', 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14');
  const viaHeader = await http(server.url, '/api/i', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer not-a-real-token' },
    body: '{}',
  });
  isApiError(t, viaHeader, 401, 'AUTHENTICATION_FAILED', 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14');
  const onAnonymousEndpoint = await api(server.url, 'notes/local-timeline', {}, 'AAAAAAAAAAAAAAAA');
  isApiError(t, onAnonymousEndpoint, 401, 'AUTHENTICATION_FAILED', 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14');
  const nonString = await api(server.url, 'i', { i: 12345 });
  t.equal(nonString.status, 400, 'a non-string i is 400');
  t.type(nonString.body?.error, 'object', 'with a JSON error body');
});

t.test('notes/show of a non-existent note → 400 NO_SUCH_NOTE', async (t) => {
  const res = await api(server.url, 'notes/show', { noteId: '0000000000000000' });
  isApiError(t, res, 400, 'NO_SUCH_NOTE', '24fcbfc6-2e37-42b6-8388-c29b3861a08d');
});

t.test('text over 3000 chars → 400 and nothing is stored', async (t) => {
  const before = await call(server.url, 'i', {}, alice.token);
  const tooLong = await api(server.url, 'notes/create', { text: 'x'.repeat(3001) }, alice.token);
  isApiError(t, tooLong, 400, 'INVALID_PARAM', INVALID_PARAM);
  const blank = await api(server.url, 'notes/create', { text: '   \n\t ' }, alice.token);
  t.equal(blank.status, 400, 'whitespace-only text is refused');
  const empty = await api(server.url, 'notes/create', {}, alice.token);
  t.equal(empty.status, 400, 'a note with nothing in it is refused');
  const after = await call(server.url, 'i', {}, alice.token);
  t.equal(after.notesCount, before.notesCount, 'notesCount unchanged');
  const notes = await call(server.url, 'users/notes', { userId: alice.id, limit: 100 });
  t.notOk(
    notes.some((n: { text: string | null }) => n.text !== null && (n.text.length > 3000 || /^\s*$/.test(n.text))),
    'no such note in users/notes',
  );
  const exactly = await post(server.url, alice.token, 'y'.repeat(3000));
  t.equal(exactly.text.length, 3000, 'exactly 3000 chars is accepted');
  const counted = await call(server.url, 'i', {}, alice.token);
  t.equal(counted.notesCount, before.notesCount + 1, 'and counted');
});

t.test('GET on a POST-only endpoint → 405 with a JSON error', async (t) => {
  const res = await http(server.url, '/api/notes/create');
  t.equal(res.status, 405, 'status 405');
  t.match(res.headers.get('content-type') ?? '', /^application\/json/, 'JSON body');
  t.match(res.body, { error: { message: String, code: String, id: String, kind: String } }, 'Misskey error shape');
});

t.test("every answer carries Misskey's CORS and cache headers; preflight is answered", async (t) => {
  const res = await api(server.url, 'notes/show', { noteId: 'nope' });
  t.equal(res.headers.get('access-control-allow-origin'), '*');
  t.equal(res.headers.get('cache-control'), 'private, max-age=0, must-revalidate');
  const preflight = await http(server.url, '/api/notes/create', {
    method: 'OPTIONS',
    headers: {
      Origin: 'https://client.example',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type',
    },
  });
  t.ok(preflight.status === 204 || preflight.status === 200, `preflight answered (${preflight.status})`);
  t.equal(preflight.headers.get('access-control-allow-origin'), '*');
});

t.test(
  'GET on an allowGet endpoint reads the query; anonymous GETs of cacheable ones are publicly cacheable',
  async (t) => {
    const note = await post(server.url, alice.token, 'react to me');
    const res = await http(server.url, `/api/notes/reactions?noteId=${note.id}&limit=5`);
    t.equal(res.status, 200, `GET notes/reactions answers 200 (${res.text.slice(0, 200)})`);
    t.same(res.body, [], 'an empty list');
    t.equal(
      res.headers.get('cache-control'),
      'public, max-age=60',
      'exactly one Cache-Control: public, max-age=60 (cacheSec)',
    );
    const badLimit = await http(server.url, `/api/notes/reactions?noteId=${note.id}&limit=abc`);
    t.equal(badLimit.status, 400, 'a query number that is not a number is 400');
    t.equal(badLimit.body?.error?.code, 'INVALID_PARAM');
    const withToken = await http(server.url, `/api/notes/reactions?noteId=${note.id}&i=${alice.token}`);
    t.equal(withToken.status, 200, 'query `i` authenticates');
    t.equal(
      withToken.headers.get('cache-control'),
      'private, max-age=0, must-revalidate',
      'a signed-in GET is not publicly cacheable',
    );
  },
);

t.test('the server is still healthy after all that', async (t) => {
  const res = await http(server.url, '/healthz');
  t.equal(res.status, 200);
  t.equal(res.body?.ok, true);
  const note = await post(server.url, alice.token, 'still working');
  const shown = await call(server.url, 'notes/show', { noteId: note.id });
  t.equal(shown.text, 'still working', 'reads and writes still work');
});
