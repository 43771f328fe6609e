/**
 * Hashtags: taken from notes (mentioned users) and from profiles' descriptions and fields (attached
 * users, also removed), hashtags/show, list, trend and users, and notes/search-by-tag with its tag
 * groups, filters, visibility and errors.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { type Account, api, call, post, type Server, signup, startServer } from './helpers/server.js';

const INVALID_PARAM = '3d81ceae-475f-4600-b2a8-2bc116157532';
const NO_SUCH_HASHTAG = '110ee688-193e-4a3a-9ecf-c167b2e6981e';

let server: Server;
let alice: Account;
let bob: Account;

t.before(async () => {
  server = await startServer();
  alice = await signup(server.url, 'alice');
  bob = await signup(server.url, 'bob');
});

const show = (tag: string) => call(server.url, 'hashtags/show', { tag });

t.test('a note’s hashtags count each user who used them once, normalised like Misskey', async (t) => {
  await post(server.url, alice.token, 'Hello #Flock and #ＴＥＳＴ');
  await post(server.url, alice.token, 'again #flock');
  t.match(await show('flock'), { tag: 'flock', mentionedUsersCount: 1, mentionedLocalUsersCount: 1 }, 'one user');
  await post(server.url, bob.token, 'me too #FLOCK');
  t.match(
    await show('Flock'),
    { mentionedUsersCount: 2, mentionedLocalUsersCount: 2, mentionedRemoteUsersCount: 0, attachedUsersCount: 0 },
    'two users; the tag asked for is normalised too',
  );
  t.match(await show('test'), { mentionedUsersCount: 1 }, 'full-width letters are NFKC-normalised');
  isApiError(t, await api(server.url, 'hashtags/show', { tag: 'neverused' }), 400, 'NO_SUCH_HASHTAG', NO_SUCH_HASHTAG);
  const numbered = await post(server.url, alice.token, 'item #123 and #4th');
  t.same(numbered.tags, ['4th'], 'digits alone are not a tag, as in Misskey');
  isApiError(t, await api(server.url, 'hashtags/show', { tag: '123' }), 400, 'NO_SUCH_HASHTAG', NO_SUCH_HASHTAG);
  isApiError(t, await api(server.url, 'hashtags/show', { tag: '' }), 400, 'INVALID_PARAM', INVALID_PARAM);
  isApiError(t, await api(server.url, 'hashtags/show', { tag: 'x'.repeat(300) }), 400, 'INVALID_PARAM', INVALID_PARAM);
});

t.test('profile hashtags: description and fields attach users; removing them detaches', async (t) => {
  const carol = await signup(server.url, 'carol');
  await call(
    server.url,
    'i/update',
    { description: 'I love #cats', fields: [{ name: 'pets', value: '#dogs too' }] },
    carol.token,
  );
  t.match(await show('cats'), { attachedUsersCount: 1, attachedLocalUsersCount: 1, mentionedUsersCount: 0 });
  t.match(await show('dogs'), { attachedUsersCount: 1 }, 'from a field value');
  const users = await call(server.url, 'hashtags/users', { tag: 'cats', sort: '+follower' });
  t.same(ids(users), [carol.id], 'hashtags/users lists her');
  await call(server.url, 'i/update', { description: 'no more tags' }, carol.token);
  t.match(await show('cats'), { attachedUsersCount: 0, attachedLocalUsersCount: 0 }, 'detached');
  t.same(await call(server.url, 'hashtags/users', { tag: 'cats', sort: '+follower' }), [], 'no longer listed');
  t.match(await show('dogs'), { attachedUsersCount: 1 }, 'the field still has #dogs');
});

t.test('hashtags/users: sorts, origin, state', async (t) => {
  const dave = await signup(server.url, 'dave');
  const erin = await signup(server.url, 'erin');
  await call(server.url, 'i/update', { description: '#birds' }, dave.token);
  await call(server.url, 'i/update', { description: '#birds' }, erin.token);
  await call(server.url, 'following/create', { userId: erin.id }, alice.token);
  await post(server.url, dave.token, 'chirp');
  await post(server.url, erin.token, 'tweet');
  const byFollowers = await call(server.url, 'hashtags/users', { tag: 'birds', sort: '+follower' });
  t.same(ids(byFollowers), [erin.id, dave.id], '+follower');
  const oldest = await call(server.url, 'hashtags/users', { tag: 'birds', sort: '-createdAt' });
  t.same(ids(oldest), [dave.id, erin.id], '-createdAt');
  const latest = await call(server.url, 'hashtags/users', { tag: 'birds', sort: '+updatedAt', state: 'alive' });
  t.same(ids(latest), [erin.id, dave.id], '+updatedAt, both alive');
  t.same(await call(server.url, 'hashtags/users', { tag: 'birds', sort: '+follower', origin: 'remote' }), []);
  isApiError(t, await api(server.url, 'hashtags/users', { tag: 'birds' }), 400, 'INVALID_PARAM', INVALID_PARAM);
});

t.test('hashtags/list orders by a count and filters by attached users', async (t) => {
  const list = await call(server.url, 'hashtags/list', { sort: '+mentionedUsers', limit: 100 });
  t.equal(list[0].tag, 'flock', 'the tag most users used first');
  const attached = await call(server.url, 'hashtags/list', {
    sort: '+attachedUsers',
    attachedToUserOnly: true,
    limit: 100,
  });
  t.same(attached.map((h: { tag: string }) => h.tag).sort(), ['birds', 'dogs'], 'only tags in some profile');
  t.equal(attached[0].tag, 'birds', 'two users have #birds');
  const fewest = await call(server.url, 'hashtags/list', { sort: '-mentionedUsers', limit: 100 });
  t.equal(fewest.at(-1).tag, 'flock', 'ascending: the most used last');
  isApiError(
    t,
    await api(server.url, 'hashtags/list', { sort: 'mentionedUsers' }),
    400,
    'INVALID_PARAM',
    INVALID_PARAM,
  );
});

t.test('hashtags/trend: tags most users used in the last hour, with a chart', async (t) => {
  const trend = await call(server.url, 'hashtags/trend', {});
  t.equal(trend[0].tag, 'flock', 'the tag two users used leads');
  t.equal(trend[0].usersCount, 2);
  t.equal(trend[0].chart.length, 20, 'twenty intervals');
  t.equal(trend[0].chart[0], 2, 'both in the latest interval');
});

t.test('notes/search-by-tag: a tag, AND/OR groups, filters, visibility', async (t) => {
  const a = await post(server.url, alice.token, '#red #blue');
  const b = await post(server.url, alice.token, '#red only');
  const c = await post(server.url, bob.token, '#green');
  const reply = await post(server.url, bob.token, { text: '#red reply', replyId: a.id });
  const secret = await post(server.url, alice.token, { text: '#red for followers', visibility: 'followers' });
  const byTag = (params: Record<string, unknown>, token?: string) =>
    call(server.url, 'notes/search-by-tag', params, token).then(ids);

  t.same(await byTag({ tag: 'red' }), [reply.id, b.id, a.id], 'newest first; the followers-only note hidden');
  t.same(await byTag({ tag: 'RED' }, alice.token), [secret.id, reply.id, b.id, a.id], 'the author sees hers');
  t.same(await byTag({ query: [['red', 'blue']] }), [a.id], 'AND');
  t.same(await byTag({ query: [['blue'], ['green']] }), [c.id, a.id], 'OR');
  t.same(await byTag({ tag: 'red', reply: false }), [b.id, a.id], 'no replies');
  t.same(await byTag({ tag: 'red', reply: true }), [reply.id], 'replies only');
  t.same(await byTag({ tag: 'red', limit: 1, untilId: b.id }), [a.id], 'paging');
  await call(server.url, 'notes/delete', { noteId: b.id }, alice.token);
  t.same(await byTag({ tag: 'red' }), [reply.id, a.id], 'a deleted note is gone');

  const client = new Misskey.api.APIClient({ origin: server.url, credential: bob.token });
  t.same(ids(await client.request('notes/search-by-tag', { tag: 'green' })), [c.id], 'misskey-js');

  isApiError(t, await api(server.url, 'notes/search-by-tag', {}), 400, 'INVALID_PARAM', INVALID_PARAM);
  isApiError(t, await api(server.url, 'notes/search-by-tag', { query: [] }), 400, 'INVALID_PARAM', INVALID_PARAM);
  const wide = Array.from({ length: 17 }, () => ['x']);
  isApiError(t, await api(server.url, 'notes/search-by-tag', { query: wide }), 400, 'INVALID_PARAM', INVALID_PARAM);
});
