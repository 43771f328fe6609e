/**
 * Errors of an endpoint call carry the `WWW-Authenticate` challenge Misskey's ApiCallService sends
 * (RFC 6750): a refused token is `invalid_token` with its description, any other 401 names the realm only,
 * client errors are `invalid_request` whatever their status, and rate limits and errors answered before
 * an endpoint runs (unknown endpoint, sign-in) carry none.
 */
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { type Account, api, http, type Server, signup, startServer } from './helpers/server.js';

const REALM = 'Bearer realm="Misskey"';
let server: Server;
let alice: Account;

t.before(async () => {
  server = await startServer({ env: { FLOCK_RATE_LIMITS: 'on' } });
  alice = await signup(server.url, 'alice');
});

const challenge = (res: { headers: Headers }) => res.headers.get('www-authenticate');

t.test('a token that is not accepted: invalid_token, described', async (t) => {
  const viaBody = await api(server.url, 'i', {}, 'AAAAAAAAAAAAAAAA');
  isApiError(t, viaBody, 401, 'AUTHENTICATION_FAILED');
  const described = `${REALM}, error="invalid_token", error_description="Authentication failed. Please ensure your token is correct."`;
  t.equal(challenge(viaBody), described, 'body i');
  const viaHeader = await http(server.url, '/api/i', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer BBBBBBBBBBBBBBBB' },
    body: '{}',
  });
  t.equal(challenge(viaHeader), described, 'Authorization: Bearer');
});

t.test('no token where one is required: the realm alone', async (t) => {
  const res = await api(server.url, 'notes/timeline', {});
  isApiError(t, res, 401, 'CREDENTIAL_REQUIRED');
  t.equal(challenge(res), REALM);
});

t.test('client errors: invalid_request with the message, at 400 and at 404 alike', async (t) => {
  const invalid = await api(server.url, 'notes/show', { noteId: 5 }, alice.token);
  isApiError(t, invalid, 400, 'INVALID_PARAM');
  t.equal(challenge(invalid), `${REALM}, error="invalid_request", error_description="Invalid param."`);
  const noSuchNote = await api(server.url, 'notes/show', { noteId: 'nosuchnote00000a' }, alice.token);
  isApiError(t, noSuchNote, 400, 'NO_SUCH_NOTE');
  t.equal(challenge(noSuchNote), `${REALM}, error="invalid_request", error_description="No such note."`);
  const noSuchUser = await api(server.url, 'users/show', { userId: 'nosuchuser00000a' });
  isApiError(t, noSuchUser, 404, 'NO_SUCH_USER');
  t.equal(challenge(noSuchUser), `${REALM}, error="invalid_request", error_description="No such user."`);
});

t.test('no challenge on a rate limit, an unknown endpoint or a refused sign-in', async (t) => {
  const note = await api(server.url, 'notes/create', { text: 'to delete' }, alice.token);
  const noteId = note.body.createdNote.id as string;
  await api(server.url, 'notes/delete', { noteId }, alice.token);
  // notes/delete allows one call a second
  const limited = await api(server.url, 'notes/delete', { noteId }, alice.token);
  isApiError(t, limited, 429, 'RATE_LIMIT_EXCEEDED');
  t.equal(challenge(limited), null, 'rate limit');
  const unknown = await api(server.url, 'no/such/endpoint', {}, alice.token);
  isApiError(t, unknown, 404, 'UNKNOWN_API_ENDPOINT');
  t.equal(challenge(unknown), null, 'unknown endpoint');
  const signin = await api(server.url, 'signin-flow', { username: 'alice', password: 'wrong' });
  t.ok(signin.status >= 400, 'a wrong password is refused');
  t.equal(challenge(signin), null, 'sign-in');
});
