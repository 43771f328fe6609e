/**
 * Lemmy, played by a real node:http server in Lemmy's shapes (test/helpers/lemmy-peer.ts): a Flock
 * user who follows a community sees its posts (a `Page`, with its title and link) and comments in the
 * home timeline, as the community's boosts of them, when the community forwards their Creates wrapped
 * in `Announce{Create}`; votes (`Like`, `Dislike`) are counted or ignored, never an error.
 */
import t from 'tap';
import { until } from './helpers/assert.js';
import { AS_PUBLIC, startLemmyPeer } from './helpers/lemmy-peer.js';
import { call, signup, startServer } from './helpers/server.js';

t.test("a Lemmy community's posts reach its local followers", async (t) => {
  const lemmy = await startLemmyPeer(t, 'tenforward', ['picard', 'riker']);
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const inbox = `${url}/inbox`;
  const alice = await signup(url, 'alice');
  const group = lemmy.community('tenforward');
  const community = await call(url, 'users/show', { username: 'tenforward', host: lemmy.host }, alice.token);
  await call(url, 'following/create', { userId: community.id }, alice.token);
  const accept = {
    id: lemmy.newId('activities/accept'),
    type: 'Accept',
    actor: group,
    object: { type: 'Follow', actor: `${url}/users/${alice.id}`, object: group },
  };
  t.equal(await lemmy.deliver(inbox, accept, 'tenforward'), 202);
  const following = async () => (await call(url, 'users/relation', { userId: community.id }, alice.token)).isFollowing;
  t.ok(await until(following), 'alice follows the community');

  /** picard's activity, served at its id, forwarded by the community. */
  const forward = async (type: string, object: unknown, author = 'picard') => {
    const inner = { id: lemmy.newId(`activities/${type.toLowerCase()}`), type, actor: lemmy.user(author), object };
    lemmy.serve(inner);
    const announce = {
      id: lemmy.newId('activities/announce'),
      type: 'Announce',
      actor: group,
      object: inner,
      to: [AS_PUBLIC],
      cc: [`${group}/followers`],
    };
    t.equal(await lemmy.deliver(inbox, announce, 'tenforward'), 202, `${type} forwarded`);
  };
  const timeline = () => call(url, 'notes/timeline', { limit: 50 }, alice.token);

  const page = {
    id: lemmy.newId('post'),
    type: 'Page',
    attributedTo: lemmy.user('picard'),
    to: [group, AS_PUBLIC],
    audience: group,
    name: 'Tea, Earl Grey, hot',
    content: '<p>The replicator is broken again.</p>',
    attachment: [{ type: 'Link', href: 'https://example.com/replicators' }],
    published: new Date().toISOString(),
  };
  lemmy.serve(page);
  await forward('Create', page);
  const boostOf = async (uri: string) => (await timeline()).find((n: any) => n.renote?.uri === uri);
  t.ok(await until(async () => (await boostOf(page.id)) !== undefined), "the post is in alice's home timeline");
  const boost = await boostOf(page.id);
  t.match(boost, { user: { username: 'tenforward', host: lemmy.host }, text: null });
  t.match(boost.renote, {
    text: 'Tea, Earl Grey, hot\nhttps://example.com/replicators\n\nThe replicator is broken again.',
    user: { username: 'picard', host: lemmy.host },
  });

  const comment = {
    id: lemmy.newId('comment'),
    type: 'Note',
    attributedTo: lemmy.user('riker'),
    to: [AS_PUBLIC],
    cc: [group],
    inReplyTo: page.id,
    content: '<p>Have you tried turning it off and on?</p>',
    published: new Date().toISOString(),
  };
  lemmy.serve(comment);
  await forward('Create', comment, 'riker');
  t.ok(await until(async () => (await boostOf(comment.id)) !== undefined), 'so is a comment');
  t.equal((await boostOf(comment.id)).renote.replyId, boost.renote.id, 'under its post');

  await forward('Like', page.id, 'riker');
  await forward('Dislike', page.id, 'picard');
  t.ok(
    await until(
      async () => (await call(url, 'notes/show', { noteId: boost.renote.id }, alice.token)).reactions['❤'] === 1,
    ),
    'an upvote counts as a like; a downvote is ignored',
  );
});
