/**
 * The `users` directory: Misskey's sorts (followers, creation, update; `+` descending), state `alive`,
 * origins and hosts, explorable users only, offset and its bounds; pinned-users from the config; and
 * users/get-frequently-replied-users.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError, isOk } from './helpers/assert.js';
import { type Account, api, call, post, type Server, signup, startServer } from './helpers/server.js';

const INVALID_PARAM = '3d81ceae-475f-4600-b2a8-2bc116157532';
const FREQUENT_NO_SUCH_USER = 'e6965129-7b2a-40a4-bae2-cd84cd434822';

let server: Server;
/** Three users followed by 2, 0 and 1 of the others, created in this order. */
let trio: Account[];
let fans: Account[];

t.before(async () => {
  server = await startServer({ env: { FLOCK_PINNED_USERS: '@pinme,@nobodyhere,@Carl' } });
  trio = [await signup(server.url, 'amy'), await signup(server.url, 'ben'), await signup(server.url, 'cat')];
  fans = [await signup(server.url, 'fan1'), await signup(server.url, 'fan2')];
  for (const fan of fans) await call(server.url, 'following/create', { userId: trio[0]!.id }, fan.token);
  await call(server.url, 'following/create', { userId: trio[2]!.id }, fans[0]!.token);
});

/** The ids of `list` that are among `among`, in list order. */
const only = (list: unknown, among: Account[]) => {
  const wanted = new Set(among.map((a) => a.id));
  return (list as { id: string }[]).map((u) => u.id).filter((id) => wanted.has(id));
};

t.test('sort ±follower orders by follower count, and a follow or unfollow moves the user', async (t) => {
  const most = await call(server.url, 'users', { sort: '+follower', limit: 100 });
  t.same(only(most, trio), [trio[0]!.id, trio[2]!.id, trio[1]!.id], '+follower: most followers first');
  const least = await call(server.url, 'users', { sort: '-follower', limit: 100 });
  t.same(only(least, trio), [trio[1]!.id, trio[2]!.id, trio[0]!.id], '-follower: fewest first');

  await call(server.url, 'following/delete', { userId: trio[0]!.id }, fans[0]!.token);
  await call(server.url, 'following/delete', { userId: trio[0]!.id }, fans[1]!.token);
  const after = await call(server.url, 'users', { sort: '+follower', limit: 100 });
  t.same(
    only(after, trio),
    [trio[2]!.id, trio[1]!.id, trio[0]!.id],
    'after two unfollows amy has none left (ties: the newer user first)',
  );
  t.equal(after.find((u: { id: string }) => u.id === trio[2]!.id).followersCount, 1, 'counts are rendered');
  for (const fan of fans) await call(server.url, 'following/create', { userId: trio[0]!.id }, fan.token);
});

t.test('sort ±createdAt, and no sort lists oldest first', async (t) => {
  const newest = await call(server.url, 'users', { sort: '+createdAt', limit: 100 });
  t.same(only(newest, trio), [trio[2]!.id, trio[1]!.id, trio[0]!.id], '+createdAt: newest first');
  const oldest = await call(server.url, 'users', { sort: '-createdAt', limit: 100 });
  t.same(only(oldest, trio), [trio[0]!.id, trio[1]!.id, trio[2]!.id], '-createdAt: oldest first');
  const plain = await call(server.url, 'users', { limit: 100 });
  t.same(only(plain, trio), [trio[0]!.id, trio[1]!.id, trio[2]!.id], 'no sort: creation order');
});

t.test(
  'sort ±updatedAt lists only users who have posted (a profile edit is no update); state alive likewise',
  async (t) => {
    const dan = await signup(server.url, 'dan');
    const eve = await signup(server.url, 'eve');
    await call(server.url, 'i/update', { name: 'Dan' }, dan.token);
    t.same(
      only(await call(server.url, 'users', { sort: '+updatedAt', limit: 100 }), [dan]),
      [],
      'an edit moves nothing',
    );
    await post(server.url, eve.token, 'first');
    await post(server.url, dan.token, 'second');
    const recent = await call(server.url, 'users', { sort: '+updatedAt', limit: 100 });
    t.same(
      only(recent, [dan, eve, ...trio]),
      [dan.id, eve.id],
      '+updatedAt: latest update first, never updated left out',
    );
    const earliest = await call(server.url, 'users', { sort: '-updatedAt', limit: 100 });
    t.same(only(earliest, [dan, eve, ...trio]), [eve.id, dan.id], '-updatedAt: earliest update first');
    const alive = await call(server.url, 'users', { state: 'alive', limit: 100 });
    t.same(only(alive, [dan, eve, ...trio]), [dan.id, eve.id], 'alive: updated within five days');
  },
);

t.test(
  'origin and hostname: local by default, no remote users yet, a host with origin local lists no one',
  async (t) => {
    t.ok(only(await call(server.url, 'users', { limit: 100 }), trio).length === 3, 'local users listed by default');
    t.ok(only(await call(server.url, 'users', { origin: 'combined', limit: 100 }), trio).length === 3, 'combined');
    t.same(await call(server.url, 'users', { origin: 'remote' }), [], 'no remote users');
    t.same(await call(server.url, 'users', { origin: 'combined', hostname: 'Example.COM' }), [], 'unknown host');
    t.same(await call(server.url, 'users', { hostname: 'example.com' }), [], 'host with origin local');
  },
);

t.test('users who are not explorable are left out', async (t) => {
  const hermit = await signup(server.url, 'hermit');
  t.same(only(await call(server.url, 'users', { limit: 100 }), [hermit]), [hermit.id], 'listed at first');
  await call(server.url, 'i/update', { isExplorable: false }, hermit.token);
  t.same(only(await call(server.url, 'users', { limit: 100 }), [hermit]), [], 'not listed once unexplorable');
  t.same(
    only(await call(server.url, 'users', { sort: '+updatedAt', limit: 100 }), [hermit]),
    [],
    'nor in another order',
  );
});

t.test('offset and limit page through the order', async (t) => {
  const all = (await call(server.url, 'users', { sort: '-createdAt', limit: 100 })).map((u: { id: string }) => u.id);
  const page = await call(server.url, 'users', { sort: '-createdAt', offset: 2, limit: 3 });
  t.same(
    page.map((u: { id: string }) => u.id),
    all.slice(2, 5),
    'offset 2, limit 3',
  );
});

t.test('bad params answer INVALID_PARAM', async (t) => {
  isApiError(t, await api(server.url, 'users', { limit: 101 }), 400, 'INVALID_PARAM', INVALID_PARAM);
  isApiError(t, await api(server.url, 'users', { offset: 10_001 }), 400, 'INVALID_PARAM', INVALID_PARAM);
  isApiError(t, await api(server.url, 'users', { sort: 'follower' }), 400, 'INVALID_PARAM', INVALID_PARAM);
  isApiError(t, await api(server.url, 'users', { state: 'dead' }), 400, 'INVALID_PARAM', INVALID_PARAM);
  isApiError(t, await api(server.url, 'users', { hostname: 'x'.repeat(300) }), 400, 'INVALID_PARAM', INVALID_PARAM);
});

t.test('misskey-js: users with a sort', async (t) => {
  const client = new Misskey.api.APIClient({ origin: server.url, credential: fans[0]!.token });
  const list = await client.request('users', { sort: '+follower', limit: 100 });
  t.same(only(list, trio).slice(0, 1), [trio[0]!.id], 'the most followed first, with relation flags for the viewer');
  t.equal(list.find((u) => u.id === trio[0]!.id)?.isFollowing, true, 'UserDetailed with isFollowing');
});

t.test('pinned-users answers the configured accounts in order, unknown ones left out', async (t) => {
  t.same(await call(server.url, 'pinned-users', {}), [], 'none of them exists yet');
  const carl = await signup(server.url, 'carl');
  const pinme = await signup(server.url, 'pinme');
  const res = await api(server.url, 'pinned-users', {});
  isOk(t, res);
  t.same(
    res.body.map((u: { id: string }) => u.id),
    [pinme.id, carl.id],
    'in the order of the setting, names case-insensitive',
  );
  t.type(res.body[0].followersCount, 'number', 'UserDetailed');
});

t.test('get-frequently-replied-users counts the latest replies by author, weighted by the most', async (t) => {
  const talker = await signup(server.url, 'talker');
  const amyNotes = [await post(server.url, trio[0]!.token, 'a1'), await post(server.url, trio[0]!.token, 'a2')];
  const benNote = await post(server.url, trio[1]!.token, 'b1');
  for (const note of amyNotes) await post(server.url, talker.token, { text: 're', replyId: note.id });
  await post(server.url, talker.token, { text: 're again, same note', replyId: amyNotes[0].id });
  await post(server.url, talker.token, { text: 're', replyId: benNote.id });
  await post(server.url, talker.token, 'not a reply');
  const res = await call(server.url, 'users/get-frequently-replied-users', { userId: talker.id });
  t.same(
    res.map((e: { user: { id: string }; weight: number }) => [e.user.id, e.weight]),
    [
      [trio[0]!.id, 1],
      [trio[1]!.id, 0.5],
    ],
    'amy (two notes replied to; a second reply to one counts once), then ben at half weight',
  );
  t.same(await call(server.url, 'users/get-frequently-replied-users', { userId: trio[2]!.id }), [], 'no replies');
  isApiError(
    t,
    await api(server.url, 'users/get-frequently-replied-users', { userId: 'nosuchuser00000' }),
    400,
    'NO_SUCH_USER',
    FREQUENT_NO_SUCH_USER,
  );
});
