/**
 * A remote note's attachments as drive files of its author, over real actors (in-process) and real
 * LMDB: kept as links to their URLs (nothing downloaded), once per user and URL, brought up to date
 * when stored again, refused for local users; packed with the remote URL; hostile fields dropped.
 */
import t from 'tap';
import type { Mailboxes, RemoteActorInput } from '../src/actors/index.js';
import { RemoteFilesError, remoteFilesOf, storeRemoteAttachments } from '../src/federation/index.js';
import { packFile } from '../src/misskey/render/drive-file.js';
import { openStore } from '../src/store/index.js';
import { inProcessActors, signupActor } from './helpers/actors.js';
import { tempDir } from './helpers/server.js';

const ORIGIN = 'https://remote.example';
const FLOCK = 'http://127.0.0.1:3000';

async function storeRemoteUser(mailboxes: Mailboxes, username: string): Promise<string> {
  const uri = `${ORIGIN}/users/${username}`;
  const actor: RemoteActorInput = {
    uri,
    username,
    host: 'remote.example',
    inbox: `${uri}/inbox`,
    sharedInbox: null,
    followers: null,
    following: null,
    featured: null,
    keyId: `${uri}#main-key`,
    publicKeyPem: 'not used here',
    fetchedAt: Date.now(),
    profile: {
      name: null,
      description: null,
      url: null,
      location: null,
      birthday: null,
      fields: [],
      isLocked: false,
      isBot: false,
      isCat: false,
      isExplorable: true,
      alsoKnownAs: null,
      avatarUrl: null,
      bannerUrl: null,
    },
  };
  const reply = await mailboxes.send({ op: 'user.storeRemote', args: { actor } }, `${username}@remote.example`);
  if (!reply.ok) throw new Error(`Expected the remote user to be stored, got ${reply.error}`);
  return reply.value.userId;
}

/** Mastodon's shape of a note's attachments. */
const mastodonAttachments = [
  {
    type: 'Document',
    mediaType: 'image/png',
    url: `${ORIGIN}/media/cat.png`,
    name: 'A cat on a keyboard',
    blurhash: 'UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH',
    width: 640,
    height: 480,
  },
  { type: 'Video', url: [{ type: 'Link', href: `${ORIGIN}/media/clip.webm`, mediaType: 'video/webm' }] },
];

t.test('remote attachments become link files of their author', async (t) => {
  const dataDir = tempDir('flock-remote-files-');
  const mailboxes = inProcessActors(t, { dataDir });
  const store = openStore({ path: dataDir, mapSizeMb: 64 });
  t.teardown(() => store.close());
  const remoteId = await storeRemoteUser(mailboxes, 'ann');

  const fileIds = await storeRemoteAttachments({ mailboxes }, remoteId, mastodonAttachments, false);
  t.equal(fileIds.length, 2);
  store.resetReadSnapshot();
  const image = store.driveFiles.get(fileIds[0]!)!;
  t.match(image, {
    userId: remoteId,
    userHost: 'remote.example',
    uri: `${ORIGIN}/media/cat.png`,
    type: 'image/png',
    name: 'cat.png',
    comment: 'A cat on a keyboard',
    size: 0,
    isSensitive: false,
    blurhash: 'UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH',
    width: 640,
    height: 480,
    thumbnail: false,
    webpublic: false,
  });
  const video = store.driveFiles.get(fileIds[1]!)!;
  t.match(video, { uri: `${ORIGIN}/media/clip.webm`, type: 'video/webm', comment: null, width: null });
  t.equal(store.driveFiles.usage(remoteId), 0, 'links take no space');

  const packed = packFile(FLOCK, image, { self: false });
  t.equal(packed.url, `${ORIGIN}/media/cat.png`, 'the pack shows the remote URL');
  t.equal(packed.thumbnailUrl, `${ORIGIN}/media/cat.png`, 'and as the thumbnail of an image');
  t.same(packed.properties, { width: 640, height: 480 });
  t.equal(packFile(FLOCK, video, { self: false }).thumbnailUrl, null, 'no thumbnail for a video');

  await t.test('the same URLs again answer the same files, updated', async (t) => {
    const changed = [{ ...mastodonAttachments[0], name: 'An edited alt text' }, mastodonAttachments[1]];
    const again = await storeRemoteAttachments({ mailboxes }, remoteId, changed, true);
    t.same(again, fileIds);
    store.resetReadSnapshot();
    t.match(store.driveFiles.get(fileIds[0]!), { comment: 'An edited alt text', isSensitive: true });
    t.equal(store.driveFiles.idsIn(remoteId, undefined).length, 2, 'no new records');
  });

  await t.test('deleting a link leaves no bytes to settle', async (t) => {
    const reply = await mailboxes.send(
      { op: 'drive.deleteFile', args: { userId: remoteId, fileId: fileIds[1]!, moderatorId: null } },
      remoteId,
    );
    t.same(reply, { ok: true, value: { sha256: null } });
    store.resetReadSnapshot();
    t.equal(store.driveFiles.get(fileIds[1]!), undefined);
    const relinked = await storeRemoteAttachments({ mailboxes }, remoteId, [mastodonAttachments[1]], false);
    t.not(relinked[0], fileIds[1], 'the URL is free for a new link once its file is gone');
  });

  await t.test('a local user has no links', async (t) => {
    const alice = await signupActor(mailboxes, 'alice');
    const refused = await storeRemoteAttachments({ mailboxes }, alice, mastodonAttachments, false).catch((e) => e);
    t.ok(refused instanceof RemoteFilesError, 'refused');
    t.same(await storeRemoteAttachments({ mailboxes }, alice, [], false), [], 'nothing to store sends nothing');
  });
});

t.test('hostile or odd attachments are skipped or cleaned, never fatal', async (t) => {
  const long = 'x'.repeat(3000);
  const files = remoteFilesOf(
    [
      null,
      'https://remote.example/a-string.png',
      { type: 'Link', href: `${ORIGIN}/page` },
      { type: 'Hashtag', name: '#tag' },
      { type: 'Image', url: 'javascript:alert(1)' },
      { type: 'Image', url: 'file:///etc/passwd' },
      { type: 'Image', url: 'https://user:pass@remote.example/x.png' },
      { type: 'Image', url: `${ORIGIN}/${long}` },
      {
        type: 'Image',
        url: `${ORIGIN}/media/ok.jpg`,
        mediaType: 'text/html; charset=utf-8',
        name: long,
        blurhash: '<script>',
        width: -4,
        height: 1e12,
        sensitive: true,
      },
      { type: 'Image', url: `${ORIGIN}/media/ok.jpg` },
      { type: 'Document', url: `${ORIGIN}/media/%E0%A4%A.bin`, mediaType: 'application/octet-stream' },
      { type: 'Document', url: `${ORIGIN}/media/..%2F..%2Fescape` },
    ],
    false,
  );
  t.same(
    files.map((f) => f.url),
    [`${ORIGIN}/media/ok.jpg`, `${ORIGIN}/media/%E0%A4%A.bin`, `${ORIGIN}/media/..%2F..%2Fescape`],
    'only file types with an http(s) URL and no credentials, each URL once',
  );
  t.match(files[0], {
    type: 'image/jpeg',
    name: 'ok.jpg',
    blurhash: null,
    width: null,
    height: null,
    isSensitive: true,
  });
  t.equal(files[0]!.comment!.length, 512, 'alt text cut to 512');
  t.equal(files[1]!.name, '%E0%A4%A.bin', 'a malformed escape keeps the raw segment');
  t.equal(files[2]!.name, 'untitled', 'a name that climbs out of a folder is not kept');
  t.same(remoteFilesOf(undefined, false), []);
  t.equal(remoteFilesOf({ type: 'Image', url: `${ORIGIN}/one.gif` }, true)[0]?.isSensitive, true, 'one object');
  const many = Array.from({ length: 100 }, (_, i) => ({ type: 'Image', url: `${ORIGIN}/${i}.png` }));
  t.equal(remoteFilesOf(many, false).length, 16, 'at most 16');
});
