/**
 * A local user's notes reach their remote followers' servers: a remote peer follows a Flock user through
 * the inbox (Flock's Accept arrives), then the user's public, followers-only and renoted notes arrive as
 * Create and Announce at the peer's shared inbox, deletions as Delete and Undo{Announce}; local-only and
 * specified notes to nobody remote never leave. Reacting to a remote note sends the Like to its
 * author's server, and taking the reaction back sends its Undo; a profile change reaches the followers'
 * servers as Update{Person}, and a block of a remote user its server as Block, then Undo{Block}. A vote
 * in a remote poll reaches the poll's author as Misskey sends it: a Create of a Note replying to the
 * poll, named by the choice, addressed to the author only.
 */
import t from 'tap';
import { eventually } from './helpers/assert.js';
import { AS_CONTEXT, startRemotePeer } from './helpers/remote-peer.js';
import { call, signup, startServer } from './helpers/server.js';

t.test("a local user's notes are delivered to remote followers", async (t) => {
  const peer = await startRemotePeer(t, ['bob']);
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const aliceUri = `${url}/users/${alice.id}`;
  type Body = { id: string; type: string; actor: string; object: any };
  const got = (type: string) =>
    peer.received.map((r) => r.body as Body | null).filter((b): b is Body => b !== null && b.type === type);

  const quiet = await call(url, 'notes/create', { text: 'before any remote follower' }, alice.token);
  const follow = {
    '@context': AS_CONTEXT,
    id: peer.newId('follows'),
    type: 'Follow',
    actor: peer.actor('bob'),
    object: aliceUri,
  };
  t.equal(await peer.deliver(`${url}/inbox`, follow, 'bob'), 202);
  await eventually(t, 'the Accept arrived', () => got('Accept').some((a) => a.object.id === follow.id));

  const note = (await call(url, 'notes/create', { text: 'hello fediverse' }, alice.token)).createdNote;
  await eventually(t, 'the Create arrived', () => got('Create').some((c) => c.object.id === `${url}/notes/${note.id}`));
  const create = got('Create').find((c) => c.object.id === `${url}/notes/${note.id}`)!;
  t.equal(create.actor, aliceUri);
  t.match(create.object.content, /hello fediverse/);
  t.notOk(
    got('Create').some((c) => c.object.id === `${url}/notes/${quiet.createdNote.id}`),
    'a note from before the follow is not sent',
  );

  const followersOnly = (
    await call(url, 'notes/create', { text: 'for followers', visibility: 'followers' }, alice.token)
  ).createdNote;
  await call(url, 'notes/create', { text: 'stays here', localOnly: true }, alice.token);
  await call(
    url,
    'notes/create',
    { text: 'to nobody remote', visibility: 'specified', visibleUserIds: [] },
    alice.token,
  );
  const renote = (await call(url, 'notes/create', { renoteId: note.id }, alice.token)).createdNote;
  await eventually(t, 'the Announce arrived', () => got('Announce').length === 1);
  t.equal(got('Announce')[0]!.object, `${url}/notes/${note.id}`, 'announcing the renoted note');
  const followersCreate = got('Create').find((c) => c.object.id === `${url}/notes/${followersOnly.id}`);
  t.ok(followersCreate, 'a followers-only note goes to followers');
  t.notOk(JSON.stringify(followersCreate).includes('#Public'), 'addressed without the public collection');
  t.notOk(
    got('Create').some((c) => /stays here|to nobody remote/.test(String(c.object.content))),
    'local-only and specified-to-nobody notes never leave',
  );

  await call(url, 'notes/delete', { noteId: note.id }, alice.token);
  await eventually(t, 'the Delete arrived', () => got('Delete').some((d) => d.object.id === `${url}/notes/${note.id}`));
  await eventually(t, "the renote's Undo arrived with it", () =>
    got('Undo').some((u) => u.object.type === 'Announce' && u.object.id === `${url}/notes/${renote.id}/activity`),
  );

  const remoteNote = {
    '@context': AS_CONTEXT,
    id: peer.newId('notes'),
    type: 'Note',
    attributedTo: peer.actor('bob'),
    content: '<p>a remote note</p>',
    published: new Date().toISOString(),
    to: ['https://www.w3.org/ns/activitystreams#Public'],
  };
  peer.serve(remoteNote);
  const shown = await call(url, 'ap/show', { uri: remoteNote.id }, alice.token);
  await call(url, 'notes/reactions/create', { noteId: shown.object.id, reaction: '👍' }, alice.token);
  await eventually(t, 'the Like arrived', () => got('Like').some((l) => l.object === remoteNote.id));
  const like = got('Like').find((l) => l.object === remoteNote.id)! as Body & { content: string };
  t.equal(like.content, '👍');
  t.equal(like.actor, aliceUri);
  await call(url, 'notes/reactions/delete', { noteId: shown.object.id }, alice.token);
  await eventually(t, 'its Undo arrived', () => got('Undo').some((u) => u.object.id === like.id));

  await call(url, 'i/update', { name: 'Alice Liddell' }, alice.token);
  await eventually(t, 'the Update{Person} arrived', () =>
    got('Update').some((u) => u.object.id === aliceUri && u.object.name === 'Alice Liddell'),
  );

  const bobId = (await call(url, 'ap/show', { uri: peer.actor('bob') }, alice.token)).object.id;
  await call(url, 'blocking/create', { userId: bobId }, alice.token);
  await eventually(t, 'the Block arrived', () => got('Block').some((b) => b.object === peer.actor('bob')));
  const block = got('Block')[0]!;
  await call(url, 'blocking/delete', { userId: bobId }, alice.token);
  await eventually(t, 'its Undo arrived', () => got('Undo').some((u) => u.object.id === block.id));
});

t.test("a vote in a remote poll is sent to the poll's author, as Misskey sends it", async (t) => {
  const peer = await startRemotePeer(t, ['bob']);
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const question = {
    '@context': AS_CONTEXT,
    id: peer.newId('notes'),
    type: 'Question',
    attributedTo: peer.actor('bob'),
    content: '<p>tea or coffee?</p>',
    published: new Date().toISOString(),
    to: ['https://www.w3.org/ns/activitystreams#Public'],
    oneOf: [
      { type: 'Note', name: 'tea', replies: { type: 'Collection', totalItems: 0 } },
      { type: 'Note', name: 'coffee', replies: { type: 'Collection', totalItems: 0 } },
    ],
    endTime: new Date(Date.now() + 3_600_000).toISOString(),
  };
  peer.serve(question);
  const shown = await call(url, 'ap/show', { uri: question.id }, alice.token);
  await call(url, 'notes/polls/vote', { noteId: shown.object.id, choice: 1 }, alice.token);
  type Vote = { id: string; type: string; actor: string; to: string[]; object: Record<string, unknown> };
  const votes = () =>
    peer.received
      .map((r) => r.body as Vote | null)
      .filter((b): b is Vote => b?.type === 'Create' && b.object.inReplyTo === question.id);
  await eventually(t, 'the vote arrived', () => votes().length === 1);
  const vote = votes()[0]!;
  const aliceUri = `${url}/users/${alice.id}`;
  t.equal(vote.actor, aliceUri);
  t.same(vote.to, [peer.actor('bob')], "addressed to the poll's author only");
  t.match(vote.object, { type: 'Note', name: 'coffee', attributedTo: aliceUri, to: [peer.actor('bob')] });
  t.notOk(JSON.stringify(vote).includes('#Public'), 'not public');
});
