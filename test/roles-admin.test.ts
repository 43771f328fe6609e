/** admin/roles/*: creating, changing and deleting roles, assigning them (with expiry), and Misskey's errors for each. */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { manualRole, policy } from './helpers/roles.js';
import { type Account, api, call, type Server, signup, sleep, startServer } from './helpers/server.js';

let server: Server;
let root: Account;
let mod: Account;
let alice: Account;
let modRoleId: string;

t.before(async () => {
  server = await startServer();
  root = await signup(server.url, 'rootuser');
  mod = await signup(server.url, 'moderator1');
  alice = await signup(server.url, 'alice');
  modRoleId = (await call(server.url, 'admin/roles/create', manualRole('mods', { isModerator: true }), root.token)).id;
  await call(server.url, 'admin/roles/assign', { roleId: modRoleId, userId: mod.id }, root.token);
});
t.teardown(() => server.stop());

const NO_SUCH_ROLE = {
  show: '07dc7d34-c0d8-49b7-96c6-db3ce64ee0b3',
  update: 'cd23ef55-09ad-428a-ac61-95a45e124b32',
  delete: 'de0d6ecd-8e0a-4253-88ff-74bc89ae3d45',
  assign: '6503c040-6af4-4ed9-bf07-f2dd16678eab',
  unassign: '6e519036-a70d-4c76-b679-bc8fb18194e2',
  users: '224eff5e-2488-4b18-b3e7-f50d94421648',
};

t.test('create answers the Role with every policy filled; show, list, update and delete follow', async (t) => {
  const rootApi = new Misskey.api.APIClient({ origin: server.url, credential: root.token });
  const created = await rootApi.request(
    'admin/roles/create',
    manualRole('helpers', { color: '#ff0000', displayOrder: 3, policies: { pinLimit: policy(9, 1) } }) as never,
  );
  t.match(created, {
    name: 'helpers',
    color: '#ff0000',
    target: 'manual',
    isExplorable: false,
    displayOrder: 3,
    usersCount: 0,
    createdAt: String,
    updatedAt: String,
  });
  t.same(created.policies.pinLimit, { useDefault: false, priority: 1, value: 9 });
  t.same(created.policies.ltlAvailable, { useDefault: true, priority: 0, value: true }, 'untouched policies filled in');
  t.same((await call(server.url, 'admin/roles/show', { roleId: created.id }, mod.token)).name, 'helpers');
  await rootApi.request('admin/roles/update', { roleId: created.id, name: 'helpers2', isPublic: true });
  const shown = await call(server.url, 'admin/roles/show', { roleId: created.id }, root.token);
  t.same([shown.name, shown.isPublic, shown.color], ['helpers2', true, '#ff0000'], 'update changes only what it names');
  await rootApi.request('admin/roles/delete', { roleId: created.id });
  isApiError(
    t,
    await api(server.url, 'admin/roles/show', { roleId: created.id }, root.token),
    400,
    'NO_SUCH_ROLE',
    NO_SUCH_ROLE.show,
  );
  t.notOk(
    (await call(server.url, 'admin/roles/list', {}, root.token)).some((r: { id: string }) => r.id === created.id),
    'gone from the list',
  );
});

t.test('each endpoint answers its own NO_SUCH_ROLE, NO_SUCH_USER, NOT_ASSIGNED', async (t) => {
  const u = server.url;
  const roleId = 'aaaaaaaaaaaaaaaa';
  isApiError(
    t,
    await api(u, 'admin/roles/update', { roleId, name: 'x' }, root.token),
    400,
    'NO_SUCH_ROLE',
    NO_SUCH_ROLE.update,
  );
  isApiError(t, await api(u, 'admin/roles/delete', { roleId }, root.token), 400, 'NO_SUCH_ROLE', NO_SUCH_ROLE.delete);
  isApiError(
    t,
    await api(u, 'admin/roles/assign', { roleId, userId: alice.id }, root.token),
    400,
    'NO_SUCH_ROLE',
    NO_SUCH_ROLE.assign,
  );
  isApiError(
    t,
    await api(u, 'admin/roles/unassign', { roleId, userId: alice.id }, root.token),
    400,
    'NO_SUCH_ROLE',
    NO_SUCH_ROLE.unassign,
  );
  isApiError(t, await api(u, 'admin/roles/users', { roleId }, root.token), 400, 'NO_SUCH_ROLE', NO_SUCH_ROLE.users);
  isApiError(
    t,
    await api(u, 'admin/roles/assign', { roleId: modRoleId, userId: 'bbbbbbbbbbbbbbbb' }, root.token),
    400,
    'NO_SUCH_USER',
    '558ea170-f653-4700-94d0-5a818371d0df',
  );
  isApiError(
    t,
    await api(u, 'admin/roles/unassign', { roleId: modRoleId, userId: 'bbbbbbbbbbbbbbbb' }, root.token),
    400,
    'NO_SUCH_USER',
    '2b730f78-1179-461b-88ad-d24c9af1a5ce',
  );
  isApiError(
    t,
    await api(u, 'admin/roles/unassign', { roleId: modRoleId, userId: alice.id }, root.token),
    400,
    'NOT_ASSIGNED',
    'b9060ac7-5c94-4da4-9f55-2047c953df44',
  );
});

t.test('hostile formulas and policies are refused whole, with INVALID_PARAM', async (t) => {
  const u = server.url;
  let deep: unknown = { id: 'a', type: 'isLocal' };
  for (let i = 0; i < 40; i++) deep = { id: `n${i}`, type: 'not', value: deep };
  const wide = { id: 'w', type: 'or', values: Array.from({ length: 300 }, (_, i) => ({ id: `v${i}`, type: 'isBot' })) };
  const bad = [
    { condFormula: deep },
    { condFormula: wide },
    { condFormula: { id: 'x', type: 'evalSomething' } },
    { condFormula: { id: 'x', type: 'followersMoreThanOrEq', value: -1 } },
    { condFormula: { id: 'x', type: 'and', values: 'nope' } },
    { condFormula: null },
    { policies: { pinLimit: { useDefault: false, priority: 1, value: 'many' } } },
    { policies: { pinLimit: { useDefault: false, priority: 7, value: 3 } } },
    { policies: { ltlAvailable: { useDefault: false, priority: 0, value: 1 } } },
    { policies: [] },
  ];
  const before = (await call(u, 'admin/roles/list', {}, root.token)).length;
  for (const fields of bad) {
    const res = await api(u, 'admin/roles/create', manualRole('bad', fields), root.token);
    isApiError(t, res, 400, 'INVALID_PARAM', undefined);
  }
  isApiError(
    t,
    await api(u, 'admin/roles/update-default-policies', { policies: { gtlAvailable: 'no' } }, root.token),
    400,
    'INVALID_PARAM',
  );
  t.equal((await call(u, 'admin/roles/list', {}, root.token)).length, before, 'nothing was created');
  const unknown = await call(
    u,
    'admin/roles/create',
    manualRole('lenient', { policies: { notAPolicy: policy(true) } }),
    root.token,
  );
  t.notOk(Object.hasOwn(unknown.policies, 'notAPolicy'), 'unknown policy names are dropped');
  await call(u, 'admin/roles/delete', { roleId: unknown.id }, root.token);
});

t.test('moderators assign only roles that let them; administrators any', async (t) => {
  const u = server.url;
  const locked = await call(u, 'admin/roles/create', manualRole('locked'), root.token);
  const open = await call(u, 'admin/roles/create', manualRole('open', { canEditMembersByModerator: true }), root.token);
  isApiError(
    t,
    await api(u, 'admin/roles/assign', { roleId: locked.id, userId: alice.id }, mod.token),
    400,
    'ACCESS_DENIED',
    '25b5bc31-dc79-4ebd-9bd2-c84978fd052c',
  );
  t.equal((await api(u, 'admin/roles/assign', { roleId: open.id, userId: alice.id }, mod.token)).status, 204);
  await call(u, 'admin/roles/assign', { roleId: locked.id, userId: alice.id }, root.token);
  isApiError(
    t,
    await api(u, 'admin/roles/unassign', { roleId: locked.id, userId: alice.id }, mod.token),
    400,
    'ACCESS_DENIED',
    '24636eee-e8c1-493e-94b2-e16ad401e262',
  );
  t.equal((await api(u, 'admin/roles/unassign', { roleId: open.id, userId: alice.id }, mod.token)).status, 204);
  const users = await call(u, 'admin/roles/users', { roleId: locked.id }, mod.token);
  t.same(
    users.map((a: { user: { id: string } }) => a.user.id),
    [alice.id],
  );
  t.match(users[0], { id: String, createdAt: String, expiresAt: null, user: { username: 'alice' } });
  t.equal((await call(u, 'admin/roles/show', { roleId: locked.id }, root.token)).usersCount, 1);
  await call(u, 'admin/roles/delete', { roleId: locked.id }, root.token);
  await call(u, 'admin/roles/delete', { roleId: open.id }, root.token);
});

t.test('an assignment ends at expiresAt; one already past changes nothing; assigning again replaces', async (t) => {
  const u = server.url;
  const temp = await call(u, 'admin/roles/create', manualRole('temp mods', { isModerator: true }), root.token);
  t.equal(
    (
      await api(
        u,
        'admin/roles/assign',
        { roleId: temp.id, userId: alice.id, expiresAt: Date.now() - 1000 },
        root.token,
      )
    ).status,
    204,
  );
  t.equal((await call(u, 'i', {}, alice.token)).isModerator, false, 'an assignment already over is not made');
  await call(u, 'admin/roles/assign', { roleId: temp.id, userId: alice.id, expiresAt: Date.now() + 1500 }, root.token);
  t.equal((await call(u, 'i', {}, alice.token)).isModerator, true, 'in force until it ends');
  t.equal((await call(u, 'admin/roles/users', { roleId: temp.id }, root.token)).length, 1);
  await sleep(1700);
  t.equal((await call(u, 'i', {}, alice.token)).isModerator, false, 'over once expiresAt has passed');
  t.same(await call(u, 'admin/roles/users', { roleId: temp.id }, root.token), [], 'and no longer listed');
  await call(u, 'admin/roles/assign', { roleId: temp.id, userId: alice.id }, root.token);
  t.equal((await call(u, 'i', {}, alice.token)).isModerator, true, 'assigning again replaces the expired one');
  await call(u, 'admin/roles/delete', { roleId: temp.id }, root.token);
  t.equal((await call(u, 'i', {}, alice.token)).isModerator, false, 'deleting the role ends its assignments');
});

t.test('assignments and roles outlive a restart', async (t) => {
  const kept = await call(server.url, 'admin/roles/create', manualRole('kept', { isModerator: true }), root.token);
  await call(server.url, 'admin/roles/assign', { roleId: kept.id, userId: alice.id }, root.token);
  t.equal(await server.stop(), 0);
  server = await startServer({ dataDir: server.dataDir });
  t.equal((await call(server.url, 'i', {}, alice.token)).isModerator, true);
  t.equal((await call(server.url, 'i', {}, mod.token)).isModerator, true);
  t.equal((await call(server.url, 'i', {}, root.token)).isAdmin, true);
  await call(server.url, 'admin/roles/delete', { roleId: kept.id }, root.token);
});

t.test('every role change is in the moderation log, with Misskey’s types and payloads', async (t) => {
  const u = server.url;
  const role = await call(
    u,
    'admin/roles/create',
    manualRole('logged', { canEditMembersByModerator: true }),
    root.token,
  );
  await call(u, 'admin/roles/update', { roleId: role.id, name: 'logged2' }, root.token);
  await call(u, 'admin/roles/assign', { roleId: role.id, userId: alice.id }, mod.token);
  await call(u, 'admin/roles/unassign', { roleId: role.id, userId: alice.id }, mod.token);
  await call(u, 'admin/roles/delete', { roleId: role.id }, root.token);
  const logs = await call(u, 'admin/show-moderation-logs', { limit: 5 }, root.token);
  t.same(
    logs.map((l: { type: string }) => l.type),
    ['deleteRole', 'unassignRole', 'assignRole', 'updateRole', 'createRole'],
    'newest first',
  );
  const [deleted, unassigned, assigned, updated, created] = logs;
  t.match(created, { userId: root.id, info: { roleId: role.id, role: { name: 'logged' } } });
  t.match(updated.info, { roleId: role.id, before: { name: 'logged' }, after: { name: 'logged2' } });
  t.match(assigned, {
    userId: mod.id,
    info: {
      userId: alice.id,
      userUsername: 'alice',
      userHost: null,
      roleId: role.id,
      roleName: 'logged2',
      expiresAt: null,
    },
  });
  t.match(unassigned.info, { userId: alice.id, roleId: role.id, roleName: 'logged2' });
  t.match(deleted.info, { roleId: role.id, role: { name: 'logged2' } });
  const refused = await api(u, 'admin/roles/create', manualRole('refused'), mod.token);
  t.equal(refused.status, 403);
  t.equal(
    (await call(u, 'admin/show-moderation-logs', { limit: 1 }, root.token))[0].id,
    deleted.id,
    'a refused call logs nothing',
  );
});
