/** Actor and note documents over HTTP: content negotiation, their shape, keys, visibility and collections. */
import { createPublicKey } from 'node:crypto';
import t from 'tap';
import { call, http, post, signup, startServer } from './helpers/server.js';

const AS = { Accept: 'application/activity+json' };
const LD = { Accept: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' };
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

t.test('documents', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  await call(
    url,
    'i/update',
    {
      name: 'Alice <b>A</b>',
      description: 'hello @bob #cats <script>alert(1)</script>',
      fields: [{ name: 'site', value: 'https://alice.example' }],
      isLocked: true,
    },
    alice.token,
  );
  const actor = `${url}/users/${alice.id}`;

  await t.test('the actor document is a Person with inboxes, collections, key and profile', async (t) => {
    const res = await http(url, `/users/${alice.id}`, { headers: AS });
    t.equal(res.status, 200);
    t.match(res.headers.get('content-type'), /^application\/activity\+json/);
    t.match(res.headers.get('vary'), /Accept/);
    const p = res.body;
    t.same(p['@context'].slice(0, 2), ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1']);
    t.equal(typeof p['@context'][2], 'object', 'extension terms inline');
    t.equal(p.type, 'Person');
    t.equal(p.id, actor);
    t.equal(p.preferredUsername, 'alice');
    t.equal(p.inbox, `${actor}/inbox`);
    t.equal(p.outbox, `${actor}/outbox`);
    t.equal(p.followers, `${actor}/followers`);
    t.equal(p.following, `${actor}/following`);
    t.equal(p.featured, `${actor}/collections/featured`);
    t.equal(p.endpoints.sharedInbox, `${url}/inbox`);
    t.equal(p.url, `${url}/@alice`);
    t.equal(p.name, 'Alice <b>A</b>');
    t.equal(p.manuallyApprovesFollowers, true);
    t.notMatch(p.summary, '<script>', 'the bio is escaped');
    t.match(p.summary, `<a href="${url}/@bob" class="u-url mention">@bob</a>`);
    t.match(p.summary, 'rel="tag"');
    t.same(p.tag, [{ type: 'Hashtag', href: `${url}/tags/cats`, name: '#cats' }]);
    t.same(p.attachment, [
      {
        type: 'PropertyValue',
        name: 'site',
        value: '<a href="https://alice.example" rel="me nofollow noopener" target="_blank">https://alice.example</a>',
      },
    ]);
    t.equal(p.publicKey.id, `${actor}#main-key`);
    t.equal(p.publicKey.owner, actor);
    const key = createPublicKey(p.publicKey.publicKeyPem);
    t.equal(key.asymmetricKeyType, 'rsa');
    t.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
    t.notMatch(res.text, 'PRIVATE KEY', 'no private key in the document');
    const byLd = await http(url, `/users/${alice.id}`, { headers: LD });
    t.equal(byLd.body.publicKey.publicKeyPem, p.publicKey.publicKeyPem, 'ld+json with the AS profile gets it too');
    const byName = await http(url, '/@alice', { headers: AS });
    t.equal(byName.body.id, actor, '/@name answers the actor too');
  });

  await t.test('concurrent first fetches get one key, kept across a profile change', async (t) => {
    const fetches = await Promise.all(Array.from({ length: 8 }, () => http(url, `/users/${bob.id}`, { headers: AS })));
    const pems = new Set(fetches.map((r) => r.body.publicKey.publicKeyPem));
    t.equal(pems.size, 1);
    await call(url, 'i/update', { name: 'Bobby', isBot: true }, bob.token);
    const after = await http(url, `/users/${bob.id}`, { headers: AS });
    t.equal(after.body.name, 'Bobby', 'the cached document was dropped on the update');
    t.equal(after.body.type, 'Service', 'a bot is a Service');
    t.equal(after.body.publicKey.publicKeyPem, [...pems][0]);
  });

  await t.test('browsers get an escaped HTML page pointing at the document', async (t) => {
    for (const path of [`/users/${alice.id}`, '/@alice']) {
      const res = await http(url, path, { headers: { Accept: 'text/html,application/xhtml+xml' } });
      t.equal(res.status, 200);
      t.match(res.headers.get('content-type'), /^text\/html/);
      t.match(res.headers.get('vary'), /Accept/);
      t.match(res.text, `<link rel="alternate" type="application/activity+json" href="${actor}">`);
      t.match(res.text, '<meta property="og:title" content="Alice &lt;b&gt;A&lt;/b&gt;');
      t.notMatch(res.text, '<script>');
    }
  });

  await t.test('unknown actors are 404', async (t) => {
    t.equal((await http(url, '/users/0000000000000000', { headers: AS })).status, 404);
    t.equal((await http(url, '/@nobody', { headers: AS })).status, 404);
    t.equal((await http(url, '/@alice@elsewhere.example', { headers: AS })).status, 404);
    t.equal((await http(url, '/users/..%2f', { headers: AS })).status, 404);
  });

  await t.test('the instance actor is an Application with its own key', async (t) => {
    const res = await http(url, '/actor', { headers: AS });
    t.equal(res.body.type, 'Application');
    t.equal(res.body.id, `${url}/actor`);
    t.equal(res.body.publicKey.id, `${url}/actor#main-key`);
    createPublicKey(res.body.publicKey.publicKeyPem);
  });

  await t.test('notes: addressed by visibility; followers-only and specified are never served unsigned', async (t) => {
    const pub = await post(url, alice.token, { text: 'hi @bob #Tag https://x.example/?a=1&b=2', cw: 'careful' });
    const home = await post(url, alice.token, { text: 'home', visibility: 'home' });
    const followers = await post(url, alice.token, { text: 'secret', visibility: 'followers' });
    const specified = await post(url, alice.token, {
      text: 'for bob',
      visibility: 'specified',
      visibleUserIds: [bob.id],
    });
    const localOnly = await post(url, alice.token, { text: 'local', localOnly: true });
    const quote = await post(url, bob.token, { text: 'quoting', renoteId: pub.id });
    const poll = await post(url, bob.token, { text: 'which', poll: { choices: ['a', 'b'], multiple: true } });

    const n = (await http(url, `/notes/${pub.id}`, { headers: AS })).body;
    t.equal(n.type, 'Note');
    t.equal(n.id, `${url}/notes/${pub.id}`);
    t.equal(n.attributedTo, actor);
    t.same(n.to, [PUBLIC]);
    t.same(n.cc, [`${actor}/followers`, `${url}/users/${bob.id}`]);
    t.equal(n.summary, 'careful');
    t.equal(n.sensitive, true);
    t.equal(n._misskey_content, 'hi @bob #Tag https://x.example/?a=1&b=2');
    t.match(n.content, '<a href="https://x.example/?a=1&amp;b=2"');
    t.same(n.tag, [
      { type: 'Mention', href: `${url}/users/${bob.id}`, name: '@bob' },
      { type: 'Hashtag', href: `${url}/tags/tag`, name: '#tag' },
    ]);
    const h = (await http(url, `/notes/${home.id}`, { headers: AS })).body;
    t.same([h.to, h.cc], [[`${actor}/followers`], [PUBLIC]], 'home: followers, Public in cc');
    for (const hidden of [followers, specified, localOnly])
      t.equal((await http(url, `/notes/${hidden.id}`, { headers: AS })).status, 404, hidden.text);
    const q = (await http(url, `/notes/${quote.id}`, { headers: AS })).body;
    for (const field of ['_misskey_quote', 'quoteUrl', 'quoteUri', 'quote'])
      t.equal(q[field], `${url}/notes/${pub.id}`, field);
    const question = (await http(url, `/notes/${poll.id}`, { headers: AS })).body;
    t.equal(question.type, 'Question');
    t.same(
      question.anyOf.map((c: { name: string }) => c.name),
      ['a', 'b'],
    );
    const page = await http(url, `/notes/${pub.id}`, { headers: { Accept: 'text/html' } });
    t.match(page.headers.get('content-type'), /^text\/html/);
    t.match(page.text, `href="${url}/notes/${pub.id}"`);
  });

  await t.test('outbox, followers, following and featured are OrderedCollections with pages', async (t) => {
    const carol = await signup(url, 'carol');
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) ids.push((await post(url, carol.token, `note ${i}`)).id);
    await post(url, carol.token, { text: 'hidden', visibility: 'followers' });
    await post(url, carol.token, { renoteId: ids[0] });
    await call(url, 'following/create', { userId: carol.id }, bob.token);
    await call(url, 'i/pin', { noteId: ids[3] }, carol.token);
    const base = `${url}/users/${carol.id}`;
    const outbox = (await http(url, `/users/${carol.id}/outbox`, { headers: AS })).body;
    t.equal(outbox.type, 'OrderedCollection');
    t.equal(outbox.totalItems, 25);
    t.equal(outbox.first, `${base}/outbox?page=true`);
    const first = (await http(url, `/users/${carol.id}/outbox?page=true`, { headers: AS })).body;
    t.equal(first.type, 'OrderedCollectionPage');
    t.equal(first.orderedItems.length, 20);
    t.equal(first.orderedItems[0].type, 'Announce', 'the renote, newest first');
    t.equal(first.orderedItems[0].object, `${url}/notes/${ids[0]}`);
    t.equal(first.orderedItems[1].type, 'Create');
    t.equal(first.orderedItems[1].object.content, '<p>note 22</p>');
    t.notOk(JSON.stringify(first).includes('hidden'), 'no followers-only note');
    const second = (await http(url, first.next.slice(url.length), { headers: AS })).body;
    t.equal(second.orderedItems.length, 4);
    t.notOk(second.next, 'the last page');
    const followers = (await http(url, `/users/${carol.id}/followers?page=true`, { headers: AS })).body;
    t.same(followers.orderedItems, [`${url}/users/${bob.id}`]);
    const following = (await http(url, `/users/${bob.id}/following`, { headers: AS })).body;
    t.equal(following.totalItems, 1);
    const featured = (await http(url, `/users/${carol.id}/collections/featured`, { headers: AS })).body;
    t.same(
      featured.orderedItems.map((n: { id: string }) => n.id),
      [`${url}/notes/${ids[3]}`],
    );
    await call(url, 'i/update', { followersVisibility: 'private' }, carol.token);
    t.equal((await http(url, `/users/${carol.id}/followers?page=true`, { headers: AS })).status, 403);
    t.equal((await http(url, `/users/${carol.id}/outbox?page=true&until_id=%3Cx`, { headers: AS })).status, 400);
  });

  await t.test('a deleted note is gone from its cached document', async (t) => {
    const note = await post(url, alice.token, 'soon gone');
    t.equal((await http(url, `/notes/${note.id}`, { headers: AS })).status, 200);
    await call(url, 'notes/delete', { noteId: note.id }, alice.token);
    t.equal((await http(url, `/notes/${note.id}`, { headers: AS })).status, 404);
  });

  await t.test('a suspended account is gone (410) and its notes are not served; unsuspended, it is back', async (t) => {
    const dan = await signup(url, 'dan');
    const note = await post(url, dan.token, 'before');
    t.equal((await http(url, `/users/${dan.id}`, { headers: AS })).status, 200);
    // alice signed up first: she is the instance's root
    await call(url, 'admin/suspend-user', { userId: dan.id }, alice.token);
    const host = new URL(url).host;
    t.equal((await http(url, `/.well-known/webfinger?resource=acct:dan@${host}`)).status, 410);
    t.equal((await http(url, `/users/${dan.id}`, { headers: AS })).status, 410);
    t.equal((await http(url, '/@dan', { headers: AS })).status, 410);
    t.equal((await http(url, `/notes/${note.id}`, { headers: AS })).status, 404);
    await call(url, 'admin/unsuspend-user', { userId: dan.id }, alice.token);
    t.equal((await http(url, `/users/${dan.id}`, { headers: AS })).status, 200);
  });
});
