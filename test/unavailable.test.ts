/**
 * Endpoints misskey-js knows that Flock does not serve yet answer UNAVAILABLE, never UNKNOWN_API_ENDPOINT
 * and never a pretend success, and /api.json does not list them. The set is misskey-js' endpoints minus
 * Flock's, so implementing one takes it out.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { type Account, api, call, http, type Server, signup, startServer } from './helpers/server.js';

const NOT_YET_SERVED = '6d2c9a1e-4f7b-4e0a-b8c3-91e5d0a47f26';
let server: Server;
let alice: Account;

t.before(async () => {
  server = await startServer();
  alice = await signup(server.url, 'alice');
});

const unserved = [
  'drive/files/attached-chat-messages',
  'antennas/create',
  'channels/create',
  'antennas/list',
  'channels/followed',
  'clips/list',
  'pages/show',
  'gallery/posts',
  'flash/featured',
  'admin/emoji/list',
  'announcements',
  'clips/create',
];

t.test('each answers UNAVAILABLE (400), whether signed in or not', async (t) => {
  for (const name of unserved) {
    isApiError(t, await api(server.url, name, {}, alice.token), 400, 'UNAVAILABLE', NOT_YET_SERVED);
    isApiError(t, await api(server.url, name, { limit: 'x', junk: { a: 1 } }), 400, 'UNAVAILABLE', NOT_YET_SERVED);
  }
});

t.test("Misskey's own UNAVAILABLE id where it has one", async (t) => {
  const translate = await api(server.url, 'notes/translate', { noteId: 'a', targetLang: 'en' }, alice.token);
  isApiError(t, translate, 400, 'UNAVAILABLE', '50a70314-2d8a-431b-b433-efa5cc56444c');
});

t.test('a token that is not accepted still fails authentication first', async (t) => {
  isApiError(t, await api(server.url, 'antennas/list', {}, 'AAAAAAAAAAAAAAAA'), 401, 'AUTHENTICATION_FAILED');
});

t.test('misskey-js rejects with the error (not a parse failure)', async (t) => {
  const client = new Misskey.api.APIClient({ origin: server.url, credential: alice.token });
  await t.rejects(client.request('antennas/list', {}), { code: 'UNAVAILABLE', id: NOT_YET_SERVED });
});

t.test('names no client knows are still UNKNOWN_API_ENDPOINT', async (t) => {
  isApiError(t, await api(server.url, 'drive/no-such-thing', {}, alice.token), 404, 'UNKNOWN_API_ENDPOINT');
});

t.test('/api.json and `endpoints` list only what works', async (t) => {
  const doc = (await http(server.url, '/api.json')).body as { paths: Record<string, unknown> };
  const listed = (await call(server.url, 'endpoints', {})) as string[];
  for (const name of unserved) {
    t.notOk(Object.hasOwn(doc.paths, '/' + name), `/api.json leaves out ${name}`);
    t.notOk(listed.includes(name), `endpoints leaves out ${name}`);
  }
  t.ok(Object.hasOwn(doc.paths, '/notes/create'), 'served endpoints stay listed');
});
