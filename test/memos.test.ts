/** users/update-memo: a private memo about another user, in UserDetailed `memo` for its author only. */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError, isOk } from './helpers/assert.js';
import { api, call, type Server, signup, startServer } from './helpers/server.js';

let server: Server;
t.before(async () => {
  server = await startServer();
});

t.test('a memo is shown to its author only, and null or empty deletes it', async (t) => {
  const alice = await signup(server.url, 'alice');
  const bob = await signup(server.url, 'bob');
  const carol = await signup(server.url, 'carol');
  isOk(t, await api(server.url, 'users/update-memo', { userId: bob.id, memo: 'met at the meetup' }, alice.token), 204);
  t.equal((await call(server.url, 'users/show', { userId: bob.id }, alice.token)).memo, 'met at the meetup');
  t.equal((await call(server.url, 'users/show', { userId: bob.id }, carol.token)).memo, null, 'not to others');
  t.equal((await call(server.url, 'users/show', { userId: bob.id })).memo, null, 'nor signed out');
  t.equal((await call(server.url, 'i', {}, bob.token)).memo, null, 'nor to its subject');

  await call(server.url, 'users/update-memo', { userId: bob.id, memo: 'changed' }, alice.token);
  t.equal((await call(server.url, 'users/show', { userId: bob.id }, alice.token)).memo, 'changed', 'replaced');
  await call(server.url, 'users/update-memo', { userId: bob.id, memo: '' }, alice.token);
  t.equal((await call(server.url, 'users/show', { userId: bob.id }, alice.token)).memo, null, 'empty deletes');
  await call(server.url, 'users/update-memo', { userId: bob.id, memo: 'again' }, alice.token);
  await call(server.url, 'users/update-memo', { userId: bob.id, memo: null }, alice.token);
  t.equal((await call(server.url, 'users/show', { userId: bob.id }, alice.token)).memo, null, 'null deletes');
});

t.test("bad memos get Misskey's errors", async (t) => {
  const dave = await signup(server.url, 'dave');
  const erin = await signup(server.url, 'erin');
  isApiError(
    t,
    await api(server.url, 'users/update-memo', { userId: '0000000000000000', memo: 'x' }, dave.token),
    400,
    'NO_SUCH_USER',
    '6fef56f3-e765-4957-88e5-c6f65329b8a5',
  );
  isApiError(t, await api(server.url, 'users/update-memo', { userId: erin.id }, dave.token), 400, 'INVALID_PARAM');
  const tooLong = await api(server.url, 'users/update-memo', { userId: erin.id, memo: 'x'.repeat(2049) }, dave.token);
  isApiError(t, tooLong, 400, 'INVALID_PARAM');
  t.equal((await call(server.url, 'users/show', { userId: erin.id }, dave.token)).memo, null, 'nothing written');
  isApiError(t, await api(server.url, 'users/update-memo', { userId: erin.id, memo: 'x' }), 401, 'CREDENTIAL_REQUIRED');
});

t.test('misskey-js users/update-memo', async (t) => {
  const frank = await signup(server.url, 'frank');
  const gina = await signup(server.url, 'gina');
  const client = new Misskey.api.APIClient({ origin: server.url, credential: frank.token });
  await client.request('users/update-memo', { userId: gina.id, memo: 'from misskey-js' });
  const shown = await client.request('users/show', { userId: gina.id });
  t.equal((shown as { memo: string | null }).memo, 'from misskey-js');
});
