/** Blocks, mutes and thread mutes at the actor level: their failures, and a block ending the follows between two users on any worker. */
import t from 'tap';
import type { Command, Mailboxes } from '../src/actors/index.js';
import { inProcessActors, postActor, signupActor, signupOnWorker } from './helpers/actors.js';

const send = (actors: Mailboxes, command: Command, address: string) => actors.send(command, address);
const OK = { ok: true, value: null };

async function follow(actors: Mailboxes, followerId: string, followeeId: string) {
  return actors.send({ op: 'user.follow', args: { followerId, followeeId, withReplies: false } }, followeeId);
}

const block = (actors: Mailboxes, blockerId: string, blockeeId: string) =>
  send(actors, { op: 'user.block', args: { blockerId, blockeeId } }, blockerId);

t.test('a block ends the follows both ways, across workers, and refuses new ones', async (t) => {
  const actors = inProcessActors(t);
  const alice = await signupOnWorker(actors, 'alice', 0);
  const bob = await signupOnWorker(actors, 'bob', 1);
  await follow(actors, alice, bob);
  await follow(actors, bob, alice);
  t.same(await block(actors, alice, bob), OK);
  const unfollow = (followerId: string, followeeId: string) =>
    send(actors, { op: 'user.unfollow', args: { followerId, followeeId } }, followeeId);
  t.same(await unfollow(alice, bob), { ok: false, error: 'notFollowing' }, "the blocker's follow is gone");
  t.same(await unfollow(bob, alice), { ok: false, error: 'notFollowing' }, "the blockee's follow is gone");
  t.same(await follow(actors, bob, alice), { ok: false, error: 'blocked' });
  t.same(await follow(actors, alice, bob), { ok: false, error: 'blocking' });
  t.same(await block(actors, alice, bob), { ok: false, error: 'alreadyBlocking' });
  t.same(await block(actors, alice, alice), { ok: false, error: 'blockeeIsYourself' });
  t.same(await block(actors, alice, 'aaaaaaaaaaaaaaaa'), { ok: false, error: 'noSuchUser' });
  const unblock = { op: 'user.unblock', args: { blockerId: alice, blockeeId: bob } } as const;
  t.same(await send(actors, unblock, alice), OK);
  t.same(await send(actors, unblock, alice), { ok: false, error: 'notBlocking' });
  t.same(await unfollow(alice, bob), { ok: false, error: 'notFollowing' }, 'unblocking brings no follow back');
  t.same(await follow(actors, bob, alice), { ok: true, value: { state: 'following' } });
});

t.test('a block withdraws pending follow requests both ways', async (t) => {
  const actors = inProcessActors(t);
  const alice = await signupOnWorker(actors, 'alice', 0);
  const bob = await signupOnWorker(actors, 'bob', 1);
  for (const id of [alice, bob])
    await send(actors, { op: 'user.update', args: { userId: id, patch: { isLocked: true } } }, id);
  t.same(await follow(actors, alice, bob), { ok: true, value: { state: 'requested' } });
  t.same(await follow(actors, bob, alice), { ok: true, value: { state: 'requested' } });
  t.same(await block(actors, bob, alice), OK);
  const accept = (followeeId: string, followerId: string) =>
    send(actors, { op: 'user.acceptRequest', args: { followeeId, followerId } }, followeeId);
  t.same(await accept(bob, alice), { ok: false, error: 'noFollowRequest' });
  t.same(await accept(alice, bob), { ok: false, error: 'noFollowRequest' });
});

t.test("a blocked user cannot reply to, renote, react to or vote on the blocker's notes", async (t) => {
  const actors = inProcessActors(t);
  const alice = await signupActor(actors, 'alice');
  const bob = await signupActor(actors, 'bob');
  const poll = await actors.send(
    {
      op: 'note.create',
      args: {
        userId: alice,
        note: {
          text: 'poll',
          cw: null,
          visibility: 'public',
          visibleUserIds: [],
          localOnly: false,
          reactionAcceptance: null,
          replyId: null,
          renoteId: null,
          poll: { choices: ['a', 'b'], multiple: false, expiresAt: null },
          fileIds: [],
        },
      },
    },
    alice,
  );
  if (!poll.ok) throw new Error(poll.error);
  const noteId = poll.value.noteId;
  await block(actors, alice, bob);
  const blocked = { ok: false, error: 'youHaveBeenBlocked' };
  const create = (replyId: string | null, renoteId: string | null) =>
    actors.send(
      {
        op: 'note.create',
        args: {
          userId: bob,
          note: {
            text: replyId === null && renoteId !== null ? null : 'hi',
            cw: null,
            visibility: 'public',
            visibleUserIds: [],
            localOnly: false,
            reactionAcceptance: null,
            replyId,
            renoteId,
            poll: null,
            fileIds: [],
          },
        },
      },
      bob,
    );
  t.same(await create(noteId, null), blocked, 'reply');
  t.same(await create(null, noteId), blocked, 'renote');
  t.same(await send(actors, { op: 'note.react', args: { userId: bob, noteId, reaction: '👍' } }, noteId), blocked);
  t.same(await send(actors, { op: 'note.vote', args: { userId: bob, noteId, choice: 0 } }, noteId), blocked);
  t.same(await send(actors, { op: 'note.react', args: { userId: alice, noteId, reaction: '👍' } }, noteId), OK);
});

t.test('mutes: failures, a past end writes nothing, an expired mute is gone', async (t) => {
  const actors = inProcessActors(t);
  const alice = await signupActor(actors, 'alice');
  const bob = await signupActor(actors, 'bob');
  const mute = (expiresAt: number | null) =>
    send(actors, { op: 'user.mute', args: { muterId: alice, muteeId: bob, expiresAt } }, alice);
  const unmute = () => send(actors, { op: 'user.unmute', args: { muterId: alice, muteeId: bob } }, alice);
  t.same(await send(actors, { op: 'user.mute', args: { muterId: alice, muteeId: alice, expiresAt: null } }, alice), {
    ok: false,
    error: 'muteeIsYourself',
  });
  t.same(await mute(Date.now() - 1000), OK, 'a mute that has already ended is accepted');
  t.same(await unmute(), { ok: false, error: 'notMuting' }, '… and not written');
  t.same(await mute(Date.now() + 150), OK);
  t.same(await mute(null), { ok: false, error: 'alreadyMuting' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.same(await mute(null), OK, 'an expired mute counts as absent');
  t.same(await unmute(), OK);
  t.same(await unmute(), { ok: false, error: 'notMuting' });
  const renoteMute = { op: 'user.renoteMute', args: { muterId: alice, muteeId: bob } } as const;
  t.same(await send(actors, renoteMute, alice), OK);
  t.same(await send(actors, renoteMute, alice), { ok: false, error: 'alreadyMuting' });
  const renoteUnmute = { op: 'user.renoteUnmute', args: { muterId: alice, muteeId: bob } } as const;
  t.same(await send(actors, renoteUnmute, alice), OK);
  t.same(await send(actors, renoteUnmute, alice), { ok: false, error: 'notMuting' });
});

t.test('a thread mute names the thread a note is in; an unknown note fails', async (t) => {
  const actors = inProcessActors(t);
  const alice = await signupActor(actors, 'alice');
  const noteId = await postActor(actors, alice, 'root');
  const muteThread = (id: string) =>
    send(actors, { op: 'user.muteThread', args: { userId: alice, noteId: id } }, alice);
  t.same(await muteThread(noteId), OK);
  t.same(await muteThread(noteId), OK, 'twice changes nothing');
  t.same(await muteThread('aaaaaaaaaaaaaaaa'), { ok: false, error: 'noSuchNote' });
  t.same(await send(actors, { op: 'user.unmuteThread', args: { userId: alice, noteId } }, alice), OK);
});

t.test("a block takes the blocker out of the blockee's lists on another worker", async (t) => {
  const actors = inProcessActors(t);
  const alice = await signupOnWorker(actors, 'alice', 0);
  const bob = await signupOnWorker(actors, 'bob', 1);
  const created = await actors.send({ op: 'list.create', args: { userId: bob, name: 'friends', limit: 10 } }, bob);
  if (!created.ok) throw new Error(created.error);
  const listId = created.value.listId;
  t.same(await send(actors, { op: 'list.push', args: { userId: bob, listId, memberId: alice, limit: 10 } }, bob), OK);
  t.same(await block(actors, alice, bob), OK);
  t.same(
    await send(
      actors,
      { op: 'list.updateMembership', args: { userId: bob, listId, memberId: alice, withReplies: true } },
      bob,
    ),
    { ok: false, error: 'noSuchUser' },
    'alice is no member any more',
  );
});
