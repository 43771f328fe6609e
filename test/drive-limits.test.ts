/** Drive quota and the per-file size limit, refused with Misskey's errors, leaving nothing on disk. */
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { filesOnDisk, noisePng, rawUpload, temporaryAfterSettling, upload } from './helpers/drive.js';
import { manualRole } from './helpers/roles.js';
import { api, call, signup, startServer } from './helpers/server.js';

t.test('quota and size limit', async (t) => {
  const server = await startServer({ env: { FLOCK_DRIVE_CAPACITY_MB: '1', FLOCK_MAX_FILE_SIZE_MB: '1' } });
  t.teardown(() => server.stop());
  const url = server.url;
  // the first account is root, which (as a moderator) no capacity or type limit holds
  const root = await signup(url, 'boss');
  const alice = await signup(url, 'alice');
  const first = await noisePng(500, 500, 1);
  const second = await noisePng(500, 500, 2);
  t.ok(first.length > 400_000 && first.length < 1024 * 1024, `${first.length} bytes`);

  await t.test('past the capacity: NO_FREE_SPACE', async (t) => {
    await upload(url, alice.token, first, { name: 'first.png' });
    const refused = await rawUpload(url, alice.token, second, {}, 'second.png');
    t.equal(refused.status, 400);
    t.equal(refused.body.error.code, 'NO_FREE_SPACE');
    t.equal(refused.body.error.id, 'd08dbc37-a6a9-463a-8c47-96c32ab5f064');
    const usage = await call(url, 'drive', {}, alice.token);
    t.same(usage, { capacity: 1024 * 1024, usage: first.length });
    t.same(await temporaryAfterSettling(server.dataDir), []);
    t.equal(filesOnDisk(server.dataDir).stored.filter((n) => !n.includes('.')).length, 1, 'only the first is stored');
  });

  await t.test('past the size limit: 413 MAX_FILE_SIZE_EXCEEDED, and the partial file is gone', async (t) => {
    const big = new Uint8Array(3 * 1024 * 1024).fill(7);
    const res = await rawUpload(url, alice.token, big, {}, 'big.bin');
    t.equal(res.status, 413);
    t.equal(res.body.error.code, 'MAX_FILE_SIZE_EXCEEDED');
    t.equal(res.body.error.id, 'b9d8c348-33f0-4673-b9a9-5d4da058977a');
    t.same(await temporaryAfterSettling(server.dataDir), []);
    t.same(await call(url, 'drive', {}, alice.token), { capacity: 1024 * 1024, usage: first.length });
  });

  await t.test("a role's policies: more capacity, always sensitive, other file types", async (t) => {
    const policies = {
      driveCapacityMb: { useDefault: false, priority: 0, value: 2 },
      alwaysMarkNsfw: { useDefault: false, priority: 0, value: true },
    };
    const role = await call(url, 'admin/roles/create', manualRole('uploader', { policies }), root.token);
    await call(url, 'admin/roles/assign', { roleId: role.id, userId: alice.id }, root.token);
    t.same(await call(url, 'drive', {}, alice.token), { capacity: 2 * 1024 * 1024, usage: first.length });
    const stored = await upload(url, alice.token, second, { name: 'second.png' });
    t.equal(stored.isSensitive, true, 'marked sensitive by the policy');
    isApiError(
      t,
      await api(url, 'drive/files/update', { fileId: stored.id, isSensitive: false }, alice.token),
      400,
      'RESTRICTED_BY_ROLE',
      '7f59dccb-f465-75ab-5cf4-3ce44e3282f7',
    );
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const refused = await rawUpload(url, alice.token, html, {}, 'page.html');
    t.equal(
      refused.body?.error?.code,
      'UNALLOWED_FILE_TYPE',
      'an undetectable type is not in the default uploadableFileTypes',
    );
    t.equal(refused.body?.error?.id, '4becd248-7f2c-48c4-a9f0-75edc4f9a1ea');
    await call(url, 'admin/roles/unassign', { roleId: role.id, userId: alice.id }, root.token);
    await call(url, 'drive/files/delete', { fileId: stored.id }, alice.token);
    t.same(await temporaryAfterSettling(server.dataDir), []);
  });

  await t.test('freeing space lets the upload through', async (t) => {
    const [file] = await call(url, 'drive/files', {}, alice.token);
    await call(url, 'drive/files/delete', { fileId: file.id }, alice.token);
    t.same(filesOnDisk(server.dataDir).stored, [], 'the bytes left the disk with their last record');
    const stored = await upload(url, alice.token, second, { name: 'second.png' });
    t.equal(stored.size, second.length);
  });

  await t.test('an upload without a file, or with a token that fails', async (t) => {
    const noFile = await fetch(url + '/api/drive/files/create', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ i: alice.token }),
    });
    t.equal(noFile.status, 400);
    t.equal((await noFile.json()).error.code, 'FILE_REQUIRED');
    const badToken = await rawUpload(url, 'nope', new Uint8Array([1, 2, 3]));
    t.equal(badToken.status, 401);
    t.same(await temporaryAfterSettling(server.dataDir), []);
  });
});
