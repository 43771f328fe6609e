/**
 * A reaction is exactly one emoji (or a legacy name); anything else becomes the like reaction ❤, as in
 * Misskey. Reaction strings are user-chosen keys, so names of Object.prototype members are data too.
 */
import t from 'tap';
import { isOk } from './helpers/assert.js';
import { type Account, api, call, post, type Server, signup, startServer } from './helpers/server.js';

const LIKE = '❤';
let server: Server;
let author: Account;
let reactor: Account;

t.before(async () => {
  server = await startServer();
  author = await signup(server.url, 'author');
  reactor = await signup(server.url, 'reactor');
});

/** Reacts to a fresh note of the author with `reaction`; answers the note id and the note's `reactions` after. */
async function reactTo(reaction: string): Promise<{ noteId: string; status: number; reactions: unknown }> {
  const note = await post(server.url, author.token, `react with ${JSON.stringify(reaction)}`);
  const res = await api(server.url, 'notes/reactions/create', { noteId: note.id, reaction }, reactor.token);
  const shown = await call(server.url, 'notes/show', { noteId: note.id });
  return { noteId: note.id, status: res.status, reactions: shown.reactions };
}

t.test('names of Object.prototype members are stored as ❤ and every read of them still works', async (t) => {
  for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
    t.test(name, async (t) => {
      const { noteId, status, reactions } = await reactTo(name);
      t.equal(status, 204, 'notes/reactions/create answers 204');
      t.same(reactions, { [LIKE]: 1 }, 'the note counts one ❤');
      const list = await api(server.url, 'notes/reactions', { noteId });
      isOk(t, list, 200, 'notes/reactions');
      t.ok(Array.isArray(list.body), `notes/reactions answers a JSON array: ${list.text.slice(0, 200)}`);
      t.match(list.body, [{ type: LIKE, user: { id: reactor.id } }], 'listed as ❤');
      const mine = await api(server.url, 'users/notes', { userId: author.id, limit: 5 }, reactor.token);
      isOk(t, mine, 200, 'users/notes (rendering myReaction) answers 200');
      const reacted = Array.isArray(mine.body)
        ? (mine.body as { id: string; myReaction?: unknown }[]).find((n) => n.id === noteId)
        : undefined;
      t.equal(reacted?.myReaction, LIKE, 'myReaction is ❤');
      const del = await api(server.url, 'notes/reactions/delete', { noteId }, reactor.token);
      t.equal(del.status, 204, 'notes/reactions/delete answers 204');
      t.same((await call(server.url, 'notes/show', { noteId })).reactions, {}, 'no reaction left on the note');
    });
  }
});

t.test('anything but exactly one emoji becomes ❤; one emoji, however composed, is kept (FE0F stripped)', async (t) => {
  const cases: [string, string, string][] = [
    // not one emoji: text after an emoji, a direction override, markup, two emoji, a letter, nothing
    ['👍 I am admin', LIKE, 'an emoji followed by text'],
    ['❤\u202Egnp.exe', LIKE, 'an emoji followed by a right-to-left override and text'],
    ['🍮<img src=x>', LIKE, 'an emoji followed by markup'],
    ['👍👍', LIKE, 'two emoji'],
    ['a', LIKE, 'a letter'],
    ['', LIKE, 'the empty string'],
    [':blobcat:', LIKE, 'a custom emoji this instance does not have'],
    // one emoji
    ['👍', '👍', 'a plain emoji'],
    ['❤️', LIKE, 'an emoji with a variation selector (stored without FE0F)'],
    ['👨\u200D👩\u200D👧', '👨\u200D👩\u200D👧', 'a ZWJ sequence'],
    ['🇯🇵', '🇯🇵', 'a flag'],
    ['👍🏽', '👍🏽', 'a skin-tone modifier'],
    // Misskey's legacy reaction names
    ['like', '👍', 'the legacy name like'],
    ['pudding', '🍮', 'the legacy name pudding'],
  ];
  for (const [reaction, stored, what] of cases) {
    const { status, reactions } = await reactTo(reaction);
    t.equal(status, 204, `${what}: ${JSON.stringify(reaction)} answers 204`);
    t.same(reactions, { [stored]: 1 }, `${what}: ${JSON.stringify(reaction)} is stored as ${stored}`);
  }
});

t.test('notes/reactions with a type that is not a reaction lists nothing (not the ❤ it would become)', async (t) => {
  const { noteId } = await reactTo(LIKE);
  const all = await call(server.url, 'notes/reactions', { noteId });
  t.equal(all.length, 1, 'one reaction on the note');
  t.equal((await call(server.url, 'notes/reactions', { noteId, type: LIKE })).length, 1, 'type ❤ lists it');
  t.equal(
    (await call(server.url, 'notes/reactions', { noteId, type: '❤️' })).length,
    1,
    'type ❤️ (with FE0F) lists it too',
  );
  for (const type of ['a', 'constructor', '❤ and more', '']) {
    const res = await api(server.url, 'notes/reactions', { noteId, type });
    isOk(t, res, 200, `type ${JSON.stringify(type)}`);
    t.same(res.body, [], `type ${JSON.stringify(type)} lists nothing`);
  }
});
