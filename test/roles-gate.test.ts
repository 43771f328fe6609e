/** Who runs the instance: the first account is root, the role gates refuse with Misskey's ids, and a moderator is not an administrator. */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { ADMIN_REQUIRED, MODERATOR_REQUIRED, manualRole } from './helpers/roles.js';
import { api, call, signup, startServer } from './helpers/server.js';

t.test('the first account is root, the second is not', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const root = await signup(url, 'first');
  const other = await signup(url, 'second');
  const rootMe = await call(url, 'i', {}, root.token);
  t.same([rootMe.isAdmin, rootMe.isModerator], [true, true], 'the first account administers');
  const otherMe = await call(url, 'i', {}, other.token);
  t.same([otherMe.isAdmin, otherMe.isModerator], [false, false], 'the second does not');
  const signupAnswer = await api(url, 'signup', { username: 'third', password: 'pw' });
  t.equal(signupAnswer.body.isAdmin, false, 'nor does a later sign-up');

  await t.test('the gates refuse a normal user with 403 and the gate’s own id; root passes', async (t) => {
    isApiError(
      t,
      await api(url, 'admin/roles/list', {}, other.token),
      403,
      'ROLE_PERMISSION_DENIED',
      MODERATOR_REQUIRED,
    );
    isApiError(
      t,
      await api(url, 'admin/roles/create', manualRole('x'), other.token),
      403,
      'ROLE_PERMISSION_DENIED',
      ADMIN_REQUIRED,
    );
    isApiError(t, await api(url, 'admin/roles/list', {}), 401, 'CREDENTIAL_REQUIRED');
    t.same(await call(url, 'admin/roles/list', {}, root.token), []);
    t.same(await call(url, 'admin/roles/list', {}, root.token), [], 'nothing was created by the refused call');
  });

  await t.test('a moderator passes moderator gates and is refused admin-only ones', async (t) => {
    const rootApi = new Misskey.api.APIClient({ origin: url, credential: root.token });
    const role = await rootApi.request('admin/roles/create', manualRole('mods', { isModerator: true }) as never);
    await rootApi.request('admin/roles/assign', { roleId: role.id, userId: other.id });
    const me = await call(url, 'i', {}, other.token);
    t.same([me.isAdmin, me.isModerator], [false, true]);
    const list = await call(url, 'admin/roles/list', {}, other.token);
    t.same(
      list.map((r: { name: string }) => r.name),
      ['mods'],
    );
    isApiError(
      t,
      await api(url, 'admin/roles/create', manualRole('y'), other.token),
      403,
      'ROLE_PERMISSION_DENIED',
      ADMIN_REQUIRED,
    );
    isApiError(
      t,
      await api(url, 'admin/roles/update-default-policies', { policies: { ltlAvailable: false } }, other.token),
      403,
      'ROLE_PERMISSION_DENIED',
      ADMIN_REQUIRED,
    );
    await rootApi.request('admin/roles/unassign', { roleId: role.id, userId: other.id });
    isApiError(
      t,
      await api(url, 'admin/roles/list', {}, other.token),
      403,
      'ROLE_PERMISSION_DENIED',
      MODERATOR_REQUIRED,
    );
  });
});

t.test('concurrent first sign-ups on two workers make exactly one root', async (t) => {
  const server = await startServer({ env: { FLOCK_WORKERS: '2', FLOCK_SHARDS: '8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const accounts = await Promise.all(Array.from({ length: 12 }, (_, n) => signup(url, `racer${n}`)));
  const admins = [];
  for (const account of accounts) if ((await call(url, 'i', {}, account.token)).isAdmin === true) admins.push(account);
  t.equal(admins.length, 1, 'one root among the racers');
  const restarted = await server.stop();
  t.equal(restarted, 0);
  const again = await startServer({ dataDir: server.dataDir });
  t.teardown(() => again.stop());
  t.equal((await call(again.url, 'i', {}, admins[0]!.token)).isAdmin, true, 'root stays root after a restart');
  const late = await signup(again.url, 'late');
  t.equal((await call(again.url, 'i', {}, late.token)).isAdmin, false, 'a sign-up after the restart is not');
});
