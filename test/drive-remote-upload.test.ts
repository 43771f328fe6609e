/**
 * drive/files/upload-from-url and ap/get through the real server, against a real node:http server on
 * 127.0.0.1: the file is downloaded in the background (answered 204 at once), its type detected from
 * the bytes and stored as an upload; redirects are followed; too large, failing and private-address
 * downloads leave nothing; ap/get answers a remote document fetched with the instance actor's
 * signature, and Misskey's errors when it cannot.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { filesOnDisk, jpeg, noisePng } from './helpers/drive.js';
import { api, call, type Server, signup, startServer } from './helpers/server.js';

/** The server's log line about user `userId`'s upload from a URL (stored or failed), waited for. */
async function outcome(server: Server, userId: string): Promise<string> {
  const line = await server.waitForLine(new RegExp(`"userId":"${userId}".*upload from a URL (stored|failed)`), 20_000);
  if (line === null) throw new Error(`Expected an upload-from-url outcome for ${userId}; log:\n${server.logs()}`);
  return line;
}

t.test('upload from a URL and ap/get', async (t) => {
  const image = await jpeg(64, 48);
  const big = await noisePng(700, 700);
  const requests: IncomingMessage[] = [];
  let origin = '';
  const remote = createServer((req, res) => {
    requests.push(req);
    if (req.url === '/media/photo.jpg')
      return res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': image.length }).end(image);
    if (req.url === '/go') return res.writeHead(302, { Location: '/media/photo.jpg' }).end();
    // no declared length: the limit must stop the stream itself
    if (req.url === '/big.png') return res.writeHead(200, { 'Content-Type': 'image/png' }).end(big);
    if (req.url === '/notes/1')
      return res.writeHead(200, { 'Content-Type': 'application/activity+json' }).end(
        JSON.stringify({
          '@context': 'https://www.w3.org/ns/activitystreams',
          id: `${origin}/notes/1`,
          type: 'Note',
          content: '<p>hello</p>',
        }),
      );
    if (req.url === '/html') return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>not AS</p>');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
  t.teardown(() => new Promise<void>((resolve) => remote.close(() => resolve())));

  const server = await startServer({
    env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8', FLOCK_LOG_LEVEL: 'info', FLOCK_MAX_FILE_SIZE_MB: '1' },
  });
  t.teardown(() => server.stop());
  const url = server.url;
  const admin = await signup(url, 'boss');

  await t.test('the file appears in the drive, checked and stored as an upload', async (t) => {
    const alice = await signup(url, 'alice');
    const folder = await call(url, 'drive/folders/create', { name: 'web' }, alice.token);
    const res = await api(
      url,
      'drive/files/upload-from-url',
      { url: `${origin}/go`, folderId: folder.id, comment: 'from the web', isSensitive: true, marker: 'm1' },
      alice.token,
    );
    t.equal(res.status, 204, 'answered at once, as Misskey does');
    t.match(await outcome(server, alice.id), /stored/);
    const files = await call(url, 'drive/files', { folderId: folder.id }, alice.token);
    t.equal(files.length, 1);
    t.match(files[0], {
      name: 'photo.jpg',
      type: 'image/jpeg',
      size: image.length,
      md5: createHash('md5').update(image).digest('hex'),
      comment: 'from the web',
      isSensitive: true,
      properties: { width: 64, height: 48 },
    });
    t.type(files[0].thumbnailUrl, 'string', 'a thumbnail was made');
    const served = Buffer.from(await (await fetch(files[0].url)).arrayBuffer());
    t.ok(served.equals(image), 'the bytes are served back');
    const download = requests.find((r) => r.url === '/media/photo.jpg')!;
    t.equal(download.headers.signature, undefined, 'media downloads are not signed');
  });

  await t.test('too large, missing or refused downloads leave nothing', async (t) => {
    const bob = await signup(url, 'bob');
    t.equal((await api(url, 'drive/files/upload-from-url', { url: `${origin}/big.png` }, bob.token)).status, 204);
    t.match(await outcome(server, bob.id), /larger than/);
    const carol = await signup(url, 'carol');
    t.equal((await api(url, 'drive/files/upload-from-url', { url: `${origin}/nothing` }, carol.token)).status, 204);
    t.match(await outcome(server, carol.id), /answered 404/);
    for (const user of [bob, carol]) t.same(await call(url, 'drive/stream', {}, user.token), []);
    t.same(filesOnDisk(server.dataDir).temporary, [], 'no partial download left');
  });

  await t.test('bad input is refused before anything is fetched', async (t) => {
    const dave = await signup(url, 'dave');
    const before = requests.length;
    isApiError(
      t,
      await api(url, 'drive/files/upload-from-url', { url: 'not a url' }, dave.token),
      400,
      'INVALID_PARAM',
    );
    isApiError(
      t,
      await api(url, 'drive/files/upload-from-url', { url: 'file:///etc/passwd' }, dave.token),
      400,
      'INVALID_PARAM',
    );
    isApiError(
      t,
      await api(url, 'drive/files/upload-from-url', { url: `${origin}/go`, folderId: '0000000000000000' }, dave.token),
      400,
      'NO_SUCH_FOLDER',
    );
    isApiError(t, await api(url, 'drive/files/upload-from-url', { url: `${origin}/go` }), 401, 'CREDENTIAL_REQUIRED');
    t.equal(requests.length, before, 'nothing was fetched');
  });

  await t.test('ap/get answers the remote document, fetched with a signed GET', async (t) => {
    const note = await call(url, 'ap/get', { uri: `${origin}/notes/1` }, admin.token);
    t.same(note, {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${origin}/notes/1`,
      type: 'Note',
      content: '<p>hello</p>',
    });
    const fetched = requests.filter((r) => r.url === '/notes/1').at(-1)!;
    t.match(fetched.headers.signature, new RegExp(`keyId="${url}/actor#main-key"`), 'signed by the instance actor');
    isApiError(t, await api(url, 'ap/get', { uri: `${origin}/html` }, admin.token), 400, 'REQUEST_FAILED');
    isApiError(t, await api(url, 'ap/get', { uri: `${origin}/missing` }, admin.token), 400, 'REQUEST_FAILED');
    isApiError(t, await api(url, 'ap/get', { uri: 'javascript:alert(1)' }, admin.token), 400, 'URI_INVALID');
    isApiError(t, await api(url, 'ap/get', { uri: `${url}/users/${admin.id}` }, admin.token), 400, 'NO_SUCH_OBJECT');
    isApiError(t, await api(url, 'ap/get', { uri: `${origin}/notes/1` }), 401, 'CREDENTIAL_REQUIRED');
  });

  await t.test('a blocked instance is neither fetched nor downloaded from', async (t) => {
    await call(url, 'admin/update-meta', { blockedHosts: ['127.0.0.1'] }, admin.token);
    t.teardown(() => call(url, 'admin/update-meta', { blockedHosts: [] }, admin.token));
    const before = requests.length;
    isApiError(t, await api(url, 'ap/get', { uri: `${origin}/notes/1` }, admin.token), 400, 'FEDERATION_NOT_ALLOWED');
    const erin = await signup(url, 'erin');
    t.equal((await api(url, 'drive/files/upload-from-url', { url: `${origin}/go` }, erin.token)).status, 204);
    t.match(await outcome(server, erin.id), /blocked/);
    t.equal(requests.length, before, 'nothing was fetched');
  });

  await t.test('without the allowlist a loopback URL is never fetched', async (t) => {
    const guarded = await startServer({ env: { FLOCK_LOG_LEVEL: 'info' } });
    t.teardown(() => guarded.stop());
    const frank = await signup(guarded.url, 'frank');
    const before = requests.length;
    t.equal((await api(guarded.url, 'drive/files/upload-from-url', { url: `${origin}/go` }, frank.token)).status, 204);
    t.match(await outcome(guarded, frank.id), /may not be fetched/);
    isApiError(t, await api(guarded.url, 'ap/get', { uri: `${origin}/notes/1` }, frank.token), 400, 'REQUEST_FAILED');
    t.equal(requests.length, before, 'nothing was fetched');
    t.same(await call(guarded.url, 'drive/stream', {}, frank.token), []);
  });
});
