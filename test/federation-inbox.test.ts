/**
 * The verified inbox through the real server: POST /inbox and /users/<id>/inbox answer 202 only for
 * an activity whose signature (draft-cavage or RFC 9421) verifies with its actor's key, once it is in
 * the durable queue; the processor drains the queue (entries survive a restart), dedupes by activity
 * id, and unwraps Lemmy's forwarded Announce{activity} by fetching the inner activity from its origin.
 * What was processed is read from the server's LMDB once it has stopped.
 */
import { request } from 'node:http';
import t from 'tap';
import { openStore, type Store } from '../src/store/index.js';
import { until } from './helpers/assert.js';
import { startRemotePeer } from './helpers/remote-peer.js';
import { call, http, type Server, signup, sleep, startServer } from './helpers/server.js';

const ENV = { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' };

/** Reads the stopped server's store. */
async function withStore<T>(dataDir: string, read: (store: Store) => T): Promise<T> {
  const store = openStore({ path: dataDir, mapSizeMb: 1024 });
  try {
    return read(store);
  } finally {
    await store.close();
  }
}

/** POSTs `chunks` without a Content-Length (chunked); answers the status, which may come before the body is sent. */
function postChunked(url: string, chunks: Buffer[]): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/activity+json' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.setTimeout(15_000, () => req.destroy());
    // the server may close the connection while the rest is being written
    req.on('error', () => resolve(null));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

t.test('the inbox', async (t) => {
  const peer = await startRemotePeer(t, ['bob', 'community', 'ghost', 'mallory']);
  let server: Server = await startServer({ env: ENV });
  t.teardown(() => server.stop());
  const admin = await signup(server.url, 'boss');
  const alice = await signup(server.url, 'alice');
  const inbox = () => `${server.url}/inbox`;
  const note = (content: string) => ({
    id: peer.newId('notes'),
    type: 'Note',
    attributedTo: peer.actor('bob'),
    content,
    to: ['https://www.w3.org/ns/activitystreams#Public'],
  });
  const accepted: string[] = [];

  await t.test(
    'a signed activity of a never-seen type is accepted, in either scheme and at either inbox',
    async (t) => {
      const first = peer.activity('bob', 'Frobnicate', note('one'));
      t.equal(await peer.deliver(inbox(), first), 202, 'draft-cavage at the shared inbox');
      const second = peer.activity('bob', 'Frobnicate', note('two'));
      t.equal(await peer.deliver(`${server.url}/users/${alice.id}/inbox`, second, 'bob', { scheme: 'rfc9421' }), 202);
      accepted.push(first.id as string, second.id as string);
      const shown = await call(server.url, 'users/show', { username: 'bob', host: peer.host });
      t.equal(shown.uri, peer.actor('bob'), 'the verified sender is a stored remote user');
    },
  );

  await t.test('status codes', async (t) => {
    const create = () => peer.activity('bob', 'Create', note('hi'));
    const post = (path: string, headers: Record<string, string>, body: BodyInit) =>
      http(server.url, path, { method: 'POST', headers, body }).then((res) => res.status);
    t.equal(await peer.deliver(`${server.url}/users/0000000000000000/inbox`, create()), 404, 'no such user');
    t.equal(await peer.deliver(`${server.url}/users/not-an-id!/inbox`, create()), 404);
    const dan = await signup(server.url, 'dan');
    await call(server.url, 'admin/suspend-user', { userId: dan.id }, admin.token);
    t.equal(await peer.deliver(`${server.url}/users/${dan.id}/inbox`, create()), 410, 'a suspended user');
    t.equal(await peer.deliver(inbox(), create(), 'bob', { contentType: 'text/plain' }), 415);
    t.equal(await peer.deliver(inbox(), create(), 'bob', { contentType: 'application/ld+json; profile="x"' }), 202);
    t.equal(await peer.deliver(inbox(), create(), 'bob', { contentType: 'application/json' }), 202);
    const huge = JSON.stringify({ ...create(), content: 'x'.repeat(1024 * 1024) });
    t.equal(await post('/inbox', { 'Content-Type': 'application/activity+json' }, huge), 413, 'declared too large');
    const streamed = await postChunked(inbox(), [Buffer.alloc(600 * 1024, 0x20), Buffer.alloc(600 * 1024, 0x20)]);
    t.equal(streamed, 413, 'too large while streaming (no Content-Length)');
    t.equal(await peer.deliver(inbox(), create(), 'bob', { unsigned: true }), 401, 'unsigned');
    t.equal(await peer.deliver(inbox(), create(), 'bob', { sentBody: JSON.stringify(create()) }), 401, 'bad digest');
    t.equal(
      await post('/inbox', { 'Content-Type': 'application/activity+json' }, '{"type":"Create"}'),
      401,
      'unsigned, whatever it says',
    );
    t.equal((await http(server.url, '/inbox')).status, 405, 'GET');
  });

  await t.test('a blocked host is refused before anything is fetched', async (t) => {
    const blocked = await startRemotePeer(t, ['eve'], { hostname: 'localhost' });
    await call(server.url, 'admin/update-meta', { blockedHosts: ['localhost'] }, admin.token);
    t.teardown(() => call(server.url, 'admin/update-meta', { blockedHosts: [] }, admin.token));
    t.equal(await blocked.deliver(inbox(), blocked.activity('eve', 'Create', 'x')), 403);
    t.same(blocked.fetched, [], 'no fetch');
  });

  await t.test('a Delete from an actor never seen is accepted without fetching it', async (t) => {
    const fetchedBefore = peer.fetched.length;
    const del = peer.activity('ghost', 'Delete', peer.actor('ghost'));
    t.equal(await peer.deliver(inbox(), del), 202);
    t.same(peer.fetched.slice(fetchedBefore), [], 'the actor was not fetched');
    accepted.push(`never queued ${del.id}`);
  });

  const forwarded = (inner: Record<string, unknown>) => peer.activity('community', 'Announce', inner);

  await t.test("Lemmy's Announce{activity} is unwrapped: the inner activity is fetched from its origin", async (t) => {
    const inner = peer.activity('bob', 'Create', note('from a community'));
    peer.serve(inner);
    const announce = forwarded(inner);
    t.equal(await peer.deliver(inbox(), announce), 202);
    const innerPath = new URL(inner.id as string).pathname;
    t.ok(await until(() => peer.fetched.includes(innerPath)), 'the inner activity was fetched by its id');
    t.equal(await peer.deliver(inbox(), announce), 202, 'the same activity again is accepted');
    await sleep(500);
    t.equal(peer.fetched.filter((p) => p === innerPath).length, 1, 'and applied once');
    accepted.push(announce.id as string, inner.id as string);
  });

  await t.test('pending entries are processed after a restart', async (t) => {
    t.equal(await server.stop(), 0, 'a clean stop');
    const inner = peer.activity('bob', 'Like', note('liked'));
    peer.serve(inner);
    const announce = forwarded(inner);
    const { dataDir } = server;
    const community = await withStore(dataDir, (store) => store.remoteActors.get(peer.actor('community')));
    t.ok(community, 'the forwarding actor is known from before');
    await withStore(dataDir, (store) =>
      store.inboxQueue.enqueue({
        activityId: announce.id as string,
        type: 'Announce',
        actorUri: peer.actor('community'),
        actorUserId: community!.userId,
        json: JSON.stringify(announce),
        receivedAt: Date.now(),
        attempts: 0,
      }),
    );
    server = await startServer({ dataDir, env: ENV });
    const innerPath = new URL(inner.id as string).pathname;
    t.ok(await until(() => peer.fetched.includes(innerPath)), 'the queued Announce was processed');
    accepted.push(announce.id as string, inner.id as string);
  });

  await t.test('every accepted activity was processed and remembered; the queue is empty', async (t) => {
    await sleep(500);
    t.equal(await server.stop(), 0);
    await withStore(server.dataDir, (store) => {
      t.equal(store.inboxQueue.pending(), 0);
      for (const id of accepted) {
        if (id.startsWith('never queued ')) t.notOk(store.inboxQueue.hasSeen(id.slice(13)), 'dropped, not queued');
        else t.ok(store.inboxQueue.hasSeen(id), id);
      }
    });
  });
});
