/** Locked accounts at the actor level: a follow becomes a request, which the followee accepts or rejects. */
import t from 'tap';
import type { Mailboxes } from '../src/actors/index.js';
import { homeTimeline, inProcessActors, postActor, signupActor } from './helpers/actors.js';

async function lockedAccount(actors: Mailboxes, username: string): Promise<string> {
  const id = await signupActor(actors, username);
  const locked = await actors.send({ op: 'user.update', args: { userId: id, patch: { isLocked: true } } }, id);
  if (!locked.ok) throw new Error(`Expected ${username} to be locked, got ${locked.error}`);
  return id;
}

t.test('following a locked account makes a request; accepting it makes the follow', async (t) => {
  const actors = inProcessActors(t);
  const locked = await lockedAccount(actors, 'locked');
  const alice = await signupActor(actors, 'alice');
  t.same(
    await actors.send(
      { op: 'user.follow', args: { followerId: alice, followeeId: locked, withReplies: false } },
      locked,
    ),
    { ok: true, value: { state: 'requested' } },
  );
  const before = await postActor(actors, locked, 'before accepting');
  t.same(await homeTimeline(actors, alice), [], 'a pending request gets no notes');
  t.same(
    await actors.send(
      { op: 'user.follow', args: { followerId: alice, followeeId: locked, withReplies: false } },
      locked,
    ),
    { ok: false, error: 'alreadyFollowing' },
    'a second request is refused',
  );
  t.same(await actors.send({ op: 'user.acceptRequest', args: { followeeId: locked, followerId: alice } }, locked), {
    ok: true,
    value: null,
  });
  const after = await postActor(actors, locked, 'after accepting');
  t.same(await homeTimeline(actors, alice), [after], 'notes after the accept arrive');
  t.not(before, after);
  t.same(
    await actors.send({ op: 'user.acceptRequest', args: { followeeId: locked, followerId: alice } }, locked),
    { ok: false, error: 'noFollowRequest' },
    'the request is gone',
  );
});

t.test('a rejected request leaves nothing to accept', async (t) => {
  const actors = inProcessActors(t);
  const locked = await lockedAccount(actors, 'locked');
  const bob = await signupActor(actors, 'bob');
  await actors.send({ op: 'user.follow', args: { followerId: bob, followeeId: locked, withReplies: false } }, locked);
  t.same(await actors.send({ op: 'user.rejectRequest', args: { followeeId: locked, followerId: bob } }, locked), {
    ok: true,
    value: null,
  });
  t.same(await actors.send({ op: 'user.acceptRequest', args: { followeeId: locked, followerId: bob } }, locked), {
    ok: false,
    error: 'noFollowRequest',
  });
});

t.test('unlocking an account accepts its pending requests', async (t) => {
  const actors = inProcessActors(t);
  const locked = await lockedAccount(actors, 'locked');
  const carol = await signupActor(actors, 'carol');
  await actors.send({ op: 'user.follow', args: { followerId: carol, followeeId: locked, withReplies: false } }, locked);
  t.same(await actors.send({ op: 'user.update', args: { userId: locked, patch: { isLocked: false } } }, locked), {
    ok: true,
    value: null,
  });
  t.same(
    await actors.send({ op: 'user.unfollow', args: { followerId: carol, followeeId: locked } }, locked),
    { ok: true, value: null },
    'carol follows (and can unfollow)',
  );
});
