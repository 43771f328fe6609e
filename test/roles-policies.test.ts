/**
 * A role's policies change what its members may do: timelines refused, public notes made home, list
 * and pin limits, rate limits stretched or lifted, note search; `i` reports a member's effective
 * policies and `meta` the base ones, which update-default-policies moves for everyone.
 */
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { conditionalRole, manualRole, policy } from './helpers/roles.js';
import { type Account, api, call, post, type Server, signup, sleep, startServer } from './helpers/server.js';

let server: Server;
let root: Account;
let member: Account;
let other: Account;

/** Creates a role with `policies` and assigns it to `member`; answers its id. */
async function memberRole(policies: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string> {
  const role = await call(
    server.url,
    'admin/roles/create',
    manualRole('policy role', { policies, ...extra }),
    root.token,
  );
  await call(server.url, 'admin/roles/assign', { roleId: role.id, userId: member.id }, root.token);
  return role.id;
}
const dropRole = (roleId: string) => call(server.url, 'admin/roles/delete', { roleId }, root.token);

t.before(async () => {
  server = await startServer({ env: { FLOCK_RATE_LIMITS: 'on', FLOCK_CAN_SEARCH_NOTES: 'on' } });
  root = await signup(server.url, 'rootuser');
  member = await signup(server.url, 'member');
  other = await signup(server.url, 'other');
});
t.teardown(() => server.stop());

t.test(
  'ltlAvailable and gtlAvailable off: the timelines answer LTL_DISABLED, STL_DISABLED, GTL_DISABLED',
  async (t) => {
    const u = server.url;
    const roleId = await memberRole({ ltlAvailable: policy(false), gtlAvailable: policy(false) });
    isApiError(
      t,
      await api(u, 'notes/local-timeline', {}, member.token),
      400,
      'LTL_DISABLED',
      '45a6eb02-7695-4393-b023-dd3be9aaaefd',
    );
    isApiError(
      t,
      await api(u, 'notes/hybrid-timeline', {}, member.token),
      400,
      'STL_DISABLED',
      '620763f4-f621-4533-ab33-0577a1a3c342',
    );
    isApiError(
      t,
      await api(u, 'notes/global-timeline', {}, member.token),
      400,
      'GTL_DISABLED',
      '0332fc13-6ab2-4427-ae80-a9fadffd1a6b',
    );
    t.equal((await api(u, 'notes/local-timeline', {}, other.token)).status, 200, 'others still read them');
    const me = await call(u, 'i', {}, member.token);
    t.same([me.policies.ltlAvailable, me.policies.gtlAvailable], [false, false], '`i` reports the effective policies');
    t.same((await call(u, 'i', {}, other.token)).policies.ltlAvailable, true);
    await dropRole(roleId);
    t.equal(
      (await api(u, 'notes/local-timeline', {}, member.token)).status,
      200,
      'the role gone, the timeline is back',
    );
  },
);

t.test('a higher priority wins; at equal priority the combine rule (any true) decides', async (t) => {
  const u = server.url;
  const off = await memberRole({ ltlAvailable: policy(false, 2) });
  const on = await memberRole({ ltlAvailable: policy(true, 0) });
  t.equal((await call(u, 'i', {}, member.token)).policies.ltlAvailable, false, 'priority 2 beats priority 0');
  await call(u, 'admin/roles/update', { roleId: on, policies: { ltlAvailable: policy(true, 2) } }, root.token);
  t.equal((await call(u, 'i', {}, member.token)).policies.ltlAvailable, true, 'two priority-2 entries: any true');
  await dropRole(off);
  await dropRole(on);
});

t.test('canPublicNote off: a public note becomes home (how an instance silences someone)', async (t) => {
  const u = server.url;
  const roleId = await memberRole({ canPublicNote: policy(false) });
  const note = await post(u, member.token, { text: 'silenced', visibility: 'public' });
  t.equal(note.visibility, 'home');
  const followers = await post(u, member.token, { text: 'to followers', visibility: 'followers' });
  t.equal(followers.visibility, 'followers', 'narrower visibilities stay');
  const local = await call(u, 'notes/local-timeline', { limit: 50 }, other.token);
  t.notOk(
    local.some((n: { id: string }) => n.id === note.id),
    'not on the local timeline',
  );
  await dropRole(roleId);
  t.equal((await post(u, member.token, 'public again')).visibility, 'public');
});

t.test('userListLimit, userEachUserListsLimit and pinLimit come from the member’s policies', async (t) => {
  const u = server.url;
  const roleId = await memberRole({
    userListLimit: policy(1),
    userEachUserListsLimit: policy(1),
    pinLimit: policy(1),
  });
  const list = await call(u, 'users/lists/create', { name: 'one' }, member.token);
  isApiError(t, await api(u, 'users/lists/create', { name: 'two' }, member.token), 400, 'TOO_MANY_USERLISTS');
  await call(u, 'users/lists/push', { listId: list.id, userId: other.id }, member.token);
  isApiError(
    t,
    await api(u, 'users/lists/push', { listId: list.id, userId: root.id }, member.token),
    400,
    'TOO_MANY_USERS',
  );
  const [a, b] = [await post(u, member.token, 'pin a'), await post(u, member.token, 'pin b')];
  await call(u, 'i/pin', { noteId: a.id }, member.token);
  isApiError(t, await api(u, 'i/pin', { noteId: b.id }, member.token), 400, 'PIN_LIMIT_EXCEEDED');
  const lists = [await call(u, 'users/lists/create', { name: 'o1' }, other.token)];
  lists.push(await call(u, 'users/lists/create', { name: 'o2' }, other.token));
  t.equal(lists.length, 2, 'others keep the configured limits');
  await dropRole(roleId);
  t.equal((await api(u, 'i/pin', { noteId: b.id }, member.token)).status, 200, 'the configured limit again');
});

t.test('rateLimitFactor stretches a member’s rate limits; 0 lifts them', async (t) => {
  const u = server.url;
  // notes/delete allows one call a second
  const notes = [];
  for (let i = 0; i < 4; i++) notes.push(await post(u, member.token, `delete me ${i}`));
  const slow = await memberRole({ rateLimitFactor: policy(3) });
  t.equal((await api(u, 'notes/delete', { noteId: notes[0].id }, member.token)).status, 204);
  await sleep(1300);
  const refused = await api(u, 'notes/delete', { noteId: notes[1].id }, member.token);
  isApiError(t, refused, 429, 'RATE_LIMIT_EXCEEDED');
  t.ok(Number(refused.headers.get('retry-after')) >= 1, 'three seconds between calls for the member');
  await dropRole(slow);
  const free = await memberRole({ rateLimitFactor: policy(0) }, { displayOrder: 1 });
  t.equal((await api(u, 'notes/delete', { noteId: notes[1].id }, member.token)).status, 204);
  t.equal((await api(u, 'notes/delete', { noteId: notes[2].id }, member.token)).status, 204, 'no interval at all');
  await dropRole(free);
});

t.test('canSearchNotes: the policy decides who may search where the index is kept', async (t) => {
  const u = server.url;
  await post(u, other.token, 'searchable words here');
  // Misskey's default is off; this instance's config switches it on for everyone
  t.equal((await api(u, 'notes/search', { query: 'searchable' }, member.token)).status, 200);
  const roleId = await memberRole({ canSearchNotes: policy(false, 2) });
  isApiError(t, await api(u, 'notes/search', { query: 'searchable' }, member.token), 400, 'UNAVAILABLE');
  t.equal((await api(u, 'notes/search', { query: 'searchable' }, other.token)).status, 200);
  await dropRole(roleId);
});

t.test('meta reports the base policies; update-default-policies moves them for everyone', async (t) => {
  const u = server.url;
  const before = (await call(u, 'meta', {})).policies;
  t.match(before, { ltlAvailable: true, pinLimit: 5, canSearchNotes: true, driveCapacityMb: 100, rateLimitFactor: 1 });
  await call(
    u,
    'admin/roles/update-default-policies',
    { policies: { gtlAvailable: false, driveCapacityMb: 50 } },
    root.token,
  );
  t.match((await call(u, 'meta', {})).policies, { gtlAvailable: false, driveCapacityMb: 50, ltlAvailable: true });
  t.equal((await call(u, 'i', {}, other.token)).policies.driveCapacityMb, 50);
  isApiError(t, await api(u, 'notes/global-timeline', {}, other.token), 400, 'GTL_DISABLED');
  isApiError(t, await api(u, 'notes/global-timeline', {}), 400, 'GTL_DISABLED', undefined);
  const roleId = await memberRole({ gtlAvailable: policy(true) });
  t.equal((await api(u, 'notes/global-timeline', {}, member.token)).status, 200, 'a role gives it back to its members');
  await dropRole(roleId);
  await call(
    u,
    'admin/roles/update-default-policies',
    { policies: { gtlAvailable: true, driveCapacityMb: 100 } },
    root.token,
  );
});

t.test('conditional roles: membership follows the formula (local, followers, account age)', async (t) => {
  const u = server.url;
  const popular = await call(
    u,
    'admin/roles/create',
    conditionalRole(
      'popular',
      {
        id: 'a',
        type: 'and',
        values: [
          { id: 'b', type: 'isLocal' },
          { id: 'c', type: 'followersMoreThanOrEq', value: 1 },
          { id: 'd', type: 'not', value: { id: 'e', type: 'createdMoreThan', sec: 86_400 } },
        ],
      },
      { isModerator: true },
    ),
    root.token,
  );
  t.equal((await call(u, 'i', {}, member.token)).isModerator, false, 'no follower yet');
  await call(u, 'following/create', { userId: member.id }, other.token);
  t.equal((await call(u, 'i', {}, member.token)).isModerator, true, 'a follower makes the formula hold');
  t.equal((await call(u, 'i', {}, other.token)).isModerator, false, 'not for the follower');
  await call(u, 'following/delete', { userId: member.id }, other.token);
  t.equal((await call(u, 'i', {}, member.token)).isModerator, false, 'and no longer once unfollowed');
  isApiError(
    t,
    await api(u, 'admin/roles/unassign', { roleId: popular.id, userId: member.id }, root.token),
    400,
    'NOT_ASSIGNED',
  );
  t.equal((await call(u, 'admin/roles/show', { roleId: popular.id }, root.token)).usersCount, 0);
  await dropRole(popular.id);
});

t.test(
  'a policy gate (users/search needs canSearchUsers) refuses with 403 and its own id; administrators pass',
  async (t) => {
    const u = server.url;
    const roleId = await memberRole({ canSearchUsers: policy(false) });
    isApiError(
      t,
      await api(u, 'users/search', { query: 'other' }, member.token),
      403,
      'ROLE_PERMISSION_DENIED',
      '7f86f06f-7e15-4057-8561-f4b6d4ac755a',
    );
    t.equal((await api(u, 'users/search', { query: 'other' }, other.token)).status, 200);
    await call(u, 'admin/roles/assign', { roleId, userId: root.id }, root.token);
    t.equal((await api(u, 'users/search', { query: 'other' }, root.token)).status, 200, 'root passes');
    await dropRole(roleId);
    t.equal((await api(u, 'users/search', { query: 'other' }, member.token)).status, 200);
  },
);
