/**
 * Remote notes fetched through ap/show from a real peer server (test/helpers/lemmy-peer.ts serves
 * documents at their ids): stored once per uri as notes of the remote author, with their text
 * converted from sanitised HTML, in the global timeline (not the local one), notes/show and users/notes;
 * Questions as polls, Pages with their title and link, attachments as remote drive files, a reply to
 * a local note among its children, and a reply's unknown parent fetched with it.
 */
import t from 'tap';
import { ids } from './helpers/assert.js';
import { AS_PUBLIC, startLemmyPeer } from './helpers/lemmy-peer.js';
import { api, call, post, signup, startServer } from './helpers/server.js';

t.test('remote notes by ap/show', async (t) => {
  const peer = await startLemmyPeer(t, 'tenforward', ['picard', 'riker']);
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const picard = peer.user('picard');
  const note = (fields: Record<string, unknown>) => {
    const doc = {
      id: peer.newId('post'),
      type: 'Note',
      attributedTo: picard,
      to: [AS_PUBLIC],
      cc: [`${picard}/followers`],
      published: '2026-01-02T03:04:05Z',
      ...fields,
    };
    peer.serve(doc);
    return doc;
  };
  const show = async (uri: string) => call(url, 'ap/show', { uri }, alice.token);

  await t.test('a Note: sanitised text, uri, url and its remote author', async (t) => {
    const doc = note({
      url: `${peer.origin}/post/hello`,
      content:
        '<p>Hello <span class="h-card"><a href="' +
        peer.user('riker') +
        '" class="u-url mention">@<span>riker</span></a></span> <script>alert(1)</script><style>p{color:red}</style>' +
        '<b onclick="steal()">bold</b> <a href="https://example.com/x" onmouseover="x()">a link</a> ' +
        '<a href="https://example.com/y">https://example.com/y</a> ' +
        '<a href="' +
        peer.origin +
        '/tags/cats" class="mention hashtag" rel="tag">#<span>cats</span></a></p><p>line two &amp; more<br>line three</p>',
      tag: [
        { type: 'Hashtag', name: '#Cats', href: `${peer.origin}/tags/cats` },
        { type: 'Hashtag', name: '#bad\u0001tag' },
        { type: 'Hashtag', name: '#2026' },
        { type: 'Hashtag', name: `#${'x'.repeat(200)}` },
      ],
    });
    const shown = await show(doc.id);
    t.equal(shown.type, 'Note');
    const object = shown.object;
    t.equal(
      object.text,
      `Hello @riker@${peer.host} **bold** [a link](https://example.com/x) https://example.com/y #cats\n\nline two & more\nline three`,
    );
    t.notMatch(object.text, /script|alert|style|color|onclick|steal|onmouseover/);
    t.match(object, { uri: doc.id, url: `${peer.origin}/post/hello`, visibility: 'public', tags: ['cats'] });
    t.same(object.tags, ['cats'], 'hashtags lower-cased; control characters, numbers and overlong names dropped');
    t.equal(object.createdAt, '2026-01-02T03:04:05.000Z', 'created when it was published');
    t.match(object.user, { username: 'picard', host: peer.host, uri: picard });

    const again = await show(doc.id);
    t.equal(again.object.id, object.id, 'the same uri is one note');
    t.same(ids(await call(url, 'users/notes', { userId: object.user.id }, alice.token)), [object.id], 'stored once');
    t.match(await call(url, 'notes/show', { noteId: object.id }, alice.token), { uri: doc.id, text: object.text });
    t.ok(ids(await call(url, 'notes/global-timeline', {}, alice.token)).includes(object.id), 'in the global timeline');
    t.notOk(ids(await call(url, 'notes/local-timeline', {}, alice.token)).includes(object.id), 'not the local one');
    t.ok(ids(await call(url, 'notes/search-by-tag', { tag: 'cats' }, alice.token)).includes(object.id), 'by its tag');
  });

  await t.test('Misskey source wins over HTML; summary is the cw; addressing is visibility', async (t) => {
    const doc = note({
      content: '<p>html version</p>',
      _misskey_content: '**MFM** version $[x2 big]',
      source: { content: '**MFM** version $[x2 big]', mediaType: 'text/x.misskeymarkdown' },
      summary: 'spoilers',
      to: [`${picard}/followers`],
      cc: [AS_PUBLIC],
    });
    const { object } = await show(doc.id);
    t.match(object, { text: '**MFM** version $[x2 big]', cw: 'spoilers', visibility: 'home' });
    t.notOk(ids(await call(url, 'notes/global-timeline', {}, alice.token)).includes(object.id), 'home: not public');
    const followers = note({ content: '<p>for followers</p>', to: [`${picard}/followers`], cc: [] });
    const hidden = (await show(followers.id)).object;
    t.match(hidden, { visibility: 'followers', isHidden: true, text: null }, 'hidden from a non-follower');
  });

  await t.test('a Question is a poll with its counts', async (t) => {
    const doc = note({
      type: 'Question',
      content: '<p>Which ship?</p>',
      oneOf: [
        { type: 'Note', name: 'Enterprise', replies: { type: 'Collection', totalItems: 7 } },
        { type: 'Note', name: 'Defiant', replies: { type: 'Collection', totalItems: 2 } },
      ],
      endTime: '2099-01-01T00:00:00Z',
    });
    const { object } = await show(doc.id);
    t.equal(object.text, 'Which ship?');
    t.match(object.poll, {
      multiple: false,
      expiresAt: '2099-01-01T00:00:00.000Z',
      choices: [
        { text: 'Enterprise', votes: 7 },
        { text: 'Defiant', votes: 2 },
      ],
    });
  });

  await t.test('a Lemmy Page: its name first, then its link, then its text', async (t) => {
    const doc = note({
      type: 'Page',
      name: 'Warp core breach',
      content: '<p>Eject it!</p>',
      attachment: [{ type: 'Link', href: 'https://example.com/article' }],
    });
    const { object } = await show(doc.id);
    t.equal(object.text, 'Warp core breach\nhttps://example.com/article\n\nEject it!');
  });

  await t.test('attachments are drive files of the remote author, kept as links', async (t) => {
    const doc = note({
      content: '<p>look</p>',
      sensitive: true,
      attachment: [
        { type: 'Document', mediaType: 'image/png', url: `${peer.origin}/media/a.png`, name: 'a photo' },
        { type: 'Image', url: `${peer.origin}/media/b.jpg` },
      ],
    });
    const { object } = await show(doc.id);
    t.equal(object.files.length, 2);
    t.match(object.files[0], { type: 'image/png', comment: 'a photo', isSensitive: true });
    t.equal(object.files[1].type, 'image/jpeg');
    t.same(object.fileIds, [object.files[0].id, object.files[1].id]);
  });

  await t.test('a reply to a local note is among its children; an unknown parent is fetched', async (t) => {
    const local = await post(url, alice.token, 'a local note');
    const reply = note({ content: '<p>replying</p>', inReplyTo: `${url}/notes/${local.id}` });
    const { object } = await show(reply.id);
    t.equal(object.replyId, local.id);
    t.same(ids(await call(url, 'notes/children', { noteId: local.id }, alice.token)), [object.id]);
    t.equal((await call(url, 'notes/show', { noteId: local.id }, alice.token)).repliesCount, 1);

    const parent = note({ content: '<p>the parent</p>' });
    const child = note({ content: '<p>the child</p>', inReplyTo: parent.id });
    const shown = (await show(child.id)).object;
    t.match(shown.reply, { uri: parent.id, text: 'the parent' }, 'the parent was fetched and stored');
    const missing = note({ content: '<p>orphan</p>', inReplyTo: `${peer.origin}/post/gone` });
    t.equal((await show(missing.id)).object.replyId, null, 'a parent that cannot be fetched is left out');
  });

  await t.test('replies whose parents name each other in a cycle are stored, not waited on for ever', async (t) => {
    const a = peer.newId('post');
    const b = peer.newId('post');
    note({ id: a, content: '<p>a</p>', inReplyTo: b });
    note({ id: b, content: '<p>b</p>', inReplyTo: a });
    const { object } = await show(a);
    t.equal(object.text, 'a');
    t.equal(object.reply.uri, b, 'its parent stored with it');
  });

  await t.test("what is not a note, or not its origin's, is refused", async (t) => {
    const forged = note({ content: '<p>forged</p>', attributedTo: 'https://elsewhere.example/users/x' });
    const res = await api(url, 'ap/show', { uri: forged.id }, alice.token);
    t.equal(res.status, 400);
    t.equal(res.body.error.code, 'NO_SUCH_OBJECT');
  });

  await t.test('a quote names the quoted note, fetched when unknown', async (t) => {
    const quoted = note({ content: '<p>quotable</p>' });
    const quoting = note({ content: '<p>RE: this</p>', _misskey_quote: quoted.id, quoteUrl: quoted.id });
    const { object } = await show(quoting.id);
    t.match(object.renote, { uri: quoted.id, text: 'quotable' });
  });

  await t.test("silenced, blocked and suspended instances' notes", async (t) => {
    const meta = (patch: Record<string, unknown>) => call(url, 'admin/update-meta', patch, alice.token);
    await meta({ silencedHosts: ['127.0.0.1'] });
    const silenced = (await show(note({ content: '<p>from a silenced host</p>' }).id)).object;
    t.equal(silenced.visibility, 'home', "a silenced host's public note is home");
    t.notOk(ids(await call(url, 'notes/global-timeline', {}, alice.token)).includes(silenced.id));
    await meta({ silencedHosts: [], blockedHosts: ['127.0.0.1'] });
    const before = peer.fetched.length;
    const blocked = await api(url, 'ap/show', { uri: note({ content: '<p>blocked</p>' }).id }, alice.token);
    t.equal(blocked.body.error.code, 'FEDERATION_NOT_ALLOWED');
    t.equal(peer.fetched.length, before, 'nothing fetched from a blocked host');
    await meta({ blockedHosts: [] });

    const visible = (await show(note({ content: '<p>still here</p>' }).id)).object;
    const global = async () => ids(await call(url, 'notes/global-timeline', { limit: 100 }, alice.token));
    t.ok((await global()).includes(visible.id));
    await call(url, 'admin/suspend-user', { userId: visible.user.id }, alice.token);
    t.notOk((await global()).includes(visible.id), "a suspended remote user's notes are hidden");
    await call(url, 'admin/unsuspend-user', { userId: visible.user.id }, alice.token);
    t.ok((await global()).includes(visible.id), 'and back once unsuspended');
  });
});
