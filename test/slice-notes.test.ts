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

t.test('replies to a specified note', async (t) => {
  const carol = await signup(server.url, 'carol');
  const toBob = await post(server.url, alice.token, {
    text: 'for bob',
    visibility: 'specified',
    visibleUserIds: [bob.id],
  });
  for (const visibility of ['public', 'home', 'followers']) {
    const wider = await api(server.url, 'notes/create', { text: 'wider', visibility, replyId: toBob.id }, bob.token);
    isApiError(
      t,
      wider,
      400,
      'CANNOT_REPLY_TO_SPECIFIED_VISIBILITY_NOTE_WITH_EXTENDED_VISIBILITY',
      'ed940410-535c-4d5e-bfa3-af798671e93c',
    );
  }
  const bobApi = new Misskey.api.APIClient({ origin: server.url, credential: bob.token });
  const { createdNote: reply } = await bobApi.request('notes/create', {
    text: 'just between us',
    visibility: 'specified',
    replyId: toBob.id,
  });
  t.same(reply.visibleUserIds, [alice.id], 'the replied-to author is a recipient without being named');
  t.equal(
    (await call(server.url, 'notes/show', { noteId: reply.id }, alice.token)).text,
    'just between us',
    'she reads it',
  );
  const hidden = await call(server.url, 'notes/show', { noteId: reply.id }, carol.token);
  t.equal(hidden.isHidden, true, 'nobody else does');
});

t.test('a mention alone does not make someone a recipient of a specified note', async (t) => {
  const dave = await signup(server.url, 'dave');
  const erin = await signup(server.url, 'erin');
  const note = await post(server.url, alice.token, {
    text: 'hello @dave',
    visibility: 'specified',
    visibleUserIds: [erin.id],
  });
  t.same(note.visibleUserIds, [erin.id], 'only the recipients asked for');
  const asDave = await call(server.url, 'notes/show', { noteId: note.id }, dave.token);
  t.equal(asDave.isHidden, true, 'the mentioned user may not read it');
  t.equal(asDave.text, null);
  const asErin = await call(server.url, 'notes/show', { noteId: note.id }, erin.token);
  t.equal(asErin.text, 'hello @dave', 'the recipient reads it');
  const followersOnly = await post(server.url, alice.token, { text: 'hi @dave', visibility: 'followers' });
  const shown = await call(server.url, 'notes/show', { noteId: followersOnly.id }, dave.token);
  t.equal(shown.text, 'hi @dave', 'a followers-only note is still for whom it mentions');
});

t.test('unknown ids in visibleUserIds are dropped, not an error', async (t) => {
  const { createdNote } = await aliceApi.request('notes/create', {
    text: 'to bob and nobody',
    visibility: 'specified',
    visibleUserIds: [bob.id, 'nosuchuser000001'],
  });
  t.same(createdNote.visibleUserIds, [bob.id]);
});

t.test('notes/mentions lists replies to me, not only @mentions', async (t) => {
  const frank = await signup(server.url, 'frank');
  const gwen = await signup(server.url, 'gwen');
  const mine = await post(server.url, frank.token, 'reply to this');
  const reply = await post(server.url, gwen.token, { text: 'a reply that names nobody', replyId: mine.id });
  const named = await post(server.url, gwen.token, 'hi @frank');
  const selfReply = await post(server.url, frank.token, { text: 'and me again', replyId: mine.id });
  const frankApi = new Misskey.api.APIClient({ origin: server.url, credential: frank.token });
  const mentions = await frankApi.request('notes/mentions', {});
  t.same(
    mentions.map((n) => n.id),
    [named.id, reply.id],
    'the reply and the mention, newest first; my own reply to myself is not one',
  );
  t.notOk(mentions.some((n) => n.id === selfReply.id));
});
