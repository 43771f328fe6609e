/**
 * notes/search: every word of the query, case-insensitive, newest first, paging and offset, by user and
 * host; a followers-only note is found by followers and not by strangers; deleted notes are gone; Han
 * and kana by pairs of characters; canSearchNotes off answers UNAVAILABLE and is reported in policies.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { type Account, api, call, post, type Server, signup, startServer } from './helpers/server.js';

const INVALID_PARAM = '3d81ceae-475f-4600-b2a8-2bc116157532';
const UNAVAILABLE = '0b44998d-77aa-4427-80d0-d2c9b8523011';

let server: Server;
let alice: Account;
let bob: Account;
let stranger: Account;

t.before(async () => {
  server = await startServer({ env: { FLOCK_CAN_SEARCH_NOTES: 'on' } });
  alice = await signup(server.url, 'alice');
  bob = await signup(server.url, 'bob');
  stranger = await signup(server.url, 'stranger');
  await call(server.url, 'following/create', { userId: alice.id }, bob.token);
});

const search = (params: Record<string, unknown>, token?: string) =>
  call(server.url, 'notes/search', params, token).then(ids);

t.test('every word of the query, case-insensitive, newest first', async (t) => {
  const a = await post(server.url, alice.token, 'The Quick brown fox');
  const b = await post(server.url, bob.token, 'a quick reply, quicker than ever');
  const c = await post(server.url, alice.token, 'nothing to see');
  t.same(await search({ query: 'QUICK' }), [b.id, a.id], 'one word, newest first');
  t.same(await search({ query: 'quick fox' }), [a.id], 'all the words');
  t.same(await search({ query: 'fox quick' }), [a.id], 'in any order');
  t.same(await search({ query: 'quicker' }), [b.id], 'whole words');
  t.same(await search({ query: 'see' }), [c.id]);
  t.same(await search({ query: 'unicorn' }), [], 'no match');
  t.same(await search({ query: '!!!' }), [], 'no word at all');
  t.same(await search({ query: 'quick', limit: 1 }), [b.id], 'limit');
  t.same(await search({ query: 'quick', untilId: b.id }), [a.id], 'untilId');
  t.same(await search({ query: 'quick', offset: 1 }), [a.id], 'offset');
  t.same(await search({ query: 'quick', userId: alice.id }), [a.id], 'by one user');
  t.same(await search({ query: 'quick', host: '.' }), [b.id, a.id], 'host `.`: local');
  t.same(await search({ query: 'quick', host: 'example.com' }), [], 'another host: none indexed');
});

t.test('visibility: a followers-only note is found by followers, not by strangers', async (t) => {
  const secret = await post(server.url, alice.token, { text: 'secret walrus plans', visibility: 'followers' });
  t.same(await search({ query: 'walrus' }, stranger.token), [], 'a stranger does not find it');
  t.same(await search({ query: 'walrus' }), [], 'nor does anyone signed out');
  t.same(await search({ query: 'walrus' }, bob.token), [secret.id], 'a follower does');
  t.same(await search({ query: 'walrus' }, alice.token), [secret.id], 'the author does');
});

t.test('a deleted note is no longer found; a muted author is left out', async (t) => {
  const gone = await post(server.url, alice.token, 'ephemeral pelican');
  t.same(await search({ query: 'pelican' }), [gone.id]);
  await call(server.url, 'notes/delete', { noteId: gone.id }, alice.token);
  t.same(await search({ query: 'pelican' }), [], 'gone');
  const loud = await post(server.url, bob.token, 'loud heron');
  await call(server.url, 'mute/create', { userId: bob.id }, stranger.token);
  t.same(await search({ query: 'heron' }, stranger.token), [], 'muted');
  t.same(await search({ query: 'heron' }, alice.token), [loud.id], 'others still find it');
});

t.test('Han and kana are found by two or more of their characters', async (t) => {
  const note = await post(server.url, alice.token, '今日は東京で会議');
  t.same(await search({ query: '東京' }), [note.id], 'a word inside a run without spaces');
  t.same(await search({ query: '東京で会議' }), [note.id], 'a longer part');
  t.same(await search({ query: '大阪' }), [], 'another word');
});

t.test('misskey-js, bad input, and policies', async (t) => {
  const client = new Misskey.api.APIClient({ origin: server.url, credential: bob.token });
  t.same(ids(await client.request('notes/search', { query: 'fox' })).length, 1, 'through misskey-js');
  isApiError(t, await api(server.url, 'notes/search', {}), 400, 'INVALID_PARAM', INVALID_PARAM);
  isApiError(t, await api(server.url, 'notes/search', { query: '' }), 400, 'INVALID_PARAM', INVALID_PARAM);
  const huge = { query: 'x'.repeat(513) };
  isApiError(t, await api(server.url, 'notes/search', huge), 400, 'INVALID_PARAM', INVALID_PARAM);
  isApiError(
    t,
    await api(server.url, 'notes/search', { query: 'a', offset: 10_001 }),
    400,
    'INVALID_PARAM',
    INVALID_PARAM,
  );
  t.equal((await call(server.url, 'i', {}, bob.token)).policies.canSearchNotes, true, 'MeDetailed policies');
  t.equal((await call(server.url, 'meta', {})).policies.canSearchNotes, true, 'meta policies');
});

t.test('canSearchNotes off: UNAVAILABLE, and policies say so', async (t) => {
  const off = await startServer({ env: { FLOCK_CAN_SEARCH_NOTES: 'off' } });
  const carol = await signup(off.url, 'carol');
  await post(off.url, carol.token, 'findable words');
  isApiError(t, await api(off.url, 'notes/search', { query: 'words' }), 400, 'UNAVAILABLE', UNAVAILABLE);
  t.equal((await call(off.url, 'i', {}, carol.token)).policies.canSearchNotes, false, 'MeDetailed policies');
  t.equal((await call(off.url, 'meta', {})).policies.canSearchNotes, false, 'meta policies');
  await off.stop();
});
