/**
 * What everyone sees of roles: roles/{list,show,users,notes} for public and explorable roles, the
 * public roles on a user's profile (UserDetailed `roles`), and badges beside a local user's name in
 * every UserLite (`badgeRoles`, kept in the stored fragment and rendered again when a badge changes).
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { conditionalRole, manualRole } from './helpers/roles.js';
import { type Account, api, call, post, type Server, signup, startServer } from './helpers/server.js';

let server: Server;
let root: Account;
let alice: Account;
let bob: Account;

t.before(async () => {
  server = await startServer();
  root = await signup(server.url, 'rootuser');
  alice = await signup(server.url, 'alice');
  bob = await signup(server.url, 'bob');
});
t.teardown(() => server.stop());

const create = (fields: Record<string, unknown>) => call(server.url, 'admin/roles/create', fields, root.token);
const assign = (roleId: string, userId: string) =>
  call(server.url, 'admin/roles/assign', { roleId, userId }, root.token);

t.test('roles/list, show, users and notes show public roles; explorable ones list members and notes', async (t) => {
  const u = server.url;
  const explorable = await create(manualRole('artists', { isPublic: true, isExplorable: true }));
  const publicOnly = await create(manualRole('quiet', { isPublic: true }));
  const hidden = await create(manualRole('secret'));
  for (const role of [explorable, publicOnly, hidden]) await assign(role.id, alice.id);
  const bobApi = new Misskey.api.APIClient({ origin: u, credential: bob.token });
  t.same(
    (await bobApi.request('roles/list', {})).map((r) => r.name),
    ['artists'],
    'roles/list: public and explorable only',
  );
  t.equal((await call(u, 'roles/show', { roleId: publicOnly.id })).name, 'quiet', 'roles/show: any public role');
  isApiError(
    t,
    await api(u, 'roles/show', { roleId: hidden.id }),
    400,
    'NO_SUCH_ROLE',
    'de5502bf-009a-4639-86c1-fec349e46dcb',
  );
  const users = await call(u, 'roles/users', { roleId: explorable.id });
  t.same(
    users.map((m: { user: { id: string } }) => m.user.id),
    [alice.id],
  );
  isApiError(
    t,
    await api(u, 'roles/users', { roleId: publicOnly.id }),
    400,
    'NO_SUCH_ROLE',
    '30aaaee3-4792-48dc-ab0d-cf501a575ac5',
  );

  const pub = await post(u, alice.token, 'alice in public');
  await post(u, alice.token, { text: 'alice at home', visibility: 'home' });
  await post(u, bob.token, 'bob is no artist');
  const notes = await bobApi.request('roles/notes', { roleId: explorable.id });
  t.same(
    notes.map((n) => n.id),
    [pub.id],
    "the members' public notes",
  );
  t.same(
    await call(u, 'roles/notes', { roleId: publicOnly.id }, bob.token),
    [],
    'none for a role that is not explorable',
  );
  isApiError(
    t,
    await api(u, 'roles/notes', { roleId: hidden.id }, bob.token),
    400,
    'NO_SUCH_ROLE',
    'eb70323a-df61-4dd4-ad90-89c83c7cf26e',
  );
  await call(u, 'blocking/create', { userId: bob.id }, alice.token);
  t.same(
    await call(u, 'roles/notes', { roleId: explorable.id }, bob.token),
    [],
    'not the notes of a member who blocks the viewer',
  );
  await call(u, 'blocking/delete', { userId: bob.id }, alice.token);

  const shown = await call(u, 'users/show', { userId: alice.id }, bob.token);
  t.same(
    shown.roles.map((r: { name: string }) => r.name).sort(),
    ['artists', 'quiet'],
    'UserDetailed roles: the public ones only',
  );
  t.match(shown.roles[0], {
    id: String,
    name: String,
    color: null,
    iconUrl: null,
    isModerator: false,
    displayOrder: 0,
  });
  for (const role of [explorable, publicOnly, hidden])
    await call(u, 'admin/roles/delete', { roleId: role.id }, root.token);
  t.same((await call(u, 'users/show', { userId: alice.id }, bob.token)).roles, []);
});

t.test(
  'badgeRoles: public badge roles in every UserLite, highest displayOrder first, rendered again on change',
  async (t) => {
    const u = server.url;
    const note = await post(u, bob.token, 'bob before badges');
    const gold = await create(
      manualRole('gold', { isPublic: true, asBadge: true, displayOrder: 1, iconUrl: 'https://x.example/g.png' }),
    );
    const star = await create(manualRole('star', { isPublic: true, asBadge: true, displayOrder: 5 }));
    const quiet = await create(manualRole('private badge', { asBadge: true }));
    for (const role of [gold, star, quiet]) await assign(role.id, bob.id);
    const shown = await call(u, 'notes/show', { noteId: note.id }, alice.token);
    t.same(shown.user.badgeRoles, [
      { name: 'star', iconUrl: null, displayOrder: 5 },
      { name: 'gold', iconUrl: 'https://x.example/g.png', displayOrder: 1 },
    ]);
    const timeline = await call(u, 'notes/local-timeline', { limit: 5 }, alice.token);
    t.same(
      timeline.find((n: { id: string }) => n.id === note.id).user.badgeRoles.map((b: { name: string }) => b.name),
      ['star', 'gold'],
      'the same in timelines (the stored UserLite)',
    );
    await call(u, 'admin/roles/update', { roleId: star.id, name: 'superstar' }, root.token);
    t.same(
      (await call(u, 'users/show', { userId: bob.id })).badgeRoles.map((b: { name: string }) => b.name),
      ['superstar', 'gold'],
      'renamed',
    );
    await call(u, 'admin/roles/unassign', { roleId: gold.id, userId: bob.id }, root.token);
    t.same(
      (await call(u, 'notes/show', { noteId: note.id })).user.badgeRoles.map((b: { name: string }) => b.name),
      ['superstar'],
      'unassigned',
    );
    await call(u, 'admin/roles/delete', { roleId: star.id }, root.token);
    t.same((await call(u, 'notes/show', { noteId: note.id })).user.badgeRoles, [], 'deleted');
    for (const role of [gold, quiet]) await call(u, 'admin/roles/delete', { roleId: role.id }, root.token);
  },
);

t.test('a conditional badge role shows on every local user it holds for', async (t) => {
  const u = server.url;
  const everyone = await create(
    conditionalRole('local folks', { id: 'l', type: 'isLocal' }, { isPublic: true, asBadge: true }),
  );
  t.same(
    (await call(u, 'users/show', { userId: alice.id })).badgeRoles.map((b: { name: string }) => b.name),
    ['local folks'],
  );
  t.same(
    (await call(u, 'i', {}, bob.token)).badgeRoles.map((b: { name: string }) => b.name),
    ['local folks'],
  );
  const later = await signup(u, 'newcomer');
  t.same(
    (await call(u, 'i', {}, later.token)).badgeRoles.map((b: { name: string }) => b.name),
    ['local folks'],
    'new accounts too',
  );
  await call(u, 'admin/roles/delete', { roleId: everyone.id }, root.token);
  t.same((await call(u, 'users/show', { userId: alice.id })).badgeRoles, []);
});

t.test('a conditional role on isSuspended follows suspension', async (t) => {
  const u = server.url;
  const good = await create(
    conditionalRole(
      'in good standing',
      { id: 'n', type: 'not', value: { id: 's', type: 'isSuspended' } },
      { isPublic: true },
    ),
  );
  const names = async () =>
    (await call(u, 'users/show', { userId: alice.id }, root.token)).roles.map((r: { name: string }) => r.name);
  t.same(await names(), ['in good standing']);
  await call(u, 'admin/suspend-user', { userId: alice.id }, root.token);
  t.same(await names(), [], 'not while suspended');
  await call(u, 'admin/unsuspend-user', { userId: alice.id }, root.token);
  t.same(await names(), ['in good standing'], 'again once unsuspended');
  await call(u, 'admin/roles/delete', { roleId: good.id }, root.token);
});
