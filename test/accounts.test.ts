/**
 * Account names and passwords: reserved usernames cannot be signed up; a password is the same however
 * its accents are encoded (NFC); a hash from an earlier version still signs in and is then re-hashed
 * in the current scheme at the configured cost.
 */

import { scrypt } from 'node:crypto';
import t from 'tap';
import { openStore } from '../src/store/index.js';
import { isApiError, isOk } from './helpers/assert.js';
import { api, call, type Server, signup, startServer, tempDir } from './helpers/server.js';

const DUPLICATED_USERNAME = 'b4d5e8f2-3c1a-4e7b-9a60-52f1d8c3e7a4';
const INCORRECT_PASSWORD = '932c904e-9460-45b7-9ce6-7ed33be7eb2c';
/** The cost test/helpers/server.ts gives new hashes (FLOCK_PASSWORD_HASH_COST=12). */
const TEST_HASH_N = 2 ** 12;
/** "é" precomposed (NFC) and as e + combining acute accent (NFD). */
const E_NFC = '\u00e9';
const E_NFD = 'e\u0301';

let server: Server;

t.before(async () => {
  server = await startServer();
});

t.test('reserved usernames cannot be signed up, in any case → DUPLICATED_USERNAME', async (t) => {
  for (const username of ['admin', 'ROOT', 'System', 'instance', 'notes']) {
    const res = await api(server.url, 'signup', { username, password: 'a long enough password' });
    isApiError(t, res, 400, 'DUPLICATED_USERNAME', DUPLICATED_USERNAME);
    t.notOk(typeof res.body?.token === 'string', `no token issued for ${username}`);
    const shown = await api(server.url, 'users/show', { username });
    isApiError(t, shown, 404, 'NO_SUCH_USER', '4362f8dc-731f-4ad8-a694-be5a88922a24');
  }
  const alice = await api(server.url, 'signup', { username: 'alice', password: 'a long enough password' });
  isOk(t, alice, 200, 'an ordinary name still signs up');
  t.equal(alice.body?.username, 'alice');
});

t.test('a password signs in whichever Unicode normalisation it is typed in (signin and signin-flow)', async (t) => {
  const pairs: [string, string, string][] = [
    ['nfc_signup', `caf${E_NFC}`, `caf${E_NFD}`],
    ['nfd_signup', `caf${E_NFD}`, `caf${E_NFC}`],
  ];
  for (const [username, atSignup, atSignin] of pairs) {
    t.not(atSignup, atSignin, 'the two spellings differ as strings');
    const user = await signup(server.url, username, atSignup);
    const signin = await api(server.url, 'signin', { username, password: atSignin });
    isOk(t, signin, 200, `${username}: signin with the other normalisation`);
    t.equal(signin.body?.user?.id, user.id);
    const flow = await api(server.url, 'signin-flow', { username, password: atSignin });
    isOk(t, flow, 200, `${username}: signin-flow with the other normalisation`);
    t.match(flow.body, { finished: true, id: user.id });
    // normalising must not make different passwords equal
    const wrong = await api(server.url, 'signin', { username, password: 'cafe' });
    isApiError(t, wrong, 403, 'INCORRECT_PASSWORD', INCORRECT_PASSWORD);
  }
});

/** `scrypt$N$r$p$salt$hash` of the password as typed, as Flock stored hashes before normalising them. */
function legacyHash(password: string): Promise<string> {
  const salt = Buffer.from('0123456789abcdef');
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 32, { N: 16384, r: 8, p: 1 }, (err, key) => {
      if (err) reject(err);
      else resolve(`scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`);
    });
  });
}

t.test(
  'a password hash from an earlier version signs in, and is re-hashed as scrypt-nfc at the configured cost',
  async (t) => {
    const dataDir = tempDir();
    // typed decomposed: the old scheme hashed it as typed, the new one hashes it normalised
    const typed = `legacy caf${E_NFD}`;
    let own = await startServer({ dataDir });
    const user = await signup(own.url, 'legacy_user', 'the password before the upgrade');
    t.equal(await own.stop(), 0, 'the server stops cleanly');

    let store = openStore({ path: dataDir, mapSizeMb: 1024 });
    await store.accounts.setPasswordHash(user.id, await legacyHash(typed));
    await store.close();

    own = await startServer({ dataDir });
    const signin = await api(own.url, 'signin', { username: 'legacy_user', password: typed });
    isOk(t, signin, 200, 'signin against the old hash');
    t.equal(signin.body?.user?.id, user.id);
    t.equal(await own.stop(), 0, 'the server stops cleanly');

    store = openStore({ path: dataDir, mapSizeMb: 1024 });
    const stored = store.accounts.passwordHash(user.id) ?? '';
    await store.close();
    const [scheme, n, r, p] = stored.split('$');
    t.equal(scheme, 'scrypt-nfc', `the hash was replaced by one of the current scheme (${stored.slice(0, 24)}…)`);
    t.equal(Number(n), TEST_HASH_N, 'at N = 2^FLOCK_PASSWORD_HASH_COST');
    t.same([r, p], ['8', '1'], 'r=8, p=1');

    own = await startServer({ dataDir });
    const composed = await api(own.url, 'signin-flow', { username: 'legacy_user', password: typed.normalize('NFC') });
    isOk(t, composed, 200, 'the re-hashed password now also signs in typed precomposed');
    const wrong = await api(own.url, 'signin', {
      username: 'legacy_user',
      password: 'the password before the upgrade',
    });
    isApiError(t, wrong, 403, 'INCORRECT_PASSWORD', INCORRECT_PASSWORD);
    t.equal(
      (await call(own.url, 'i', {}, signin.body.token)).id,
      user.id,
      'the token issued at the old-hash sign-in still works',
    );
    t.equal(await own.stop(), 0);
  },
);
