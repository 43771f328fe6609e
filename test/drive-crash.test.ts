/**
 * kill -9 around uploads: a record never lacks its bytes and bytes never outlive their records. Start-up
 * finishes the moves of committed uploads and removes every temporary or stored file no record needs.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { filesOnDisk, jpeg, upload } from './helpers/drive.js';
import { call, signup, sleep, startServer } from './helpers/server.js';

/** Every file of the user is served, and the disk holds exactly the contents some record names. */
async function consistent(t: Test, url: string, token: string, dataDir: string): Promise<number> {
  const files = await call(url, 'drive/stream', { limit: 100 }, token);
  for (const file of files) {
    const res = await fetch(url + new URL(file.url).pathname);
    t.equal(res.status, 200, `${file.name} is served`);
    await res.arrayBuffer();
    if (file.thumbnailUrl !== null)
      t.equal((await fetch(url + new URL(file.thumbnailUrl).pathname)).status, 200, `${file.name}'s thumbnail`);
  }
  const shas = new Set(filesOnDisk(dataDir).stored.map((name) => name.slice(0, 64)));
  t.equal(shas.size, new Set(files.map((f: { md5: string }) => f.md5)).size, 'one stored content per distinct upload');
  t.same(filesOnDisk(dataDir).temporary, [], 'no temporaries');
  return files.length;
}

t.test('crashes around uploads', async (t) => {
  let server = await startServer();
  const dataDir = server.dataDir;
  const alice = await signup(server.url, 'alice');
  const kept = await upload(server.url, alice.token, await jpeg(300, 200), { name: 'kept.jpg' });

  await t.test('kill -9 in the middle of an upload: the partial file is gone after the restart', async (t) => {
    const boundary = 'x' + randomBytes(8).toString('hex');
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="i"\r\n\r\n${alice.token}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`;
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(
      `POST /api/drive/files/create HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${20 * 1024 * 1024}\r\n\r\n` +
        head,
    );
    socket.write(randomBytes(2 * 1024 * 1024));
    for (let i = 0; i < 100 && filesOnDisk(dataDir).temporary.length === 0; i++) await sleep(20);
    t.equal(filesOnDisk(dataDir).temporary.length, 1, 'the upload is being written to a temporary file');
    await server.kill();
    socket.destroy();
    server = await startServer({ dataDir });
    t.equal(await consistent(t, server.url, alice.token, dataDir), 1, 'only the committed file');
  });

  await t.test('kill -9 while uploads run: every acknowledged file is whole, nothing stray', async (t) => {
    const images = await Promise.all(
      Array.from({ length: 12 }, (_, i) => jpeg(600 + i, 400, { r: i * 20, g: 50, b: 90 })),
    );
    const acknowledged: string[] = [];
    const uploads = images.map((bytes, i) =>
      upload(server.url, alice.token, bytes, { name: `burst-${i}.jpg` }).then(
        (file) => acknowledged.push(file.id),
        () => undefined,
      ),
    );
    // some answered, others still in flight: the kill lands among commits and moves
    for (let i = 0; i < 4000 && acknowledged.length < 3; i++) await sleep(5);
    t.ok(
      acknowledged.length >= 3 && acknowledged.length < images.length,
      `${acknowledged.length} answered before the kill`,
    );
    await server.kill();
    await Promise.all(uploads);
    server = await startServer({ dataDir });
    const listed = (await call(server.url, 'drive/stream', { limit: 100 }, alice.token)).map(
      (f: { id: string }) => f.id,
    );
    for (const id of acknowledged) t.ok(listed.includes(id), `acknowledged ${id} is there`);
    await consistent(t, server.url, alice.token, dataDir);
  });

  await t.test('start-up finishes a committed move and removes what no record needs', async (t) => {
    await server.stop();
    const sha = filesOnDisk(dataDir)
      .stored.find((name) => name.endsWith('.thumbnail'))!
      .slice(0, 64);
    const dir = join(dataDir, 'files', sha.slice(0, 2));
    // committed, but the thumbnail was still waiting under its staged name when the process died
    copyFileSync(join(dir, `${sha}.thumbnail`), join(dataDir, 'files', 'tmp', `${sha}.thumbnail.00ff`));
    rmSync(join(dir, `${sha}.thumbnail`));
    // staged bytes of an upload whose record never committed, an abandoned upload, and bytes no record names
    const orphan = 'ab'.repeat(32);
    writeFileSync(join(dataDir, 'files', 'tmp', `${orphan}.original.0011`), 'x');
    writeFileSync(join(dataDir, 'files', 'tmp', 'u-0123456789abcdef'), 'y');
    mkdirSync(join(dataDir, 'files', 'ab'), { recursive: true });
    writeFileSync(join(dataDir, 'files', 'ab', orphan), 'z');
    server = await startServer({ dataDir });
    t.ok(existsSync(join(dir, `${sha}.thumbnail`)), 'the thumbnail was moved into place');
    t.notOk(existsSync(join(dataDir, 'files', 'ab', orphan)), 'bytes no record names are gone');
    t.same(readdirSync(join(dataDir, 'files', 'tmp')), []);
    await consistent(t, server.url, alice.token, dataDir);
    t.equal((await fetch(server.url + new URL(kept.url).pathname)).status, 200, 'the first file is still served');
    await server.stop();
  });
});
