/** Drive folders (nesting rules) and hostile input to the drive endpoints, answered with Misskey's errors. */
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { jpeg, rawUpload, upload } from './helpers/drive.js';
import { api, call, signup, startServer } from './helpers/server.js';

t.test('drive folders and bad input', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');

  await t.test('folders: create, nest, show with counts, rename, move, find, delete only when empty', async (t) => {
    const top = await call(url, 'drive/folders/create', {}, alice.token);
    t.equal(top.name, 'Untitled');
    t.equal(top.parentId, null);
    const child = await call(url, 'drive/folders/create', { name: 'child', parentId: top.id }, alice.token);
    const grandchild = await call(url, 'drive/folders/create', { name: 'grandchild', parentId: child.id }, alice.token);
    t.same(ids(await call(url, 'drive/folders', {}, alice.token)), [top.id]);
    t.same(ids(await call(url, 'drive/folders', { folderId: top.id }, alice.token)), [child.id]);
    const shown = await call(url, 'drive/folders/show', { folderId: grandchild.id }, alice.token);
    t.equal(shown.parent.id, child.id);
    t.equal(shown.parent.parent.id, top.id);
    const file = await upload(url, alice.token, await jpeg(20, 20), { folderId: child.id, name: 'in-child.jpg' });
    t.equal(file.folderId, child.id);
    t.same(ids(await call(url, 'drive/files', { folderId: child.id }, alice.token)), [file.id]);
    t.same(await call(url, 'drive/files', {}, alice.token), [], 'not in the root');
    const counted = await call(url, 'drive/folders/show', { folderId: child.id }, alice.token);
    t.same([counted.foldersCount, counted.filesCount], [1, 1]);

    const nest = (folderId: string, parentId: string | null) =>
      api(url, 'drive/folders/update', { folderId, parentId }, alice.token);
    for (const res of [await nest(top.id, grandchild.id), await nest(top.id, top.id)]) {
      t.equal(res.status, 400);
      t.same(res.body.error.code, 'RECURSIVE_NESTING');
      t.same(res.body.error.id, 'dbeb024837894013aed44279f9199740', "Misskey's id, without dashes");
    }
    isApiError(t, await nest(top.id, 'aaaaaaaaaaaaaaaa'), 400, 'NO_SUCH_PARENT_FOLDER');
    const moved = await call(
      url,
      'drive/folders/update',
      { folderId: grandchild.id, parentId: null, name: 'up' },
      alice.token,
    );
    t.same([moved.parentId, moved.name], [null, 'up']);
    t.same(ids(await call(url, 'drive/folders/find', { name: 'up' }, alice.token)), [grandchild.id]);

    isApiError(
      t,
      await api(url, 'drive/folders/delete', { folderId: child.id }, alice.token),
      400,
      'HAS_CHILD_FILES_OR_FOLDERS',
    );
    await call(url, 'drive/files/update', { fileId: file.id, folderId: null }, alice.token);
    await call(url, 'drive/folders/delete', { folderId: child.id }, alice.token);
    isApiError(t, await api(url, 'drive/folders/show', { folderId: child.id }, alice.token), 400, 'NO_SUCH_FOLDER');
    isApiError(
      t,
      await api(url, 'drive/folders/show', { folderId: top.id }, bob.token),
      400,
      'NO_SUCH_FOLDER',
      'd74ab9eb-bb09-4bba-bf24-fb58f761e1e9',
    );
    isApiError(
      t,
      await api(url, 'drive/folders/create', { parentId: top.id }, bob.token),
      400,
      'NO_SUCH_FOLDER',
      '53326628-a00d-40a6-a3cd-8975105c0f95',
    );
    isApiError(t, await api(url, 'drive/folders/create', { name: 'x'.repeat(201) }, alice.token), 400, 'INVALID_PARAM');
  });

  await t.test("hostile names, huge comments, unknown folders and other users' files", async (t) => {
    const bytes = await jpeg(16, 16, { r: 9, g: 9, b: 9 });
    for (const name of ['../../etc/passwd', 'a/b.jpg', 'a\\b.jpg', '..', 'x'.repeat(201)]) {
      const res = await rawUpload(url, alice.token, bytes, { name });
      t.equal(res.body?.error?.code, 'INVALID_FILE_NAME', `name ${JSON.stringify(name.slice(0, 20))}`);
    }
    const fromFilename = await rawUpload(url, alice.token, bytes, {}, '../evil.jpg');
    t.equal(fromFilename.body?.name, 'evil.jpg', "a part filename's directories are dropped");
    const huge = await rawUpload(url, alice.token, bytes, { comment: 'c'.repeat(513) });
    t.equal(huge.status, 400);
    t.equal(huge.body.error.code, 'INVALID_PARAM');
    const unknownFolder = await rawUpload(url, alice.token, bytes, { folderId: 'aaaaaaaaaaaaaaaa' });
    t.equal(unknownFolder.body?.error?.code, 'NO_SUCH_FOLDER');
    const badBool = await rawUpload(url, alice.token, bytes, { isSensitive: 'maybe' });
    t.equal(badBool.body?.error?.code, 'INVALID_PARAM');
    const untitled = await rawUpload(url, alice.token, bytes, { isSensitive: 'true', force: 'true' }, 'blob');
    t.equal(untitled.status, 200);
    t.equal(untitled.body.name, 'untitled.jpg', 'no name: untitled with the detected extension');
    t.equal(untitled.body.isSensitive, true, 'booleans arrive as text and are decoded');

    const file = untitled.body;
    isApiError(
      t,
      await api(url, 'drive/files/show', { fileId: file.id }, bob.token),
      400,
      'ACCESS_DENIED',
      '25b73c73-68b1-41d0-bad1-381cfdf6579f',
    );
    isApiError(
      t,
      await api(url, 'drive/files/delete', { fileId: file.id }, bob.token),
      400,
      'ACCESS_DENIED',
      '5eb8d909-2540-4970-90b8-dd6f86088121',
    );
    isApiError(
      t,
      await api(url, 'drive/files/update', { fileId: file.id, name: 'mine' }, bob.token),
      400,
      'ACCESS_DENIED',
    );
    isApiError(t, await api(url, 'drive/files/attached-notes', { fileId: file.id }, bob.token), 400, 'NO_SUCH_FILE');
    isApiError(t, await api(url, 'drive/files/show', { fileId: 'zzzzzzzzzzzzzzzz' }, alice.token), 400, 'NO_SUCH_FILE');
    isApiError(
      t,
      await api(url, 'drive/files/update', { fileId: file.id, name: '../x' }, alice.token),
      400,
      'INVALID_FILE_NAME',
      '395e7156-f9f0-475e-af89-53c3c23080c2',
    );
    isApiError(
      t,
      await api(url, 'drive/files/update', { fileId: file.id, comment: 'c'.repeat(513) }, alice.token),
      400,
      'INVALID_PARAM',
    );
    isApiError(
      t,
      await api(url, 'drive/files/update', { fileId: file.id, folderId: 'aaaaaaaaaaaaaaaa' }, alice.token),
      400,
      'NO_SUCH_FOLDER',
    );
    isApiError(t, await api(url, 'drive/files/show', {}, alice.token), 400, 'INVALID_PARAM');
    t.same(
      await call(url, 'drive/files/show', { url: file.url }, alice.token).then((f: { id: string }) => f.id),
      file.id,
      'show by url',
    );
    const renamed = await call(
      url,
      'drive/files/update',
      { fileId: file.id, name: 'renamed.jpg', comment: null },
      alice.token,
    );
    t.same([renamed.name, renamed.comment], ['renamed.jpg', null]);
    await call(url, 'drive/files/move-bulk', { fileIds: [file.id] }, bob.token);
    t.equal(
      (await call(url, 'drive/files/show', { fileId: file.id }, alice.token)).folderId,
      null,
      "move-bulk skips others' files",
    );
    const malformed = await fetch(url + '/api/drive/files/create', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=zzz' },
      body: '--zzz\r\nContent-Disposition: form-data; name="i"\r\n\r\n' + alice.token + '\r\n--zzz\r\nbroken',
    });
    t.equal(malformed.status, 400);
    t.equal((await malformed.json()).error.code, 'INVALID_PARAM');
    t.equal((await fetch(url + '/healthz')).status, 200, 'the server lives on');
  });

  await t.test("a moderator (alice, the first account) may show and delete anyone's file", async (t) => {
    const bobs = await upload(url, bob.token, await jpeg(24, 24, { r: 40, g: 40, b: 40 }), { name: 'bobs.jpg' });
    const shown = await call(url, 'drive/files/show', { fileId: bobs.id }, alice.token);
    t.equal(shown.userId, bob.id);
    await call(url, 'drive/files/delete', { fileId: bobs.id }, alice.token);
    isApiError(t, await api(url, 'drive/files/show', { fileId: bobs.id }, bob.token), 400, 'NO_SUCH_FILE');
    t.equal((await fetch(bobs.url)).status, 404);
    const [logged] = await call(url, 'admin/show-moderation-logs', { type: 'deleteDriveFile' }, alice.token);
    t.equal(logged?.userId, alice.id, 'the deletion is in the moderation log');
    t.same([logged?.info.fileId, logged?.info.fileUserId, logged?.info.fileUserUsername], [bobs.id, bob.id, 'bob']);
  });
});
