/** The official misskey-js SDK (APIClient over global fetch) works against Flock unchanged. */

import * as Misskey from 'misskey-js';
import t from 'tap';
import { http, type Server, startServer } from './helpers/server.js';

let server: Server;

t.before(async () => {
  server = await startServer();
});

/** Sign-up is not an APIClient endpoint in misskey-js; the web client posts to /api/signup itself. */
async function signupRaw(username: string): Promise<{ id: string; token: string }> {
  const res = await http(server.url, '/api/signup', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'sdk-password' }),
  });
  if (res.status !== 200) throw new Error(`Expected signup to answer 200, got ${res.status} ${res.text}`);
  return { id: res.body.id, token: res.body.token };
}

t.test('follow, post, timeline, react and show through misskey-js APIClient', async (t) => {
  const alice = await signupRaw('alice');
  const bob = await signupRaw('bob');
  const aliceApi = new Misskey.api.APIClient({ origin: server.url, credential: alice.token });
  const bobApi = new Misskey.api.APIClient({ origin: server.url + '/', credential: bob.token });

  const me = await bobApi.request('i', {});
  t.equal(me.id, bob.id, 'i');
  t.equal(me.username, 'bob');

  const followee = await bobApi.request('following/create', { userId: alice.id });
  t.equal(followee.id, alice.id, 'following/create answers the followee (UserLite)');
  t.equal(followee.username, 'alice');

  const { createdNote } = await aliceApi.request('notes/create', { text: 'hello from misskey-js' });
  t.equal(createdNote.text, 'hello from misskey-js', 'notes/create answers {createdNote}');
  t.equal(createdNote.userId, alice.id);
  t.equal(createdNote.user.username, 'alice');
  t.equal(createdNote.visibility, 'public');

  const timeline = await bobApi.request('notes/timeline', { limit: 15, allowPartial: true, withRenotes: true });
  t.ok(Array.isArray(timeline), 'notes/timeline answers an array');
  t.equal(timeline[0]?.id, createdNote.id, "the followee's note is at the top of the home timeline");

  const reacted = await bobApi.request('notes/reactions/create', { noteId: createdNote.id, reaction: '👍' });
  t.equal(reacted, null, 'notes/reactions/create resolves with null (204)');

  const asBob = await bobApi.request('notes/show', { noteId: createdNote.id });
  t.same(asBob.reactions, { '👍': 1 }, 'reactions count');
  t.equal(asBob.reactionCount, 1, 'reactionCount');
  t.equal(asBob.myReaction, '👍', 'myReaction for the reactor');

  const asAlice = await aliceApi.request('notes/show', { noteId: createdNote.id });
  t.same(asAlice.reactions, { '👍': 1 });
  t.notOk(asAlice.myReaction, 'no myReaction (null or absent) for someone who did not react');

  const anonymous = new Misskey.api.APIClient({ origin: server.url });
  const asAnon = await anonymous.request('notes/show', { noteId: createdNote.id });
  t.same(asAnon.reactions, { '👍': 1 });
  t.notOk('myReaction' in asAnon, 'no myReaction without a viewer');

  const userNotes = await anonymous.request('users/notes', { userId: alice.id });
  t.same(
    userNotes.map((n) => n.id),
    [createdNote.id],
    'users/notes for an anonymous client',
  );
});

t.test('reactions through misskey-js: same again → ALREADY_REACTED, another replaces, delete removes', async (t) => {
  const erin = await signupRaw('erin');
  const fred = await signupRaw('fred');
  const erinApi = new Misskey.api.APIClient({ origin: server.url, credential: erin.token });
  const fredApi = new Misskey.api.APIClient({ origin: server.url, credential: fred.token });
  const { createdNote } = await erinApi.request('notes/create', { text: 'react here' });
  await fredApi.request('notes/reactions/create', { noteId: createdNote.id, reaction: '❤️' });
  let shown = await fredApi.request('notes/show', { noteId: createdNote.id });
  t.same(shown.reactions, { '❤': 1 }, 'the variation selector is stripped from the key');
  t.equal(shown.myReaction, '❤');
  const again = await fredApi.request('notes/reactions/create', { noteId: createdNote.id, reaction: '❤' }).then(
    () => null,
    (e: unknown) => e,
  );
  t.match(again, { code: 'ALREADY_REACTED', id: '71efcf98-86d6-4e2b-b2ad-9d032369366b' }, 'the same reaction again');
  await fredApi.request('notes/reactions/create', { noteId: createdNote.id, reaction: '🎉' });
  shown = await fredApi.request('notes/show', { noteId: createdNote.id });
  t.same(shown.reactions, { '🎉': 1 }, 'a different reaction replaces the old one');
  t.equal(shown.myReaction, '🎉');
  const list = await fredApi.request('notes/reactions', { noteId: createdNote.id });
  t.match(
    list,
    [{ id: String, createdAt: String, user: { id: fred.id }, type: '🎉' }],
    'notes/reactions lists {id, createdAt, user, type}',
  );
  await fredApi.request('notes/reactions/delete', { noteId: createdNote.id });
  shown = await fredApi.request('notes/show', { noteId: createdNote.id });
  t.same(shown.reactions, {}, 'deleted; zero counts are dropped');
  t.equal(shown.reactionCount, 0);
  t.notOk(shown.myReaction, 'no myReaction once there are no reactions');
  const missing = await fredApi.request('notes/reactions/create', { noteId: '0000000000000000', reaction: '👍' }).then(
    () => null,
    (e: unknown) => e,
  );
  t.match(
    missing,
    { code: 'NO_SUCH_NOTE', id: '033d0620-5bfe-4027-965d-980b0c85a3ea' },
    "the endpoint's own NO_SUCH_NOTE id",
  );
});

t.test("misskey-js rejects with Misskey's error object (APIError)", async (t) => {
  const anonymous = new Misskey.api.APIClient({ origin: server.url, credential: null });
  const missing = await anonymous.request('notes/show', { noteId: '0000000000000000' }).then(
    () => null,
    (e: unknown) => e,
  );
  t.ok(missing !== null && Misskey.api.isAPIError(missing as Record<PropertyKey, unknown>), 'rejects with an APIError');
  t.match(missing, {
    code: 'NO_SUCH_NOTE',
    id: '24fcbfc6-2e37-42b6-8388-c29b3861a08d',
    kind: 'client',
    message: String,
  });

  const noCredential = await anonymous.request('notes/create', { text: 'x' }).then(
    () => null,
    (e: unknown) => e,
  );
  t.match(noCredential, { code: 'CREDENTIAL_REQUIRED', id: '1384574d-a912-4b81-8601-c7b1c4085df1' });

  const badToken = new Misskey.api.APIClient({ origin: server.url, credential: 'ZZZZZZZZZZZZZZZZ' });
  const failed = await badToken.request('i', {}).then(
    () => null,
    (e: unknown) => e,
  );
  t.match(failed, { code: 'AUTHENTICATION_FAILED', id: 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14' });

  const bob = await signupRaw('carol');
  const cli = new Misskey.api.APIClient({ origin: server.url, credential: bob.token });
  const invalid = await cli.request('notes/create', { text: 'x'.repeat(3001) }).then(
    () => null,
    (e: unknown) => e,
  );
  t.match(invalid, { code: 'INVALID_PARAM', id: '3d81ceae-475f-4600-b2a8-2bc116157532' });
});

t.test("the web client's first calls work: meta, i, notes/timeline with its startup params", async (t) => {
  const dave = await signupRaw('dave');
  const cli = new Misskey.api.APIClient({ origin: server.url, credential: dave.token });
  const meta = await cli.request('meta', { detail: true });
  t.type(meta.maxNoteTextLength, 'number', 'meta.maxNoteTextLength');
  t.type(meta.version, 'string', 'meta.version');
  const me = await cli.request('i', {});
  t.equal(me.id, dave.id);
  const tl = await cli.request('notes/timeline', { limit: 15, allowPartial: true, withRenotes: true });
  t.same(tl, [], 'an empty home timeline for a new user');
});
