/**
 * Fan-out through the actors themselves (in-process mailboxes, two workers): a note reaches its
 * author's and followers' home timelines, on whichever worker each lives, before the author hears back.
 */
import t from 'tap';
import { homeTimeline, inProcessActors, postActor, signupOnWorker, workerOf } from './helpers/actors.js';

t.test('a note reaches a follower on the other worker before note.create answers', async (t) => {
  const actors = inProcessActors(t);
  const author = await signupOnWorker(actors, 'author', 0);
  const follower = await signupOnWorker(actors, 'follower', 1);
  t.not(workerOf(author), workerOf(follower), 'author and follower live on different workers');
  const follow = await actors.send(
    { op: 'user.follow', args: { followerId: follower, followeeId: author, withReplies: false } },
    author,
  );
  t.same(follow, { ok: true, value: { state: 'following' } });
  const noteId = await postActor(actors, author, 'hello followers');
  // no drain: the reply itself waited for the push to the other worker
  t.same(await homeTimeline(actors, follower), [noteId], "in the follower's timeline");
  t.same(await homeTimeline(actors, author), [noteId], "in the author's timeline");
});

t.test('a follower on the same worker gets the note too, newest first', async (t) => {
  const actors = inProcessActors(t);
  const author = await signupOnWorker(actors, 'author', 1);
  const follower = await signupOnWorker(actors, 'neighbour', 1);
  await actors.send(
    { op: 'user.follow', args: { followerId: follower, followeeId: author, withReplies: false } },
    author,
  );
  const first = await postActor(actors, author, 'one');
  const second = await postActor(actors, author, 'two');
  t.same(await homeTimeline(actors, follower), [second, first]);
});

t.test('after unfollowing, new notes no longer reach the former follower', async (t) => {
  const actors = inProcessActors(t);
  const author = await signupOnWorker(actors, 'author', 0);
  const follower = await signupOnWorker(actors, 'follower', 1);
  await actors.send(
    { op: 'user.follow', args: { followerId: follower, followeeId: author, withReplies: false } },
    author,
  );
  const before = await postActor(actors, author, 'while followed');
  t.same(await actors.send({ op: 'user.unfollow', args: { followerId: follower, followeeId: author } }, author), {
    ok: true,
    value: null,
  });
  const after = await postActor(actors, author, 'after unfollow');
  t.same(await homeTimeline(actors, follower), [before], 'only the note from before');
  t.same(await homeTimeline(actors, author), [after, before], "the author's own timeline has both");
});

t.test('note.fanout replays a stored note into timelines idempotently', async (t) => {
  const actors = inProcessActors(t);
  const author = await signupOnWorker(actors, 'author', 0);
  const follower = await signupOnWorker(actors, 'follower', 1);
  await actors.send(
    { op: 'user.follow', args: { followerId: follower, followeeId: author, withReplies: false } },
    author,
  );
  const noteId = await postActor(actors, author, 'replayed');
  t.same(await actors.send({ op: 'note.fanout', args: { noteId } }, author), { ok: true, value: null });
  t.same(await homeTimeline(actors, follower), [noteId], 'still one entry');
});
