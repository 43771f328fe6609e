/** Uploading through misskey-js: what the file record says, its thumbnail, de-duplication, and files on notes. */
import sharp from 'sharp';
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { filesOnDisk, jpeg, upload } from './helpers/drive.js';
import { api, call, http, post, signup, startServer } from './helpers/server.js';

t.test('drive uploads', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  const bytes = await jpeg(1200, 900, undefined, true);

  const file = await upload(url, alice.token, bytes, { name: 'photo.jpg', comment: 'a red square' }, 'text/html');

  await t.test('the record: detected type (not the client word), size, dimensions, blurhash, md5', async (t) => {
    t.equal(file.type, 'image/jpeg');
    t.equal(file.size, bytes.length);
    t.same(file.properties.width, 1200);
    t.same(file.properties.height, 900);
    t.match(file.blurhash, /^[0-9A-Za-z#$%*+,.:;=?@[\]^_{|}~-]{20,}$/);
    t.equal(file.name, 'photo.jpg');
    t.equal(file.comment, 'a red square');
    t.equal(file.isSensitive, false);
    t.match(file.md5, /^[0-9a-f]{32}$/);
    t.same(await call(url, 'drive', {}, alice.token), { capacity: 100 * 1024 * 1024, usage: bytes.length });
  });

  await t.test('its thumbnail is a WebP fitted in 498×422', async (t) => {
    const res = await fetch(file.thumbnailUrl);
    t.equal(res.status, 200);
    t.equal(res.headers.get('content-type'), 'image/webp');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    t.equal(meta.format, 'webp');
    t.ok(meta.width! <= 498 && meta.height! <= 422, `${meta.width}×${meta.height}`);
    t.equal(meta.width, 498);
  });

  await t.test('the owner gets the original; others the version without EXIF', async (t) => {
    const original = Buffer.from(await (await fetch(file.url)).arrayBuffer());
    t.same(original, bytes, 'the original is stored unmodified');
    t.ok((await sharp(original).metadata()).exif !== undefined, 'and keeps its EXIF');
    const note = await post(url, alice.token, { text: 'look', fileIds: [file.id] });
    const shown = note.files[0];
    t.not(shown.url, file.url, 'a note shows the public version');
    const publicBytes = Buffer.from(await (await fetch(shown.url)).arrayBuffer());
    const meta = await sharp(publicBytes).metadata();
    t.equal(meta.exif, undefined, 'without EXIF');
    t.equal(meta.format, 'webp');
  });

  await t.test('the same bytes twice: one file unless force, and one copy on disk either way', async (t) => {
    const again = await upload(url, alice.token, bytes, { name: 'again.jpg' });
    t.equal(again.id, file.id, 'the existing file answers');
    const forced = await upload(url, alice.token, bytes, { name: 'forced.jpg', force: true });
    t.not(forced.id, file.id, 'force records another file');
    const bobs = await upload(url, bob.token, bytes);
    t.not(bobs.id, file.id, "another user's drive gets its own record");
    const { stored, temporary } = filesOnDisk(server.dataDir);
    const sha = stored.filter((name) => !name.includes('.'));
    t.equal(sha.length, 1, `one original on disk: ${stored.join(', ')}`);
    t.same(temporary, [], 'nothing left in tmp');
    t.ok(await call(url, 'drive/files/check-existence', { md5: file.md5 }, alice.token));
    t.same(
      ids(await call(url, 'drive/files/find-by-hash', { md5: file.md5 }, alice.token)).sort(),
      [file.id, forced.id].sort(),
    );
    await call(url, 'drive/files/delete', { fileId: forced.id }, alice.token);
    await call(url, 'drive/files/delete', { fileId: bobs.id }, bob.token);
    t.equal(filesOnDisk(server.dataDir).stored.filter((n) => !n.includes('.')).length, 1, 'still needed by the first');
  });

  await t.test('files on notes: packs, withFiles, attached-notes, updates and deletion show', async (t) => {
    const other = await upload(url, alice.token, await jpeg(64, 64, { r: 0, g: 0, b: 255 }), { name: 'blue.jpg' });
    const note = await post(url, alice.token, { text: 'two files', fileIds: [other.id, file.id] });
    t.same(note.fileIds, [other.id, file.id]);
    t.same(ids(note.files), [other.id, file.id]);
    const plain = await post(url, alice.token, 'no files');
    const withFiles = ids(await call(url, 'users/notes', { userId: alice.id, withFiles: true }, bob.token));
    t.ok(withFiles.includes(note.id) && !withFiles.includes(plain.id), 'users/notes withFiles');
    const ltl = ids(await call(url, 'notes/local-timeline', { withFiles: true }, bob.token));
    t.ok(ltl.includes(note.id) && !ltl.includes(plain.id), 'local timeline withFiles');
    t.ok(ids(await call(url, 'drive/files/attached-notes', { fileId: other.id }, alice.token)).includes(note.id));
    await call(
      url,
      'drive/files/update',
      { fileId: other.id, isSensitive: true, comment: 'now sensitive' },
      alice.token,
    );
    const shown = await call(url, 'notes/show', { noteId: note.id }, bob.token);
    t.equal(shown.files[0].isSensitive, true, 'the note shows the file as sensitive');
    t.equal(shown.files[0].comment, 'now sensitive');
    await call(url, 'drive/files/delete', { fileId: other.id }, alice.token);
    const after = await call(url, 'notes/show', { noteId: note.id }, bob.token);
    t.same(after.fileIds, [file.id], 'the deleted file left the note');
    t.same(ids(after.files), [file.id]);
    const res = await fetch(other.url);
    t.equal(res.status, 404, 'and is no longer served');
  });

  await t.test("notes/create refuses files that are not the author's, or unknown", async (t) => {
    const bobs = await upload(url, bob.token, await jpeg(32, 32, { r: 1, g: 2, b: 3 }));
    for (const fileIds of [[bobs.id], ['aaaaaaaaaaaaaaaa'], [file.id, bobs.id]]) {
      isApiError(t, await api(url, 'notes/create', { text: 'x', fileIds }, alice.token), 400, 'NO_SUCH_FILE');
    }
    isApiError(
      t,
      await api(url, 'notes/create', { text: 'x', fileIds: [file.id, file.id] }, alice.token),
      400,
      'INVALID_PARAM',
    );
    const many = Array.from({ length: 17 }, () => file.id);
    isApiError(t, await api(url, 'notes/create', { text: 'x', fileIds: many }, alice.token), 400, 'INVALID_PARAM');
  });

  await t.test('drive/files and drive/stream list the own files, newest first, and filter by type', async (t) => {
    const listed = await call(url, 'drive/files', {}, alice.token);
    t.ok(listed.length >= 1);
    t.ok(listed.every((f: { type: string }) => f.type.startsWith('image/')));
    t.same(await call(url, 'drive/stream', { type: 'video/*' }, alice.token), []);
    t.ok((await call(url, 'drive/stream', { type: 'image/*' }, alice.token)).length >= 1);
    const bySize = await call(url, 'drive/files', { sort: '+size' }, alice.token);
    const sizes = bySize.map((f: { size: number }) => f.size);
    t.same(
      sizes,
      [...sizes].sort((a, b) => b - a),
      '+size is largest first, as Misskey orders it',
    );
    const found = await call(url, 'drive/files/find', { name: 'photo.jpg' }, alice.token);
    t.same(ids(found), [file.id]);
    t.same(await call(url, 'drive/files', {}, bob.token).then((l: unknown[]) => l.length), 1, 'bob sees only his');
  });

  await t.test('a served file stays served for non-sniffing clients only as what it is', async (t) => {
    const res = await http(url, new URL(file.url).pathname, { method: 'HEAD' });
    t.equal(res.status, 200);
    t.equal(res.headers.get('content-length'), String(bytes.length));
    t.equal(res.headers.get('content-type'), 'image/jpeg');
  });
});
