/**
 * i/pin and i/unpin: a user pins their own notes to their profile, at most `pinLimit` of them, listed
 * latest pin first as Misskey lists them; users/show shows them; a deleted note leaves the pins;
 * i/update cannot write the pin list.
 */
import t from 'tap';
import { isApiError, isOk } from './helpers/assert.js';
import { api, call, post, type Server, signup, startServer } from './helpers/server.js';

/** Misskey's error ids (endpoints/i/pin.ts, i/unpin.ts). */
const PIN_NO_SUCH_NOTE = '56734f8b-3928-431e-bf80-6ff87df40cb3';
const PIN_LIMIT_EXCEEDED = '72dab508-c64d-498f-8740-a8eec1ba385a';
const ALREADY_PINNED = '8b18c2b7-68fe-4edb-9892-c0cbaeb6c913';
const UNPIN_NO_SUCH_NOTE = '454170ce-9d63-4a43-9da1-ea10afe81e21';
/** A well-formed id no note has. */
const UNKNOWN_ID = 'zzzzzzzzzzzzzzzz';
/** Small, so reaching the limit takes few calls (3 so that three orders of three pins can be told apart). */
const PIN_LIMIT = 3;

let server: Server;
/** Ids in a canonical order, for checks that are not about order. */
const sorted = (ids: unknown) => (Array.isArray(ids) ? [...(ids as string[])].sort() : ids);

t.before(async () => {
  server = await startServer({ env: { FLOCK_PIN_LIMIT: String(PIN_LIMIT) } });
});

t.test('pinning answers MeDetailed with pinnedNoteIds, up to pinLimit; one more is PIN_LIMIT_EXCEEDED', async (t) => {
  const alice = await signup(server.url, 'alice');
  const notes = [];
  for (let i = 0; i <= PIN_LIMIT; i++) notes.push(await post(server.url, alice.token, `note ${i}`));
  for (let i = 0; i < PIN_LIMIT; i++) {
    const res = await api(server.url, 'i/pin', { noteId: notes[i].id }, alice.token);
    isOk(t, res, 200, `pin ${i + 1} of ${PIN_LIMIT}`);
    t.match(res.body, { id: alice.id, username: 'alice', policies: Object }, 'the answer is MeDetailed');
    t.same(
      sorted(res.body?.pinnedNoteIds),
      sorted(notes.slice(0, i + 1).map((n) => n.id)),
      'pinnedNoteIds grows with each pin',
    );
  }
  const over = await api(server.url, 'i/pin', { noteId: notes[PIN_LIMIT].id }, alice.token);
  isApiError(t, over, 400, 'PIN_LIMIT_EXCEEDED', PIN_LIMIT_EXCEEDED);
  const me = await call(server.url, 'i', {}, alice.token);
  t.same(
    sorted(me.pinnedNoteIds),
    sorted(notes.slice(0, PIN_LIMIT).map((n) => n.id)),
    'the refused pin was not stored',
  );
});

t.test('pinning a note twice → ALREADY_PINNED', async (t) => {
  const bob = await signup(server.url, 'bob');
  const note = await post(server.url, bob.token, 'pin me once');
  await call(server.url, 'i/pin', { noteId: note.id }, bob.token);
  const again = await api(server.url, 'i/pin', { noteId: note.id }, bob.token);
  isApiError(t, again, 400, 'ALREADY_PINNED', ALREADY_PINNED);
  t.same((await call(server.url, 'i', {}, bob.token)).pinnedNoteIds, [note.id], 'pinned once');
});

t.test("only one's own notes can be pinned or unpinned: others' and unknown ids → NO_SUCH_NOTE", async (t) => {
  const carol = await signup(server.url, 'carol');
  const dave = await signup(server.url, 'dave');
  const daves = await post(server.url, dave.token, { text: "dave's public note", visibility: 'public' });
  await call(server.url, 'i/pin', { noteId: daves.id }, dave.token);

  isApiError(
    t,
    await api(server.url, 'i/pin', { noteId: daves.id }, carol.token),
    400,
    'NO_SUCH_NOTE',
    PIN_NO_SUCH_NOTE,
  );
  isApiError(
    t,
    await api(server.url, 'i/pin', { noteId: UNKNOWN_ID }, carol.token),
    400,
    'NO_SUCH_NOTE',
    PIN_NO_SUCH_NOTE,
  );
  isApiError(
    t,
    await api(server.url, 'i/unpin', { noteId: daves.id }, carol.token),
    400,
    'NO_SUCH_NOTE',
    UNPIN_NO_SUCH_NOTE,
  );
  isApiError(
    t,
    await api(server.url, 'i/unpin', { noteId: UNKNOWN_ID }, carol.token),
    400,
    'NO_SUCH_NOTE',
    UNPIN_NO_SUCH_NOTE,
  );

  t.same((await call(server.url, 'i', {}, carol.token)).pinnedNoteIds, [], 'carol pinned nothing');
  t.same(
    (await call(server.url, 'users/show', { userId: dave.id })).pinnedNoteIds,
    [daves.id],
    "dave's pin is untouched by carol's unpin",
  );
});

t.test('unpinning removes the pin; unpinning an own note that is not pinned is a no-op', async (t) => {
  const erin = await signup(server.url, 'erin');
  const pinned = await post(server.url, erin.token, 'pinned');
  const loose = await post(server.url, erin.token, 'never pinned');
  await call(server.url, 'i/pin', { noteId: pinned.id }, erin.token);

  const noop = await api(server.url, 'i/unpin', { noteId: loose.id }, erin.token);
  isOk(t, noop, 200, 'unpinning an unpinned own note');
  t.same(noop.body?.pinnedNoteIds, [pinned.id], 'the other pin stays');

  const res = await api(server.url, 'i/unpin', { noteId: pinned.id }, erin.token);
  isOk(t, res, 200, 'unpin');
  t.match(res.body, { id: erin.id, policies: Object }, 'the answer is MeDetailed');
  t.same(res.body?.pinnedNoteIds, [], 'no pins left');
});

t.test('users/show lists pinnedNoteIds and pinnedNotes latest pin first, as Misskey does', async (t) => {
  const frank = await signup(server.url, 'frank');
  const [first, second, third] = [
    await post(server.url, frank.token, 'first'),
    await post(server.url, frank.token, 'second'),
    await post(server.url, frank.token, 'third'),
  ];
  // pinned second, third, first: latest-pin-first, note order and pin order all differ
  for (const note of [second, third, first]) await call(server.url, 'i/pin', { noteId: note.id }, frank.token);
  // Misskey packs pins ordered by pin id descending (UserEntityService: orderBy('pin.id', 'DESC'))
  const expected = [first.id, third.id, second.id];
  const viewer = await signup(server.url, 'frank_reader');
  for (const [who, token] of [
    ['anonymous', undefined],
    ['another user', viewer.token],
    ['frank', frank.token],
  ] as const) {
    const shown = await call(server.url, 'users/show', { userId: frank.id }, token);
    t.same(shown.pinnedNoteIds, expected, `pinnedNoteIds latest pin first for ${who}`);
    t.same(
      (shown.pinnedNotes as { id: string }[]).map((n) => n.id),
      expected,
      `pinnedNotes latest pin first for ${who}`,
    );
    t.same(
      sorted((shown.pinnedNotes as { text: string }[]).map((n) => n.text)),
      ['first', 'second', 'third'],
      'pinnedNotes are rendered notes',
    );
  }
  t.same((await call(server.url, 'i', {}, frank.token)).pinnedNoteIds, expected, '`i` lists them in the same order');
});

t.test('deleting a pinned note removes it from pinnedNoteIds and frees its slot', async (t) => {
  const gina = await signup(server.url, 'gina');
  const notes = [];
  for (let i = 0; i < PIN_LIMIT + 1; i++) notes.push(await post(server.url, gina.token, `gina ${i}`));
  for (let i = 0; i < PIN_LIMIT; i++) await call(server.url, 'i/pin', { noteId: notes[i].id }, gina.token);
  await call(server.url, 'i', {}, gina.token); // the signed-in user is now cached by the gateway
  const del = await api(server.url, 'notes/delete', { noteId: notes[0].id }, gina.token);
  t.equal(del.status, 204, 'notes/delete');
  const left = notes.slice(1, PIN_LIMIT).map((n) => n.id);
  const shown = await call(server.url, 'users/show', { userId: gina.id });
  t.same(sorted(shown.pinnedNoteIds), sorted(left), 'the deleted note left pinnedNoteIds');
  t.same(sorted((shown.pinnedNotes as { id: string }[]).map((n) => n.id)), sorted(left), 'and pinnedNotes');
  t.same(
    sorted((await call(server.url, 'i', {}, gina.token)).pinnedNoteIds),
    sorted(left),
    'and `i` (no stale cached user)',
  );
  // a deleted note must not keep counting against the limit
  const res = await api(server.url, 'i/pin', { noteId: notes[PIN_LIMIT].id }, gina.token);
  isOk(t, res, 200, 'pinning another note after the delete');
  t.same(sorted(res.body?.pinnedNoteIds), sorted([...left, notes[PIN_LIMIT].id]));
});

t.test('i/update with pinnedNoteIds in the body changes no pins (only i/pin does)', async (t) => {
  const hank = await signup(server.url, 'hank');
  const other = await signup(server.url, 'hank_other');
  const mine = await post(server.url, hank.token, 'hank pinned');
  const spare = await post(server.url, hank.token, 'hank spare');
  const theirs = await post(server.url, other.token, "not hank's");
  await call(server.url, 'i/pin', { noteId: mine.id }, hank.token);
  // more ids than the limit, someone else's note, and an unknown id: none of it may land
  const res = await api(
    server.url,
    'i/update',
    { name: 'Hank', pinnedNoteIds: [spare.id, theirs.id, UNKNOWN_ID] },
    hank.token,
  );
  isOk(t, res, 200, 'i/update (the unknown key is ignored, as Misskey does)');
  t.equal(res.body?.name, 'Hank', 'the declared field was updated');
  t.same(res.body?.pinnedNoteIds, [mine.id], 'pinnedNoteIds unchanged in the answer');
  const shown = await call(server.url, 'users/show', { userId: hank.id });
  t.same(shown.pinnedNoteIds, [mine.id], 'pinnedNoteIds unchanged in users/show');
  t.same(
    (shown.pinnedNotes as { id: string }[]).map((n) => n.id),
    [mine.id],
    'pinnedNotes unchanged',
  );
});
