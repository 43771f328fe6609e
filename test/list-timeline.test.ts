/**
 * notes/user-list-timeline: the members' notes merged newest first and paged, filtered like the other
 * timelines (visibility, withRenotes, withFiles) and by each membership's withReplies.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { api, call, post, type Server, signup, startServer } from './helpers/server.js';

let server: Server;
t.before(async () => {
  server = await startServer();
});

t.test("the list timeline merges its members' notes by id, pages, and follows the filters", async (t) => {
  const owner = await signup(server.url, 'lister');
  const alice = await signup(server.url, 'alice');
  const bob = await signup(server.url, 'bob');
  const outsider = await signup(server.url, 'outsider');
  const list = await call(server.url, 'users/lists/create', { name: 'l' }, owner.token);
  for (const m of [alice, bob])
    await call(server.url, 'users/lists/push', { listId: list.id, userId: m.id }, owner.token);

  const posted: string[] = [];
  for (let n = 0; n < 6; n++) {
    posted.push((await post(server.url, (n % 2 === 0 ? alice : bob).token, `note ${n}`)).id);
    await post(server.url, outsider.token, `outsider ${n}`);
  }
  const newestFirst = [...posted].reverse();
  const page = (params: Record<string, unknown> = {}) =>
    call(server.url, 'notes/user-list-timeline', { listId: list.id, ...params }, owner.token).then(ids);
  t.same(await page(), newestFirst, "the members' notes, newest first, nobody else's");
  t.same(await page({ limit: 2 }), newestFirst.slice(0, 2), 'limit');
  t.same(await page({ untilId: newestFirst[1] }), newestFirst.slice(2), 'untilId');
  t.same(await page({ sinceId: newestFirst[3], limit: 2 }), [newestFirst[2], newestFirst[1]], 'sinceId: oldest first');

  const followersOnly = await post(server.url, alice.token, { text: 'followers', visibility: 'followers' });
  t.notOk((await page()).includes(followersOnly.id), 'a followers-only note of someone I do not follow is hidden');
  await call(server.url, 'following/create', { userId: alice.id }, owner.token);
  t.ok((await page()).includes(followersOnly.id), 'and shown once I follow them');

  const renote = await post(server.url, bob.token, { renoteId: posted[0] });
  t.ok((await page()).includes(renote.id), 'renotes by default');
  t.notOk((await page({ withRenotes: false })).includes(renote.id), 'withRenotes: false leaves them out');
  t.same(await page({ withFiles: true }), [], 'withFiles: nothing has files yet');
});

t.test("a membership's withReplies decides whether the member's replies to others show", async (t) => {
  const owner = await signup(server.url, 'owner2');
  const member = await signup(server.url, 'member2');
  const third = await signup(server.url, 'third2');
  const list = await call(server.url, 'users/lists/create', { name: 'r' }, owner.token);
  await call(server.url, 'users/lists/push', { listId: list.id, userId: member.id }, owner.token);
  const thirds = await post(server.url, third.token, 'third speaks');
  const owners = await post(server.url, owner.token, 'owner speaks');
  const own = await post(server.url, member.token, 'member speaks');
  const toThird = await post(server.url, member.token, { text: 'to third', replyId: thirds.id });
  const toOwner = await post(server.url, member.token, { text: 'to owner', replyId: owners.id });
  const toSelf = await post(server.url, member.token, { text: 'thread', replyId: own.id });
  const page = () => call(server.url, 'notes/user-list-timeline', { listId: list.id }, owner.token).then(ids);

  let shown = await page();
  t.notOk(shown.includes(toThird.id), 'a reply to a third party is hidden by default');
  t.ok(shown.includes(toOwner.id), 'a reply to the list owner shows');
  t.ok(shown.includes(toSelf.id), 'a reply to oneself shows');
  await call(
    server.url,
    'users/lists/update-membership',
    { listId: list.id, userId: member.id, withReplies: true },
    owner.token,
  );
  shown = await page();
  t.ok(shown.includes(toThird.id), 'with withReplies the reply to a third party shows');
});

t.test("only the owner reads a list's timeline", async (t) => {
  const owner = await signup(server.url, 'owner3');
  const other = await signup(server.url, 'other3');
  const list = await call(server.url, 'users/lists/create', { name: 'p' }, owner.token);
  await call(server.url, 'users/lists/update', { listId: list.id, isPublic: true }, owner.token);
  isApiError(
    t,
    await api(server.url, 'notes/user-list-timeline', { listId: list.id }, other.token),
    400,
    'NO_SUCH_LIST',
    '8fb1fbd5-e476-4c37-9fb0-43d55b63a2ff',
  );
  isApiError(t, await api(server.url, 'notes/user-list-timeline', { listId: list.id }), 401, 'CREDENTIAL_REQUIRED');
  isApiError(
    t,
    await api(server.url, 'notes/user-list-timeline', { listId: list.id, limit: 101 }, owner.token),
    400,
    'INVALID_PARAM',
  );
});

t.test('misskey-js notes/user-list-timeline', async (t) => {
  const owner = await signup(server.url, 'owner4');
  const member = await signup(server.url, 'member4');
  const client = new Misskey.api.APIClient({ origin: server.url, credential: owner.token });
  const list = await client.request('users/lists/create', { name: 'sdk' });
  await client.request('users/lists/push', { listId: list.id, userId: member.id });
  const note = await post(server.url, member.token, 'hello list');
  const notes = await client.request('notes/user-list-timeline', { listId: list.id, limit: 5 });
  t.same(ids(notes), [note.id]);
  t.equal(notes[0]?.text, 'hello list');
});

t.test("a member whom the owner mutes is hidden from the list's timeline (the relations filter)", async (t) => {
  const owner = await signup(server.url, 'owner5');
  const muted = await signup(server.url, 'muted5');
  const shown = await signup(server.url, 'shown5');
  const list = await call(server.url, 'users/lists/create', { name: 'rel' }, owner.token);
  for (const m of [muted, shown])
    await call(server.url, 'users/lists/push', { listId: list.id, userId: m.id }, owner.token);
  const mutedNote = await post(server.url, muted.token, 'muted speaks');
  const shownNote = await post(server.url, shown.token, 'shown speaks');
  await call(server.url, 'mute/create', { userId: muted.id }, owner.token);
  const page = await call(server.url, 'notes/user-list-timeline', { listId: list.id }, owner.token).then(ids);
  t.notOk(page.includes(mutedNote.id), "a muted member's notes are hidden");
  t.ok(page.includes(shownNote.id), "the others' notes show");
});
