/** Sign-up, the seed's sign-in, Misskey's signin-flow, token auth (body `i` and Bearer) and token revocation. */
import t from 'tap';
import { isApiError, isOk } from './helpers/assert.js';
import { api, call, type Server, signup, startServer } from './helpers/server.js';

const AID = /^[0-9a-z]{16}$/;
const NATIVE_TOKEN = /^[0-9a-zA-Z]{16}$/;
let server: Server;

t.before(async () => {
  server = await startServer();
});

t.test('signup answers MeDetailed plus a 16-char native token', async (t) => {
  const res = await api(server.url, 'signup', { username: 'alice', password: 'hunter2hunter2' });
  isOk(t, res, 200, 'signup');
  const me = res.body;
  t.match(me.token, NATIVE_TOKEN, 'token is 16 chars of [0-9a-zA-Z]');
  t.match(me.id, AID, 'id is a 16-char aidx');
  t.equal(me.username, 'alice');
  t.equal(me.host, null, 'a local user has host null');
  t.type(me.avatarUrl, 'string');
  t.ok(me.avatarUrl.startsWith(server.url + '/'), `avatarUrl points at this server (${me.avatarUrl})`);
  t.ok(!Number.isNaN(Date.parse(me.createdAt)), 'createdAt is an ISO date');
  t.match(
    me,
    {
      name: null,
      isLocked: false,
      followersCount: 0,
      followingCount: 0,
      notesCount: 0,
      isAdmin: Boolean,
      isModerator: Boolean,
      policies: Object,
      mutedWords: Array,
    },
    'MeDetailed fields',
  );
  const i = await api(server.url, 'i', {}, me.token);
  isOk(t, i, 200, 'i with the signup token');
  t.equal(i.body.id, me.id, 'the token belongs to the new user');
  t.notOk('token' in i.body, '`i` does not echo a token');
});

t.test('signup refuses a taken username (case-insensitively) and a malformed one with 400', async (t) => {
  await signup(server.url, 'bob');
  const again = await api(server.url, 'signup', { username: 'bob', password: 'x' });
  t.equal(again.status, 400, 'same username');
  t.type(again.body?.error, 'object', 'with a JSON error body');
  const upper = await api(server.url, 'signup', { username: 'BOB', password: 'x' });
  t.equal(upper.status, 400, 'same username in another case');
  for (const username of ['has space', 'a'.repeat(21), '', 'dash-name']) {
    const bad = await api(server.url, 'signup', { username, password: 'x' });
    t.equal(bad.status, 400, `username ${JSON.stringify(username)} is refused`);
  }
  const noPassword = await api(server.url, 'signup', { username: 'nopass' });
  t.equal(noPassword.status, 400, 'missing password is refused');
});

t.test('signin (seed shape) answers {token, user} with a working token', async (t) => {
  const carol = await signup(server.url, 'carol', 'carols-password');
  const res = await api(server.url, 'signin', { username: 'carol', password: 'carols-password' });
  isOk(t, res, 200, 'signin');
  t.match(res.body, { token: NATIVE_TOKEN, user: { id: carol.id, username: 'carol' } });
  t.not(res.body.token, carol.token, 'a new token is issued');
  const i = await api(server.url, 'i', {}, res.body.token);
  t.equal(i.body?.id, carol.id, 'the signin token authenticates');
  const wrong = await api(server.url, 'signin', { username: 'carol', password: 'nope' });
  t.equal(wrong.status, 403, 'wrong password is 403');
  t.equal(wrong.body?.error?.id, '932c904e-9460-45b7-9ce6-7ed33be7eb2c');
});

t.test('signin-flow: username → next password; right password → {finished, id, i}', async (t) => {
  const dave = await signup(server.url, 'dave', 'daves-password');
  const step1 = await api(server.url, 'signin-flow', { username: 'dave' });
  isOk(t, step1, 200, 'first step');
  t.same(step1.body, { finished: false, next: 'password' });
  const step2 = await api(server.url, 'signin-flow', { username: 'dave', password: 'daves-password' });
  isOk(t, step2, 200, 'second step');
  t.match(step2.body, { finished: true, id: dave.id, i: NATIVE_TOKEN });
  const i = await api(server.url, 'i', {}, step2.body.i);
  t.equal(i.body?.id, dave.id, 'the issued token authenticates');
  const upper = await api(server.url, 'signin-flow', { username: 'DAVE', password: 'daves-password' });
  t.match(upper.body, { finished: true, id: dave.id }, 'the username is matched case-insensitively');
});

t.test('signin-flow: wrong password → 403 932c904e…; unknown user → 404', async (t) => {
  await signup(server.url, 'erin', 'erins-password');
  const wrong = await api(server.url, 'signin-flow', { username: 'erin', password: 'not-it' });
  t.equal(wrong.status, 403, 'wrong password');
  t.equal(wrong.body?.error?.id, '932c904e-9460-45b7-9ce6-7ed33be7eb2c', 'INCORRECT_PASSWORD id');
  const unknown = await api(server.url, 'signin-flow', { username: 'nobody_here', password: 'x' });
  t.equal(unknown.status, 404, 'unknown user with a password');
  t.equal(unknown.body?.error?.id, '6cc579cc-885d-43d8-95c2-b8c7fc963280', 'NO_SUCH_USER id');
  const unknownStep1 = await api(server.url, 'signin-flow', { username: 'nobody_here' });
  t.equal(unknownStep1.status, 404, 'unknown user on the first step');
});

t.test('the token works as body `i` and as `Authorization: Bearer`', async (t) => {
  const frank = await signup(server.url, 'frank');
  const viaBody = await api(server.url, 'i', {}, frank.token);
  t.equal(viaBody.body?.id, frank.id, 'body i');
  const viaHeader = await fetch(server.url + '/api/i', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${frank.token}` },
    body: '{}',
  });
  t.equal(viaHeader.status, 200, 'Bearer header');
  t.equal(((await viaHeader.json()) as { id: string }).id, frank.id);
});

t.test("a revoked token → 401 AUTHENTICATION_FAILED; the user's other tokens still work", async (t) => {
  const gina = await signup(server.url, 'gina', 'ginas-password');
  const second = (await call(server.url, 'signin-flow', { username: 'gina', password: 'ginas-password' })).i as string;
  const revoke = await api(server.url, 'i/revoke-token', {}, gina.token);
  t.equal(revoke.status, 204, 'i/revoke-token answers 204');
  t.equal(revoke.text, '', 'with no body');
  const revoked = await api(server.url, 'i', {}, gina.token);
  isApiError(t, revoked, 401, 'AUTHENTICATION_FAILED', 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14');
  t.match(revoked.headers.get('www-authenticate') ?? '', /^Bearer realm="Misskey"/, 'WWW-Authenticate on 401');
  const post = await api(server.url, 'notes/create', { text: 'still here?' }, gina.token);
  isApiError(t, post, 401, 'AUTHENTICATION_FAILED', 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14');
  const other = await api(server.url, 'i', {}, second);
  t.equal(other.body?.id, gina.id, 'the other token is untouched');
  const all = await api(server.url, 'i/revoke-token', { all: true }, second);
  t.equal(all.status, 204, 'revoke all');
  const afterAll = await api(server.url, 'i', {}, second);
  isApiError(t, afterAll, 401, 'AUTHENTICATION_FAILED', 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14');
});
