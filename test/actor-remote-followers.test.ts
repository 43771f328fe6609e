/**
 * Remote followers through the actors themselves (in-process mailboxes, two workers): a remote user's
 * Follow (user.remoteFollow) makes a follower, but a local author's notes reach only local followers'
 * home timelines, since a remote user's timeline lives on its own server.
 */
import t from 'tap';
import type { Mailboxes, RemoteActorInput } from '../src/actors/index.js';
import { homeTimeline, inProcessActors, postActor, signupOnWorker } from './helpers/actors.js';

async function storeRemoteUser(mailboxes: Mailboxes, username: string): Promise<string> {
  const uri = `https://remote.example/users/${username}`;
  const actor: RemoteActorInput = {
    uri,
    username,
    host: 'remote.example',
    inbox: `${uri}/inbox`,
    sharedInbox: 'https://remote.example/inbox',
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

t.test("a local author's notes reach local followers' timelines, never a remote follower's", async (t) => {
  const actors = inProcessActors(t);
  const author = await signupOnWorker(actors, 'author', 0);
  const local = await signupOnWorker(actors, 'local', 1);
  const remote = await storeRemoteUser(actors, 'faraway');
  const follow = await actors.send(
    {
      op: 'user.remoteFollow',
      args: { followerId: remote, followeeId: author, activityId: 'https://remote.example/follows/1' },
    },
    author,
  );
  t.same(follow, { ok: true, value: { state: 'following' } });
  await actors.send({ op: 'user.follow', args: { followerId: local, followeeId: author, withReplies: false } }, author);
  const noteId = await postActor(actors, author, 'hello followers');
  t.same(await homeTimeline(actors, local), [noteId], "in the local follower's timeline");
  t.same(await homeTimeline(actors, remote), [], "not in the remote follower's");
});

t.test('a remote Follow of an unknown user fails; a repeated one is accepted again', async (t) => {
  const actors = inProcessActors(t);
  const author = await signupOnWorker(actors, 'author', 0);
  const remote = await storeRemoteUser(actors, 'faraway');
  const args = { followerId: remote, followeeId: '0000000000000000', activityId: 'https://remote.example/f/1' };
  t.same(await actors.send({ op: 'user.remoteFollow', args }, args.followeeId), { ok: false, error: 'noSuchUser' });
  const again = { ...args, followeeId: author };
  t.same(await actors.send({ op: 'user.remoteFollow', args: again }, author), {
    ok: true,
    value: { state: 'following' },
  });
  t.same(await actors.send({ op: 'user.remoteFollow', args: again }, author), {
    ok: true,
    value: { state: 'following' },
  });
  t.same(await actors.send({ op: 'user.remoteUnfollow', args: again }, author), { ok: true, value: { ended: true } });
  t.same(await actors.send({ op: 'user.remoteUnfollow', args: again }, author), { ok: true, value: { ended: false } });
});
