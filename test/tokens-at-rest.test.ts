/**
 * Tokens are stored as their SHA-256 (tokenKey), never as themselves, so a copy of the data signs nobody
 * in; plain-text tokens of an earlier version are re-keyed at start-up and keep working; a value that
 * cannot be a token is refused as one, never an internal error.
 */
import t from 'tap';
import { openStore, type Store, tokenKey } from '../src/store/index.js';
import { isApiError, isOk } from './helpers/assert.js';
import { api, call, http, signup, startServer, tempDir } from './helpers/server.js';

const AUTHENTICATION_FAILED = 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14';
const INVALID_PARAM = '3d81ceae-475f-4600-b2a8-2bc116157532';

/** Opens the (stopped) server's store, runs `fn`, closes it. */
async function withStore<T>(dataDir: string, fn: (store: Store) => T | Promise<T>): Promise<T> {
  const store = openStore({ path: dataDir, mapSizeMb: 1024 });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

t.test('issued tokens are stored only under their hash (signup, signin, signin-flow)', async (t) => {
  const dataDir = tempDir();
  const server = await startServer({ dataDir });
  const alice = await signup(server.url, 'alice', 'alices-password');
  const viaSignin = (await call(server.url, 'signin', { username: 'alice', password: 'alices-password' }))
    .token as string;
  const viaFlow = (await call(server.url, 'signin-flow', { username: 'alice', password: 'alices-password' }))
    .i as string;
  const tokens = [alice.token, viaSignin, viaFlow];
  t.equal(await server.stop(), 0, 'the server stops cleanly');

  await withStore(dataDir, (store) => {
    const keys = store.tokens.storedKeys();
    const userTokenKeys = store.tokens.ofUser(alice.id);
    for (const token of tokens) {
      t.notOk(keys.includes(token), `the token ${token.slice(0, 4)}… is not a key of tokens`);
      t.notOk(
        userTokenKeys.some((k) => k.includes(token)),
        "nor part of a key in the user's token list",
      );
      t.equal(store.tokens.get(tokenKey(token))?.userId, alice.id, 'its tokenKey is, for its user');
      t.ok(userTokenKeys.includes(tokenKey(token)), "and the user's token list has it under its tokenKey");
    }
    t.same(
      [...userTokenKeys].sort(),
      tokens.map(tokenKey).sort(),
      "the user's token list holds exactly those tokenKeys",
    );
  });
});

t.test('i/revoke-token with `token` revokes exactly that token, at rest too', async (t) => {
  const dataDir = tempDir();
  const server = await startServer({ dataDir });
  const bob = await signup(server.url, 'bob', 'bobs-password');
  const second = (await call(server.url, 'signin', { username: 'bob', password: 'bobs-password' })).token as string;
  const third = (await call(server.url, 'signin', { username: 'bob', password: 'bobs-password' })).token as string;
  const res = await api(server.url, 'i/revoke-token', { token: second }, bob.token);
  t.equal(res.status, 204, 'i/revoke-token answers 204');
  isApiError(t, await api(server.url, 'i', {}, second), 401, 'AUTHENTICATION_FAILED', AUTHENTICATION_FAILED);
  t.equal((await call(server.url, 'i', {}, bob.token)).id, bob.id, 'the calling token still works');
  t.equal((await call(server.url, 'i', {}, third)).id, bob.id, 'the other token still works');
  t.equal(await server.stop(), 0, 'the server stops cleanly');

  await withStore(dataDir, (store) => {
    t.equal(store.tokens.get(tokenKey(second)), undefined, 'the revoked token is gone from tokens');
    t.notOk(store.tokens.ofUser(bob.id).includes(tokenKey(second)), "and from the user's token list");
    t.equal(store.tokens.get(tokenKey(bob.token))?.userId, bob.id, 'the others stay');
    t.equal(store.tokens.get(tokenKey(third))?.userId, bob.id);
  });
});

t.test('a plain-text token stored by an earlier version still works and is re-keyed at start-up', async (t) => {
  const dataDir = tempDir();
  let server = await startServer({ dataDir });
  const carol = await signup(server.url, 'carol');
  t.equal(await server.stop(), 0, 'the server stops cleanly');

  // how tokens were stored before they were hashed: the token itself as the key
  const legacy = 'Legacy0Token0abc';
  await withStore(dataDir, async (store) => {
    await store.tokens.issue(legacy, carol.id, Date.now());
  });

  server = await startServer({ dataDir });
  const me = await api(server.url, 'i', {}, legacy);
  isOk(t, me, 200, 'the old token authenticates after the upgrade');
  t.equal(me.body?.id, carol.id, 'as its user');
  t.equal(await server.stop(), 0, 'the server stops cleanly');

  await withStore(dataDir, (store) => {
    t.equal(store.tokens.get(legacy), undefined, 'the plain-text key is gone');
    t.equal(store.tokens.get(tokenKey(legacy))?.userId, carol.id, 'the token is stored under its hash');
    t.notOk(store.tokens.ofUser(carol.id).includes(legacy), "the plain-text entry of the user's token list is gone");
    t.ok(store.tokens.ofUser(carol.id).includes(tokenKey(legacy)), "the user's token list has it under its hash");
  });

  // revoking every token must reach the re-keyed one (it is found through userTokens)
  server = await startServer({ dataDir });
  t.equal((await api(server.url, 'i/revoke-token', { all: true }, carol.token)).status, 204, 'revoke all');
  isApiError(t, await api(server.url, 'i', {}, legacy), 401, 'AUTHENTICATION_FAILED', AUTHENTICATION_FAILED);
  t.equal(await server.stop(), 0);
});

t.test('a token too long to be one → 401 AUTHENTICATION_FAILED (not 500); a non-string `i` → 400', async (t) => {
  const server = await startServer();
  const dave = await signup(server.url, 'dave');
  const huge = 'A'.repeat(5 * 1024);
  isApiError(t, await api(server.url, 'i', {}, huge), 401, 'AUTHENTICATION_FAILED', AUTHENTICATION_FAILED);
  isApiError(
    t,
    await api(server.url, 'notes/show', { noteId: 'zzzzzzzzzzzzzzzz' }, huge),
    401,
    'AUTHENTICATION_FAILED',
    AUTHENTICATION_FAILED,
  );
  const bearer = await http(server.url, '/api/i', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${huge}` },
    body: '{}',
  });
  isApiError(t, bearer, 401, 'AUTHENTICATION_FAILED', AUTHENTICATION_FAILED);
  // GET endpoints take the token as a query parameter
  const note = await call(server.url, 'notes/create', { text: 'x' }, dave.token);
  const viaQuery = await http(server.url, `/api/notes/reactions?noteId=${note.createdNote.id}&i=${huge}`);
  isApiError(t, viaQuery, 401, 'AUTHENTICATION_FAILED', AUTHENTICATION_FAILED);
  for (const i of [42, ['x'], { token: dave.token }, true]) {
    const res = await http(server.url, '/api/i', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ i }),
    });
    isApiError(t, res, 400, 'INVALID_PARAM', INVALID_PARAM);
  }
  t.equal((await call(server.url, 'i', {}, dave.token)).id, dave.id, 'the server still answers a real token');
  t.equal(await server.stop(), 0, 'and stops cleanly');
});
