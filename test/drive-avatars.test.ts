/** Avatars and banners from drive files: i/update's checks with Misskey's errors, and every list showing the new avatar. */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { jpeg, upload } from './helpers/drive.js';
import { api, call, post, signup, startServer } from './helpers/server.js';

t.test('avatars and banners', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  await call(url, 'following/create', { userId: alice.id }, bob.token);
  const note = await post(url, alice.token, 'before the avatar');
  const identicon = note.user.avatarUrl;
  t.match(identicon, /\/identicon\//);

  const picture = await upload(url, alice.token, await jpeg(640, 640), { name: 'me.jpg' });
  const banner = await upload(url, alice.token, await jpeg(1500, 500, { r: 10, g: 200, b: 10 }), {
    name: 'banner.jpg',
  });
  const aliceApi = new Misskey.api.APIClient({ origin: url, credential: alice.token });

  await t.test('i/update sets them; MeDetailed, UserDetailed and every note show them', async (t) => {
    const me = (await aliceApi.request('i/update', { avatarId: picture.id, bannerId: banner.id })) as any;
    t.equal(me.avatarId, picture.id);
    t.equal(me.bannerId, banner.id);
    t.equal(me.avatarUrl, picture.thumbnailUrl, 'the avatar is shown by its thumbnail');
    t.equal(me.avatarBlurhash, picture.blurhash);
    t.equal(me.bannerUrl, banner.thumbnailUrl);
    t.equal(me.bannerBlurhash, banner.blurhash);
    const shown = await call(url, 'users/show', { userId: alice.id }, bob.token);
    t.same([shown.avatarUrl, shown.bannerUrl], [picture.thumbnailUrl, banner.thumbnailUrl]);
    const timeline = await call(url, 'notes/timeline', {}, bob.token);
    const old = timeline.find((n: { id: string }) => n.id === note.id);
    t.equal(old.user.avatarUrl, picture.thumbnailUrl, 'a note posted before shows the new avatar');
    t.equal(old.user.avatarBlurhash, picture.blurhash);
    t.equal((await fetch(picture.thumbnailUrl)).status, 200, 'and it is served');
  });

  await t.test("Misskey's errors: someone else's file, a file that is not an image, none at all", async (t) => {
    const bobs = await upload(url, bob.token, await jpeg(50, 50, { r: 5, g: 5, b: 5 }));
    const text = await upload(url, alice.token, new TextEncoder().encode('just text'), { name: 'a.txt' });
    isApiError(
      t,
      await api(url, 'i/update', { avatarId: bobs.id }, alice.token),
      400,
      'NO_SUCH_AVATAR',
      '539f3a45-f215-4f81-a9a8-31293640207f',
    );
    isApiError(
      t,
      await api(url, 'i/update', { bannerId: bobs.id }, alice.token),
      400,
      'NO_SUCH_BANNER',
      '0d8f5629-f210-41c2-9433-735831a58595',
    );
    isApiError(
      t,
      await api(url, 'i/update', { avatarId: text.id }, alice.token),
      400,
      'AVATAR_NOT_AN_IMAGE',
      'f419f9f8-2f4d-46b1-9fb4-49d3a2fd7191',
    );
    isApiError(
      t,
      await api(url, 'i/update', { bannerId: text.id }, alice.token),
      400,
      'BANNER_NOT_AN_IMAGE',
      '75aedb19-2afd-4e6d-87fc-67941256fa60',
    );
    isApiError(
      t,
      await api(url, 'i/update', { avatarId: 'zzzzzzzzzzzzzzzz', name: 'not applied' }, alice.token),
      400,
      'NO_SUCH_AVATAR',
    );
    const me = await call(url, 'i', {}, alice.token);
    t.equal(me.name, null, 'a refused update changes nothing');
    t.equal(me.avatarId, picture.id);
  });

  await t.test('null clears the banner; deleting the avatar file brings the identicon back', async (t) => {
    const me = await call(url, 'i/update', { bannerId: null }, alice.token);
    t.same([me.bannerId, me.bannerUrl, me.bannerBlurhash], [null, null, null]);
    await call(url, 'drive/files/delete', { fileId: picture.id }, alice.token);
    const after = await call(url, 'i', {}, alice.token);
    t.equal(after.avatarId, null);
    t.equal(after.avatarUrl, identicon);
    const timeline = await call(url, 'notes/timeline', {}, bob.token);
    t.equal(timeline.find((n: { id: string }) => n.id === note.id).user.avatarUrl, identicon);
  });
});
