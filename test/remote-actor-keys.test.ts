/**
 * The remote actor cache over real LMDB and real actors (in-process), against a local HTTP server:
 * a key id finds its actor, a rotated key is picked up only on a refresh after a failure (and at most
 * once a minute), GoToSocial's key stubs lead to their owner, keys of another origin are refused, and a
 * failed fetch is not repeated for a while.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { FederationUrls, fetchApDocument, GuardedFetcher, RemoteActorService } from '../src/federation/index.js';
import { openStore } from '../src/store/index.js';
import { inProcessActors } from './helpers/actors.js';
import { tempDir } from './helpers/server.js';

const pem = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  }).publicKey;

t.test('remote actor keys', async (t) => {
  let origin = '';
  let key = pem();
  let failing = false;
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    hits.set(req.url!, (hits.get(req.url!) ?? 0) + 1);
    if (failing) return res.writeHead(500).end();
    const actor = (name: string, keyId: string) => ({
      '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
      id: `${origin}/users/${name}`,
      type: 'Person',
      preferredUsername: name,
      inbox: `${origin}/users/${name}/inbox`,
      publicKey: { id: keyId, owner: `${origin}/users/${name}`, publicKeyPem: key },
    });
    const send = (doc: unknown) =>
      res.writeHead(200, { 'Content-Type': 'application/activity+json' }).end(JSON.stringify(doc));
    if (req.url === '/users/ann') return send(actor('ann', `${origin}/users/ann#main-key`));
    if (req.url === '/users/gts') return send(actor('gts', `${origin}/users/gts/main-key`));
    if (req.url === '/users/gts/main-key')
      return send({ id: `${origin}/users/gts/main-key`, owner: `${origin}/users/gts`, publicKeyPem: key });
    if (req.url === '/users/thief/main-key')
      return send({ id: `${origin}/users/thief/main-key`, owner: 'https://victim.example/users/v', publicKeyPem: key });
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const dataDir = tempDir('flock-remote-');
  const mailboxes = inProcessActors(t, { dataDir });
  const store = openStore({ path: dataDir, mapSizeMb: 64 });
  const fetcher = new GuardedFetcher({ allowedNetworks: ['127.0.0.0/8'] });
  t.teardown(() => fetcher.close());
  const remote = new RemoteActorService({
    store,
    mailboxes,
    urls: new FederationUrls('http://flock.example'),
    fetcher,
    fetchDocument: (url) => fetchApDocument(fetcher, url),
    webFingerScheme: () => 'http',
  });

  const keyId = `${origin}/users/ann#main-key`;
  const first = await remote.keyOf(keyId);
  t.equal(first?.uri, `${origin}/users/ann`);
  t.equal(first?.publicKeyPem, key);
  const user = store.users.get(first!.userId);
  t.same([user?.username, user?.host, user?.uri], ['ann', new URL(origin).host, `${origin}/users/ann`]);

  const oldKey = key;
  key = pem();
  t.equal((await remote.keyOf(keyId))?.publicKeyPem, oldKey, 'without a refresh the cached key is used');
  t.equal(hits.get('/users/ann'), 1);
  t.equal((await remote.keyOf(keyId, true))?.publicKeyPem, key, 'a refresh after a failure picks up the new key');
  t.equal(hits.get('/users/ann'), 2);
  t.equal(store.users.get(first!.userId)?.id, first!.userId, 'still the same user');
  await remote.keyOf(keyId, true);
  t.equal(hits.get('/users/ann'), 2, 'a second refresh within a minute is not fetched');

  const gts = await remote.keyOf(`${origin}/users/gts/main-key`);
  t.equal(gts?.uri, `${origin}/users/gts`, 'a GoToSocial key stub leads to its owner');
  t.equal(await remote.keyOf(`${origin}/users/thief/main-key`), null, 'a key claiming an owner elsewhere is refused');

  failing = true;
  await t.rejects(remote.resolve(`${origin}/users/bea`), 'a failing server');
  const before = hits.get('/users/bea');
  await t.rejects(remote.resolve(`${origin}/users/bea`), 'and again');
  t.equal(hits.get('/users/bea'), before, 'the failure was remembered, not fetched again');
  await t.rejects(remote.resolve('http://flock.example/users/x'), 'a local URI is never fetched');
});
