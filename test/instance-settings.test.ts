/** admin/meta and admin/update-meta through the real server and misskey-js: who may call them, what they change, and what the settings do. */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { logsOf, makeModerator } from './helpers/moderation.js';
import { ADMIN_REQUIRED } from './helpers/roles.js';
import { api, call, post, signup, startServer } from './helpers/server.js';

const PROHIBITED = 'aa6e01d3-a85c-669d-758a-76aab43af334';

t.test('instance settings', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  const carol = await signup(url, 'carol');
  await makeModerator(url, alice.token, carol.id);
  const admin = new Misskey.api.APIClient({ origin: url, credential: alice.token });

  await t.test('only administrators read or change them', async (t) => {
    isApiError(t, await api(url, 'admin/meta', {}, bob.token), 403, 'ROLE_PERMISSION_DENIED', ADMIN_REQUIRED);
    isApiError(
      t,
      await api(url, 'admin/update-meta', { name: 'x' }, carol.token),
      403,
      'ROLE_PERMISSION_DENIED',
      ADMIN_REQUIRED,
    );
    isApiError(t, await api(url, 'admin/update-meta', { name: 'x' }), 401, 'CREDENTIAL_REQUIRED');
    t.equal((await call(url, 'meta', {})).name, 'Flock', 'nothing changed');
  });

  await t.test('update-meta is reflected in meta and admin/meta at once', async (t) => {
    await admin.request('admin/update-meta', {
      name: 'Flocked',
      shortName: 'F',
      description: 'A test instance',
      maintainerName: 'Alice',
      maintainerEmail: 'alice@example.com',
      langs: ['en', 'ja'],
      themeColor: '#112233',
      serverRules: ['Be kind'],
      tosUrl: 'https://example.com/tos',
      blockedHosts: [' Evil.Example ', '', 'evil.example', 'Bücher.example'],
      silencedHosts: ['loud.example'],
      pinnedUsers: ['@bob'],
    });
    const meta = await admin.request('meta', { detail: true });
    t.equal(meta.name, 'Flocked');
    t.equal(meta.shortName, 'F');
    t.equal(meta.description, 'A test instance');
    t.equal(meta.maintainerName, 'Alice');
    t.same(meta.langs, ['en', 'ja']);
    t.equal(meta.themeColor, '#112233');
    t.same(meta.serverRules, ['Be kind']);
    t.equal(meta.tosUrl, 'https://example.com/tos');
    const adminMeta = (await admin.request('admin/meta', {})) as unknown as Record<string, unknown>;
    t.same(
      adminMeta.blockedHosts,
      ['evil.example', 'xn--bcher-kva.example'],
      'hosts trimmed, lower-case, punycode, once',
    );
    t.same(adminMeta.silencedHosts, ['loud.example']);
    t.equal(adminMeta.name, 'Flocked');
    t.same(
      (await call(url, 'pinned-users', {})).map((u: { id: string }) => u.id),
      [bob.id],
      'pinned-users follows the setting',
    );
  });

  await t.test('each change is in the moderation log with the settings before and after', async (t) => {
    const [entry] = await logsOf(url, alice.token, 'updateServerSettings');
    t.equal(entry.userId, alice.id);
    t.equal(entry.info.before.name, 'Flock');
    t.equal(entry.info.after.name, 'Flocked');
    t.equal(entry.user.id, alice.id);
  });

  await t.test('bad values are refused whole, with INVALID_PARAM', async (t) => {
    isApiError(t, await api(url, 'admin/update-meta', { themeColor: 'red' }, alice.token), 400, 'INVALID_PARAM');
    isApiError(t, await api(url, 'admin/update-meta', { blockedHosts: 'evil' }, alice.token), 400, 'INVALID_PARAM');
    const many = Array.from({ length: 1001 }, (_, i) => `h${i}.example`);
    isApiError(
      t,
      await api(url, 'admin/update-meta', { name: 'n', blockedHosts: many }, alice.token),
      400,
      'INVALID_PARAM',
    );
    isApiError(t, await api(url, 'admin/update-meta', { name: 'x'.repeat(257) }, alice.token), 400, 'INVALID_PARAM');
    const res = await api(url, 'admin/update-meta', { notASetting: 1 }, alice.token);
    t.equal(res.status, 204, 'unknown keys are dropped');
    t.equal((await call(url, 'meta', {})).name, 'Flocked', 'nothing half-written');
  });

  await t.test('prohibited words refuse a note; sensitive words make a public note home', async (t) => {
    await admin.request('admin/update-meta', {
      prohibitedWords: ['buy now', '/c[a@]sino/i'],
      sensitiveWords: ['spoiler'],
    });
    const refused = await api(url, 'notes/create', { text: 'Visit our CASINO' }, bob.token);
    isApiError(t, refused, 400, 'CONTAINS_PROHIBITED_WORDS', PROHIBITED);
    isApiError(t, await api(url, 'notes/create', { text: 'now buy it' }, bob.token), 400, 'CONTAINS_PROHIBITED_WORDS');
    isApiError(
      t,
      await api(url, 'notes/create', { text: 'poll', poll: { choices: ['casino', 'park'] } }, bob.token),
      400,
      'CONTAINS_PROHIBITED_WORDS',
    );
    t.equal((await post(url, bob.token, 'buy it later')).visibility, 'public', 'one keyword alone is fine');
    t.equal((await post(url, bob.token, 'a spoiler ahead')).visibility, 'home');
    t.equal((await post(url, bob.token, { text: 'a spoiler', visibility: 'followers' })).visibility, 'followers');
    await admin.request('admin/update-meta', { prohibitedWords: [], sensitiveWords: [] });
    t.equal((await post(url, bob.token, 'casino spoiler')).visibility, 'public', 'lists emptied, rules gone');
  });

  await t.test('preserved usernames and disableRegistration refuse sign-up', async (t) => {
    await admin.request('admin/update-meta', { preservedUsernames: ['Keeper'] });
    isApiError(t, await api(url, 'signup', { username: 'keeper', password: 'pw' }), 400, 'DUPLICATED_USERNAME');
    await admin.request('admin/update-meta', { disableRegistration: true });
    t.equal((await call(url, 'meta', {})).disableRegistration, true);
    isApiError(t, await api(url, 'signup', { username: 'dave', password: 'pw' }), 403, 'REGISTRATION_CLOSED');
    await admin.request('admin/update-meta', { disableRegistration: false });
    t.equal((await api(url, 'signup', { username: 'dave', password: 'pw' })).status, 200);
  });

  await t.test('prohibited name words refuse a display name; hidden tags leave the trend', async (t) => {
    await admin.request('admin/update-meta', { prohibitedWordsForNameOfUser: ['villain'] });
    isApiError(
      t,
      await api(url, 'i/update', { name: 'the villain' }, bob.token),
      422,
      'YOUR_NAME_CONTAINS_PROHIBITED_WORDS',
    );
    t.equal((await call(url, 'i/update', { name: 'Bob' }, bob.token)).name, 'Bob');
    await post(url, bob.token, 'about #trendy');
    await post(url, carol.token, 'me too #trendy');
    const tags = async () => (await call(url, 'hashtags/trend', {}, bob.token)).map((e: { tag: string }) => e.tag);
    t.ok((await tags()).includes('trendy'), 'trending');
    await admin.request('admin/update-meta', { hiddenTags: ['Trendy'] });
    t.notOk((await tags()).includes('trendy'), 'hidden');
  });

  await t.test('the settings survive a restart', async (t) => {
    await server.stop();
    const again = await startServer({ dataDir: server.dataDir });
    t.teardown(() => again.stop());
    const meta = await call(again.url, 'meta', {});
    t.equal(meta.name, 'Flocked');
    t.same(meta.langs, ['en', 'ja']);
  });
});
