/** admin/reset-password, show-user, show-users and delete-account through the real server and misskey-js. */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { filesOnDisk, jpeg, upload } from './helpers/drive.js';
import { logsOf, makeModerator } from './helpers/moderation.js';
import { ADMIN_REQUIRED, MODERATOR_REQUIRED } from './helpers/roles.js';
import { api, call, post, signup, sleep, startServer } from './helpers/server.js';

/** Waits (up to 10 s) until `check` holds: the purge of a deleted account runs in the background. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return true;
    await sleep(50);
  }
  return false;
}

t.test('accounts, for moderators', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  const carol = await signup(url, 'carol');
  const dave = await signup(url, 'dave');
  await makeModerator(url, alice.token, carol.id);
  const moderator = new Misskey.api.APIClient({ origin: url, credential: carol.token });

  await t.test('reset-password answers a new password that signs in; the old one no longer does', async (t) => {
    const { password } = await moderator.request('admin/reset-password', { userId: bob.id });
    t.match(password, /^[a-zA-Z0-9]{8}$/);
    t.equal((await api(url, 'signin-flow', { username: 'bob', password })).status, 200);
    t.equal((await api(url, 'signin-flow', { username: 'bob', password: bob.password })).status, 403);
    isApiError(
      t,
      await api(url, 'admin/reset-password', { userId: alice.id }, carol.token),
      400,
      'CANNOT_RESET_ROOT_PASSWORD',
    );
    isApiError(
      t,
      await api(url, 'admin/reset-password', { userId: bob.id }, dave.token),
      403,
      'ROLE_PERMISSION_DENIED',
      MODERATOR_REQUIRED,
    );
    const [entry] = await logsOf(url, alice.token, 'resetPassword');
    t.equal(entry.info.userId, bob.id);
  });

  await t.test('show-user shows a moderator the account’s standing', async (t) => {
    const shown = (await moderator.request('admin/show-user', { userId: bob.id })) as unknown as Record<
      string,
      unknown
    >;
    t.equal(shown.isSuspended, false);
    t.equal(shown.isModerator, false);
    t.type(shown.policies, 'object');
    t.equal((await call(url, 'admin/show-user', { userId: carol.id }, carol.token)).isModerator, true);
    isApiError(t, await api(url, 'admin/show-user', { userId: 'nosuchuser000000' }, carol.token), 400, 'NO_SUCH_USER');
    isApiError(
      t,
      await api(url, 'admin/show-user', { userId: bob.id }, bob.token),
      403,
      'ROLE_PERMISSION_DENIED',
      MODERATOR_REQUIRED,
    );
  });

  await t.test('show-users filters by state, username and origin, and sorts', async (t) => {
    await call(url, 'admin/suspend-user', { userId: dave.id }, carol.token);
    t.same(ids(await moderator.request('admin/show-users', { state: 'suspended' })), [dave.id]);
    t.same(ids(await moderator.request('admin/show-users', { state: 'adminOrModerator', sort: '-createdAt' })), [
      alice.id,
      carol.id,
    ]);
    t.same(ids(await moderator.request('admin/show-users', { username: 'B' })), [bob.id]);
    t.same(ids(await moderator.request('admin/show-users', { origin: 'remote' })), []);
    t.same(ids(await moderator.request('admin/show-users', { sort: '+createdAt', limit: 2 })), [dave.id, carol.id]);
    t.same(ids(await moderator.request('admin/show-users', { sort: '+createdAt', limit: 2, offset: 2 })), [
      bob.id,
      alice.id,
    ]);
    t.notOk(ids(await moderator.request('admin/show-users', { state: 'available' })).includes(dave.id));
    await call(url, 'admin/unsuspend-user', { userId: dave.id }, carol.token);
  });

  await t.test(
    'delete-account: only administrators; tokens refused at once; notes and follows removed; the name stays taken',
    async (t) => {
      await call(url, 'following/create', { userId: bob.id }, dave.token);
      await call(url, 'following/create', { userId: dave.id }, bob.token);
      const notes = [await post(url, dave.token, 'one'), await post(url, dave.token, 'two')];
      const file = await upload(url, dave.token, await jpeg(8, 8), {}, 'image/jpeg');
      t.equal(filesOnDisk(server.dataDir).stored.length > 0, true, "dave's file is on disk");
      isApiError(
        t,
        await api(url, 'admin/delete-account', { userId: dave.id }, carol.token),
        403,
        'ROLE_PERMISSION_DENIED',
        ADMIN_REQUIRED,
      );
      isApiError(
        t,
        await api(url, 'admin/delete-account', { userId: carol.id }, alice.token),
        400,
        'CANNOT_MODERATE_MODERATOR',
      );
      await call(url, 'admin/delete-account', { userId: dave.id }, alice.token);
      isApiError(t, await api(url, 'i', {}, dave.token), 401, 'AUTHENTICATION_FAILED');
      t.equal((await api(url, 'signin-flow', { username: 'dave', password: dave.password })).status, 404);
      isApiError(t, await api(url, 'signup', { username: 'Dave', password: 'pw' }), 400, 'DUPLICATED_USERNAME');
      isApiError(t, await api(url, 'users/show', { userId: dave.id }, bob.token), 404, 'NO_SUCH_USER');
      t.ok(
        await eventually(async () => {
          const gone = await Promise.all(notes.map((n) => api(url, 'notes/show', { noteId: n.id })));
          const bobShown = await call(url, 'users/show', { userId: bob.id }, bob.token);
          const fileGone = (await api(url, 'drive/files/show', { fileId: file.id }, alice.token)).status === 400;
          return (
            gone.every((r) => r.status === 400) &&
            bobShown.followersCount === 0 &&
            bobShown.followingCount === 0 &&
            fileGone &&
            filesOnDisk(server.dataDir).stored.length === 0
          );
        }),
        'the notes, the drive file (and its bytes) and the follows both ways are removed',
      );
      t.equal((await call(url, 'admin/show-user', { userId: dave.id }, alice.token)).isDeleted, true);
      const [entry] = await logsOf(url, alice.token, 'deleteAccount');
      t.equal(entry.info.userId, dave.id);
      await call(url, 'admin/delete-account', { userId: dave.id }, alice.token);
      t.equal((await logsOf(url, alice.token, 'deleteAccount')).length, 1, 'deleting again changes nothing');
    },
  );

  await t.test('a purge cut short by a crash finishes after the restart; the account stays deleted', async (t) => {
    const erin = await signup(url, 'erin');
    const notes: { id: string }[] = [];
    for (let i = 0; i < 300; i++) notes.push(await post(url, erin.token, `note ${i}`));
    await call(url, 'admin/delete-account', { userId: erin.id }, alice.token);
    await server.kill();
    const again = await startServer({ dataDir: server.dataDir });
    t.teardown(() => again.stop());
    t.ok(
      await eventually(async () => {
        const [first, last] = await Promise.all([
          api(again.url, 'notes/show', { noteId: notes[0]!.id }),
          api(again.url, 'notes/show', { noteId: notes[299]!.id }),
        ]);
        return first.status === 400 && last.status === 400;
      }),
      "every one of erin's notes is gone",
    );
    isApiError(t, await api(again.url, 'users/show', { userId: dave.id }, bob.token), 404, 'NO_SUCH_USER');
    isApiError(t, await api(again.url, 'signup', { username: 'dave', password: 'pw' }), 400, 'DUPLICATED_USERNAME');
  });
});
