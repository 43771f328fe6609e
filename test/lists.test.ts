/**
 * users/lists/*: lists are the owner's (others' list ids answer NO_SUCH_LIST), private until made public,
 * bounded by userListLimit and userListMemberLimit (reported in policies), readable by anyone when public
 * (with likedCount and isLiked), favoritable, and copyable with create-from-public.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError, isOk } from './helpers/assert.js';
import { api, call, type Server, signup, startServer } from './helpers/server.js';

let server: Server;
t.before(async () => {
  server = await startServer({ env: { FLOCK_USER_LIST_LIMIT: '3', FLOCK_USER_LIST_MEMBER_LIMIT: '2' } });
});

const UNKNOWN = '0000000000000000';

t.test('create, push, pull, update, show, list and delete a list', async (t) => {
  const alice = await signup(server.url, 'alice');
  const bob = await signup(server.url, 'bob');
  const carol = await signup(server.url, 'carol');
  const list = await call(server.url, 'users/lists/create', { name: 'friends' }, alice.token);
  t.match(list, { name: 'friends', userIds: [], isPublic: false }, 'a new list is private and empty');
  t.type(list.createdAt, 'string');

  isOk(t, await api(server.url, 'users/lists/push', { listId: list.id, userId: bob.id }, alice.token), 204);
  await call(server.url, 'users/lists/push', { listId: list.id, userId: carol.id }, alice.token);
  let shown = await call(server.url, 'users/lists/show', { listId: list.id }, alice.token);
  t.same(shown.userIds, [bob.id, carol.id], 'members in joining order');

  await call(server.url, 'users/lists/pull', { listId: list.id, userId: bob.id }, alice.token);
  isOk(t, await api(server.url, 'users/lists/pull', { listId: list.id, userId: bob.id }, alice.token), 204);
  shown = await call(server.url, 'users/lists/show', { listId: list.id }, alice.token);
  t.same(shown.userIds, [carol.id], 'pulled (twice: no error)');

  const renamed = await call(server.url, 'users/lists/update', { listId: list.id, name: 'pals' }, alice.token);
  t.match(renamed, { id: list.id, name: 'pals', isPublic: false });
  const mine = await call(server.url, 'users/lists/list', {}, alice.token);
  t.same(
    mine.map((l: { id: string }) => l.id),
    [list.id],
    'users/lists/list answers my lists',
  );

  const memberships = await call(server.url, 'users/lists/get-memberships', { listId: list.id }, alice.token);
  t.equal(memberships.length, 1);
  t.match(memberships[0], { userId: carol.id, user: { id: carol.id, username: 'carol' }, withReplies: false });

  isOk(t, await api(server.url, 'users/lists/delete', { listId: list.id }, alice.token), 204);
  isApiError(
    t,
    await api(server.url, 'users/lists/show', { listId: list.id }, alice.token),
    400,
    'NO_SUCH_LIST',
    '7bc05c21-1d7a-41ae-88f1-66820f4dc686',
  );
  t.same(await call(server.url, 'users/lists/list', {}, alice.token), [], 'gone from the list of lists');
});

t.test("another user's list is NO_SUCH_LIST for writes; a public one is readable, a private one is not", async (t) => {
  const dave = await signup(server.url, 'dave');
  const erin = await signup(server.url, 'erin');
  const list = await call(server.url, 'users/lists/create', { name: 'dave list' }, dave.token);
  await call(server.url, 'users/lists/push', { listId: list.id, userId: erin.id }, dave.token);

  isApiError(
    t,
    await api(server.url, 'users/lists/push', { listId: list.id, userId: erin.id }, erin.token),
    400,
    'NO_SUCH_LIST',
    '2214501d-ac96-4049-b717-91e42272a711',
  );
  isApiError(
    t,
    await api(server.url, 'users/lists/delete', { listId: list.id }, erin.token),
    400,
    'NO_SUCH_LIST',
    '78436795-db79-42f5-b1e2-55ea2cf19166',
  );
  isApiError(
    t,
    await api(server.url, 'users/lists/show', { listId: list.id, forPublic: true }, erin.token),
    400,
    'NO_SUCH_LIST',
    '7bc05c21-1d7a-41ae-88f1-66820f4dc686',
  );
  isApiError(t, await api(server.url, 'users/lists/show', { listId: list.id }), 400, 'NO_SUCH_LIST');
  t.same(
    await call(server.url, 'users/lists/list', { userId: dave.id }, erin.token),
    [],
    'private lists are not listed',
  );

  await call(server.url, 'users/lists/update', { listId: list.id, isPublic: true }, dave.token);
  const shown = await call(server.url, 'users/lists/show', { listId: list.id, forPublic: true }, erin.token);
  t.match(shown, { id: list.id, isPublic: true, userIds: [erin.id], likedCount: 0, isLiked: false });
  t.match(await call(server.url, 'users/lists/show', { listId: list.id }), { id: list.id }, 'signed out too');
  const listed = await call(server.url, 'users/lists/list', { userId: dave.id }, erin.token);
  t.same(
    listed.map((l: { id: string }) => l.id),
    [list.id],
    'public lists of a user',
  );
  const members = await call(server.url, 'users/lists/get-memberships', { listId: list.id, forPublic: true });
  t.equal(members[0]?.userId, erin.id, 'memberships of a public list, signed out');

  isOk(t, await api(server.url, 'users/lists/favorite', { listId: list.id }, erin.token), 204);
  isApiError(
    t,
    await api(server.url, 'users/lists/favorite', { listId: list.id }, erin.token),
    400,
    'ALREADY_FAVORITED',
    '6425bba0-985b-461e-af1b-518070e72081',
  );
  const liked = await call(server.url, 'users/lists/show', { listId: list.id, forPublic: true }, erin.token);
  t.match(liked, { likedCount: 1, isLiked: true });
  isOk(t, await api(server.url, 'users/lists/unfavorite', { listId: list.id }, erin.token), 204);
  isApiError(
    t,
    await api(server.url, 'users/lists/unfavorite', { listId: list.id }, erin.token),
    400,
    'ALREADY_FAVORITED',
    '835c4b27-463d-4cfa-969b-a9058678d465',
  );

  await call(server.url, 'users/lists/update', { listId: list.id, isPublic: false }, dave.token);
  isApiError(
    t,
    await api(server.url, 'users/lists/favorite', { listId: list.id }, erin.token),
    400,
    'NO_SUCH_USER_LIST',
    '7dbaf3cf-7b42-4b8f-b431-b3919e580dbe',
  );
});

t.test('limits: userListLimit lists, userListMemberLimit members, both in policies', async (t) => {
  const frank = await signup(server.url, 'frank');
  const others = [await signup(server.url, 'lim1'), await signup(server.url, 'lim2'), await signup(server.url, 'lim3')];
  const me = await call(server.url, 'i', {}, frank.token);
  t.match(me.policies, { userListLimit: 3, userEachUserListsLimit: 2 }, 'MeDetailed policies');
  t.match((await call(server.url, 'meta', {})).policies, { userListLimit: 3, userEachUserListsLimit: 2 }, 'meta');

  const lists = [];
  for (let n = 0; n < 3; n++) lists.push(await call(server.url, 'users/lists/create', { name: `l${n}` }, frank.token));
  isApiError(
    t,
    await api(server.url, 'users/lists/create', { name: 'one too many' }, frank.token),
    400,
    'TOO_MANY_USERLISTS',
    '0cf21a28-7715-4f39-a20d-777bfdb8d138',
  );
  const listId = lists[0].id;
  await call(server.url, 'users/lists/push', { listId, userId: others[0]!.id }, frank.token);
  isApiError(
    t,
    await api(server.url, 'users/lists/push', { listId, userId: others[0]!.id }, frank.token),
    400,
    'ALREADY_ADDED',
    '1de7c884-1595-49e9-857e-61f12f4d4fc5',
  );
  await call(server.url, 'users/lists/push', { listId, userId: others[1]!.id }, frank.token);
  isApiError(
    t,
    await api(server.url, 'users/lists/push', { listId, userId: others[2]!.id }, frank.token),
    400,
    'TOO_MANY_USERS',
    '2dd9752e-a338-413d-8eec-41814430989b',
  );
  t.equal((await call(server.url, 'users/lists/show', { listId }, frank.token)).userIds.length, 2, 'nothing added');
});

t.test("bad input gets Misskey's errors and writes nothing", async (t) => {
  const gina = await signup(server.url, 'gina');
  const list = await call(server.url, 'users/lists/create', { name: 'g' }, gina.token);
  isApiError(t, await api(server.url, 'users/lists/create', { name: '' }, gina.token), 400, 'INVALID_PARAM');
  isApiError(
    t,
    await api(server.url, 'users/lists/create', { name: 'x'.repeat(101) }, gina.token),
    400,
    'INVALID_PARAM',
  );
  isApiError(
    t,
    await api(server.url, 'users/lists/push', { listId: list.id, userId: UNKNOWN }, gina.token),
    400,
    'NO_SUCH_USER',
    'a89abd3d-f0bc-4cce-beb1-2f446f4f1e6a',
  );
  isApiError(
    t,
    await api(server.url, 'users/lists/pull', { listId: UNKNOWN, userId: gina.id }, gina.token),
    400,
    'NO_SUCH_LIST',
    '7f44670e-ab16-43b8-b4c1-ccd2ee89cc02',
  );
  isApiError(
    t,
    await api(server.url, 'users/lists/update', { listId: UNKNOWN, name: 'n' }, gina.token),
    400,
    'NO_SUCH_LIST',
    '796666fe-3dff-4d39-becb-8a5932c1d5b7',
  );
  isApiError(
    t,
    await api(server.url, 'users/lists/update-membership', { listId: list.id, userId: gina.id }, gina.token),
    400,
    'NO_SUCH_USER',
    '588e7f72-c744-4a61-b180-d354e912bda2',
  );
  isApiError(
    t,
    await api(server.url, 'users/lists/list', { userId: UNKNOWN }),
    400,
    'NO_SUCH_USER',
    'a8af4a82-0980-4cc4-a6af-8b0ffd54465e',
  );
  isApiError(
    t,
    await api(server.url, 'users/lists/list', {}),
    400,
    'INVALID_PARAM',
    'ab36de0e-29e9-48cb-9732-d82f1281620d',
  );
  t.equal((await call(server.url, 'users/lists/list', {}, gina.token)).length, 1, 'only the one good list');
});

t.test('create-from-public copies a public list into a new private one of mine', async (t) => {
  const hank = await signup(server.url, 'hank');
  const ivy = await signup(server.url, 'ivy');
  const members = [await signup(server.url, 'cp1'), await signup(server.url, 'cp2')];
  const source = await call(server.url, 'users/lists/create', { name: 'src' }, hank.token);
  for (const m of members) await call(server.url, 'users/lists/push', { listId: source.id, userId: m.id }, hank.token);
  isApiError(
    t,
    await api(server.url, 'users/lists/create-from-public', { name: 'copy', listId: source.id }, ivy.token),
    400,
    'NO_SUCH_LIST',
    '9292f798-6175-4f7d-93f4-b6742279667d',
  );
  await call(server.url, 'users/lists/update', { listId: source.id, isPublic: true }, hank.token);
  const copy = await call(server.url, 'users/lists/create-from-public', { name: 'copy', listId: source.id }, ivy.token);
  t.match(copy, { name: 'copy', isPublic: false, userIds: members.map((m) => m.id) });
  t.same(
    (await call(server.url, 'users/lists/list', {}, ivy.token)).map((l: { id: string }) => l.id),
    [copy.id],
    'the copy is mine',
  );
});

t.test('misskey-js drives the list endpoints', async (t) => {
  const jack = await signup(server.url, 'jack');
  const kate = await signup(server.url, 'kate');
  const client = new Misskey.api.APIClient({ origin: server.url, credential: jack.token });
  const list = await client.request('users/lists/create', { name: 'sdk' });
  await client.request('users/lists/push', { listId: list.id, userId: kate.id });
  await client.request('users/lists/update-membership', { listId: list.id, userId: kate.id, withReplies: true });
  const memberships = await client.request('users/lists/get-memberships', { listId: list.id });
  t.equal((memberships as { withReplies: boolean }[])[0]?.withReplies, true, 'update-membership stored withReplies');
  const shown = await client.request('users/lists/show', { listId: list.id });
  t.same(shown.userIds, [kate.id]);
  await client.request('users/lists/pull', { listId: list.id, userId: kate.id });
  await client.request('users/lists/delete', { listId: list.id });
  t.same(await client.request('users/lists/list', {}), []);
});

t.test('a user who blocks you cannot be added to your lists, and blocking you takes them off yours', async (t) => {
  const lena = await signup(server.url, 'lena');
  const mark = await signup(server.url, 'mark');
  const nina = await signup(server.url, 'nina');
  const list = await call(server.url, 'users/lists/create', { name: 'b' }, lena.token);
  const other = await call(server.url, 'users/lists/create', { name: 'b2' }, lena.token);
  for (const listId of [list.id, other.id]) {
    await call(server.url, 'users/lists/push', { listId, userId: mark.id }, lena.token);
    await call(server.url, 'users/lists/push', { listId, userId: nina.id }, lena.token);
  }
  await call(server.url, 'blocking/create', { userId: lena.id }, mark.token);
  for (const listId of [list.id, other.id]) {
    const shown = await call(server.url, 'users/lists/show', { listId }, lena.token);
    t.same(shown.userIds, [nina.id], 'the blocker left every list of the blockee; others stay');
  }
  isApiError(
    t,
    await api(server.url, 'users/lists/push', { listId: list.id, userId: mark.id }, lena.token),
    400,
    'YOU_HAVE_BEEN_BLOCKED',
    '990232c5-3f9d-4d83-9f3f-ef27b6332a4b',
  );

  // create-from-public refuses a copy that would add someone who blocks the caller, and writes nothing
  const source = await call(server.url, 'users/lists/create', { name: 'src' }, nina.token);
  await call(server.url, 'users/lists/push', { listId: source.id, userId: mark.id }, nina.token);
  await call(server.url, 'users/lists/update', { listId: source.id, isPublic: true }, nina.token);
  isApiError(
    t,
    await api(server.url, 'users/lists/create-from-public', { name: 'copy', listId: source.id }, lena.token),
    400,
    'YOU_HAVE_BEEN_BLOCKED',
    'a2497f2a-2389-439c-8626-5298540530f4',
  );
  t.equal((await call(server.url, 'users/lists/list', {}, lena.token)).length, 2, 'no list was created');
});
