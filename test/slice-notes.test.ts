/**
 * notes/create, reactions and mentions exactly as Misskey behaves: text is stored trimmed (a quote of only
 * white space has text null), file ids that name no file answer NO_SUCH_FILE, and any reaction that is
 * not one falls back to the like reaction.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { type Account, api, call, post, type Server, signup, startServer } from './helpers/server.js';

const LIKE = '❤';
const NO_SUCH_FILE = 'b6992544-63e7-67f0-fa7f-32444b1b5306';
let server: Server;
let alice: Account;
let bob: Account;
let aliceApi: Misskey.api.APIClient;

t.before(async () => {
  server = await startServer();
  alice = await signup(server.url, 'alice');
  bob = await signup(server.url, 'bob');
  aliceApi = new Misskey.api.APIClient({ origin: server.url, credential: alice.token });
});

t.test('a quote whose text is only white space is stored with text null', async (t) => {
  const quoted = await post(server.url, bob.token, 'quote me');
  const { createdNote } = await aliceApi.request('notes/create', { text: ' \n\t ', renoteId: quoted.id });
  t.equal(createdNote.text, null, 'answered with text null');
  t.equal(createdNote.renoteId, quoted.id, 'still a renote of the note');
  const shown = await call(server.url, 'notes/show', { noteId: createdNote.id });
  t.equal(shown.text, null, 'stored with text null');
});

t.test('text is stored trimmed', async (t) => {
  const { createdNote } = await aliceApi.request('notes/create', { text: '  hello  \n' });
  t.equal(createdNote.text, 'hello');
});

t.test('fileIds or mediaIds that name no file: NO_SUCH_FILE, with or without text', async (t) => {
  for (const params of [{ fileIds: ['nosuchfile000001'] }, { mediaIds: ['nosuchfile000001'] }]) {
    isApiError(t, await api(server.url, 'notes/create', params, alice.token), 400, 'NO_SUCH_FILE', NO_SUCH_FILE);
    isApiError(
      t,
      await api(server.url, 'notes/create', { ...params, text: 'with text' }, alice.token),
      400,
      'NO_SUCH_FILE',
      NO_SUCH_FILE,
    );
  }
  await t.rejects(aliceApi.request('notes/create', { fileIds: ['nosuchfile000002'] }), {
    code: 'NO_SUCH_FILE',
    id: NO_SUCH_FILE,
  });
});

t.test('an empty, invalid or overlong reaction is the like reaction (204)', async (t) => {
  for (const reaction of ['', 'not a reaction', 'x'.repeat(5000), '👍'.repeat(300)]) {
    const note = await post(server.url, alice.token, 'react to me');
    const res = await api(server.url, 'notes/reactions/create', { noteId: note.id, reaction }, bob.token);
    t.equal(res.status, 204, `${JSON.stringify(reaction.slice(0, 20))} answers 204`);
    t.same((await call(server.url, 'notes/show', { noteId: note.id })).reactions, { [LIKE]: 1 }, 'counted as ❤');
  }
  const note = await post(server.url, alice.token, 'react to me');
  isApiError(
    t,
    await api(server.url, 'notes/reactions/create', { noteId: note.id, reaction: 5 }, bob.token),
    400,
    'INVALID_PARAM',
  );
});
