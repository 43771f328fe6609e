/**
 * Remote notes through the verified inbox of the real server, from a real signing peer
 * (test/helpers/remote-peer.ts): Create stores a note of its sender (once per object id, never one
 * attributed to someone else), Update and Delete apply only by the author, Announce is a renote and
 * Undo{Announce} takes it back, Like and EmojiReact count as reactions and Undo takes them back, Dislike
 * is ignored, a reply to a local note is among its children, Add/Remove on `featured` pin and unpin.
 */
import t from 'tap';
import { ids, until } from './helpers/assert.js';
import { AS_PUBLIC, startRemotePeer } from './helpers/remote-peer.js';
import { call, post, signup, sleep, startServer } from './helpers/server.js';

t.test('remote notes through the inbox', async (t) => {
  const peer = await startRemotePeer(t, ['bob', 'mallory']);
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const inbox = `${url}/inbox`;
  const alice = await signup(url, 'alice');
  const note = (content: string, fields: Record<string, unknown> = {}) => ({
    id: peer.newId('notes'),
    type: 'Note',
    attributedTo: peer.actor('bob'),
    content,
    to: [AS_PUBLIC],
    cc: [`${peer.actor('bob')}/followers`],
    ...fields,
  });
  const deliver = async (actor: string, type: string, object: unknown, extra: Record<string, unknown> = {}) => {
    const activity = peer.activity(actor, type, object, extra);
    t.equal(await peer.deliver(inbox, activity), 202, `${type} by ${actor} accepted`);
    return activity;
  };
  /** The stored note of an object id, once the processor has applied its activity. */
  const stored = async (uri: string) => {
    let found: any = null;
    await until(async () => {
      const res = await call(url, 'ap/show', { uri }, alice.token).catch(() => null);
      found = res?.type === 'Note' ? res.object : null;
      return found !== null;
    });
    return found;
  };
  const show = (noteId: string) => call(url, 'notes/show', { noteId }, alice.token);
  const bobNotes = async () => {
    const bob = await call(url, 'users/show', { username: 'bob', host: peer.host });
    return ids(await call(url, 'users/notes', { userId: bob.id }, alice.token));
  };

  let first: any;
  await t.test('Create{Note} stores the note of its sender, once', async (t) => {
    const object = note('<p>hello <b onclick="x()">fediverse</b><script>evil()</script></p>');
    await deliver('bob', 'Create', object);
    first = await stored(object.id);
    t.match(first, { uri: object.id, text: 'hello **fediverse**', user: { username: 'bob', host: peer.host } });
    t.ok(ids(await call(url, 'notes/global-timeline', {}, alice.token)).includes(first.id), 'in the global timeline');
    await deliver('bob', 'Create', object);
    await sleep(500);
    t.same(await bobNotes(), [first.id], 'a second Create of the same object is the same note');
  });

  await t.test('a Create of a note attributed to someone else is not stored', async (t) => {
    const forged = note('<p>I am bob</p>');
    await deliver('mallory', 'Create', forged);
    const marker = note('<p>after the forgery</p>');
    await deliver('bob', 'Create', marker);
    await stored(marker.id);
    await sleep(300);
    const bob = await call(url, 'users/show', { username: 'bob', host: peer.host });
    const texts = (await call(url, 'users/notes', { userId: bob.id }, alice.token)).map((n: any) => n.text);
    t.notOk(texts.includes('I am bob'), "not stored as bob's");
    const shown = await call(url, 'ap/show', { uri: peer.actor('mallory') }, alice.token);
    t.same(ids(await call(url, 'users/notes', { userId: shown.object.id }, alice.token)), [], 'mallory has no note');
  });

  await t.test('Update edits only by the author', async (t) => {
    const object = note('<p>first version</p>');
    await deliver('bob', 'Create', object);
    const created = await stored(object.id);
    await deliver('mallory', 'Update', { ...object, content: '<p>defaced</p>', updated: '2030-01-01T00:00:00Z' });
    await deliver('bob', 'Update', { ...object, content: '<p>second version</p>', updated: '2030-01-02T00:00:00Z' });
    t.ok(await until(async () => (await show(created.id)).text === 'second version'), 'the author edited it');
    t.equal((await show(created.id)).updatedAt, '2030-01-02T00:00:00.000Z');
    await deliver('bob', 'Update', { ...object, content: '<p>stale</p>', updated: '2030-01-01T12:00:00Z' });
    await sleep(500);
    t.equal((await show(created.id)).text, 'second version', 'an older edit is ignored');
  });

  await t.test("an Update of a Question brings its poll's counts", async (t) => {
    const choices = (a: number, b: number) => [
      { type: 'Note', name: 'tea', replies: { type: 'Collection', totalItems: a } },
      { type: 'Note', name: 'coffee', replies: { type: 'Collection', totalItems: b } },
    ];
    const question = note('<p>which?</p>', { type: 'Question', oneOf: choices(0, 0), endTime: '2099-01-01T00:00:00Z' });
    await deliver('bob', 'Create', question);
    const created = await stored(question.id);
    await deliver('bob', 'Update', { ...question, oneOf: choices(3, 4), updated: '2031-01-01T00:00:00Z' });
    const votes = async () => (await show(created.id)).poll.choices.map((c: any) => c.votes);
    t.ok(await until(async () => (await votes()).join() === '3,4'), 'the counts of the Update');
  });

  await t.test('a direct note reaches only whom it names', async (t) => {
    const carol = await signup(url, 'carol');
    const aliceUri = `${url}/users/${alice.id}`;
    const dm = note(
      `<p><span class="h-card"><a href="${aliceUri}" class="u-url mention">@<span>alice</span></a></span> psst</p>`,
      { to: [aliceUri], cc: [], tag: [{ type: 'Mention', href: aliceUri, name: '@alice' }] },
    );
    await deliver('bob', 'Create', dm);
    const mentions = () => call(url, 'notes/mentions', {}, alice.token);
    t.ok(await until(async () => (await mentions()).some((n: any) => n.uri === dm.id)), "in alice's mentions");
    const shown = (await mentions()).find((n: any) => n.uri === dm.id);
    t.match(shown, { visibility: 'specified', visibleUserIds: [alice.id], text: `@alice@${new URL(url).host} psst` });
    t.match(await call(url, 'notes/show', { noteId: shown.id }, carol.token), { isHidden: true, text: null });
  });

  await t.test('Delete removes only by the author', async (t) => {
    const object = note('<p>to be deleted</p>');
    await deliver('bob', 'Create', object);
    const created = await stored(object.id);
    await deliver('mallory', 'Delete', { id: object.id, type: 'Tombstone' });
    await sleep(500);
    t.equal((await show(created.id)).id, created.id, 'still there after mallory');
    await deliver('bob', 'Delete', { id: object.id, type: 'Tombstone' });
    t.ok(await until(async () => !(await bobNotes()).includes(created.id)), "gone after the author's Delete");
    await deliver('bob', 'Delete', peer.newId('notes'));
  });

  await t.test('Announce is a renote; Undo{Announce} only by its actor', async (t) => {
    const announce = await deliver('mallory', 'Announce', first.uri);
    t.ok(await until(async () => (await show(first.id)).renoteCount === 1), 'counted as a renote');
    const renotes = await call(url, 'notes/renotes', { noteId: first.id }, alice.token);
    t.equal(renotes.length, 1);
    t.match(renotes[0], { renoteId: first.id, uri: announce.id, user: { username: 'mallory' } });
    await deliver('bob', 'Undo', { id: announce.id, type: 'Announce', actor: peer.actor('bob'), object: first.uri });
    await deliver('bob', 'Undo', { ...announce, '@context': undefined });
    await sleep(500);
    t.equal((await show(first.id)).renoteCount, 1, "bob cannot undo mallory's Announce");
    await deliver('mallory', 'Undo', announce);
    t.ok(await until(async () => (await show(first.id)).renoteCount === 0), 'undone by mallory');
  });

  await t.test('Like and EmojiReact count as reactions; Undo takes them back; Dislike is ignored', async (t) => {
    const like = await deliver('mallory', 'Like', first.uri);
    t.ok(await until(async () => (await show(first.id)).reactions['❤'] === 1), 'a plain Like: the default like');
    await deliver('bob', 'EmojiReact', first.uri, {
      content: ':blobcat:',
      tag: [{ type: 'Emoji', name: ':blobcat:', icon: { type: 'Image', url: `${peer.origin}/emoji/blobcat.png` } }],
    });
    const custom = `:blobcat@${peer.host}:`;
    t.ok(await until(async () => (await show(first.id)).reactions[custom] === 1), 'a custom emoji keeps its name');
    await deliver('mallory', 'Dislike', first.uri);
    await deliver('bob', 'Undo', like);
    await sleep(500);
    t.same(
      (await show(first.id)).reactions,
      { '❤': 1, [custom]: 1 },
      "Dislike and bob's Undo of mallory's Like change nothing",
    );
    await deliver('mallory', 'Undo', like);
    t.ok(await until(async () => (await show(first.id)).reactions['❤'] === undefined), 'undone');
    await deliver('mallory', 'Like', first.uri, { _misskey_reaction: '👍' });
    t.ok(await until(async () => (await show(first.id)).reactions['👍'] === 1), "Misskey's _misskey_reaction");
  });

  await t.test('a reply to a local note is among its children', async (t) => {
    const local = await post(url, alice.token, 'a local note');
    const reply = note('<p>a reply</p>', { inReplyTo: `${url}/notes/${local.id}` });
    await deliver('bob', 'Create', reply);
    const created = await stored(reply.id);
    t.equal(created.replyId, local.id);
    t.same(ids(await call(url, 'notes/children', { noteId: local.id }, alice.token)), [created.id]);
  });

  await t.test("Add and Remove on the sender's featured collection pin and unpin", async (t) => {
    const featured = `${peer.actor('bob')}/collections/featured`;
    const bob = await call(url, 'users/show', { username: 'bob', host: peer.host });
    await deliver('bob', 'Add', first.uri, { target: featured });
    t.ok(
      await until(async () => {
        const shown = await call(url, 'users/show', { userId: bob.id }, alice.token);
        return shown.pinnedNoteIds.includes(first.id);
      }),
      'pinned',
    );
    await deliver('bob', 'Remove', first.uri, { target: featured });
    t.ok(
      await until(
        async () => (await call(url, 'users/show', { userId: bob.id }, alice.token)).pinnedNoteIds.length === 0,
      ),
      'unpinned',
    );
  });

  await t.test("a local follower sees the remote author's notes in its home timeline", async (t) => {
    const bob = await call(url, 'users/show', { username: 'bob', host: peer.host });
    await call(url, 'following/create', { userId: bob.id }, alice.token);
    await deliver('bob', 'Accept', { type: 'Follow', actor: `${url}/users/${alice.id}`, object: peer.actor('bob') });
    const related = async () => (await call(url, 'users/relation', { userId: bob.id }, alice.token)).isFollowing;
    t.ok(await until(related), 'following');
    const object = note('<p>for my followers</p>', { to: [`${peer.actor('bob')}/followers`], cc: [] });
    await deliver('bob', 'Create', object);
    const timeline = async () => call(url, 'notes/timeline', {}, alice.token);
    t.ok(await until(async () => (await timeline()).some((n: any) => n.uri === object.id)), 'in the home timeline');
    const shown = (await timeline()).find((n: any) => n.uri === object.id);
    t.match(shown, { text: 'for my followers', visibility: 'followers', user: { host: peer.host } });
  });
});
