/** The domain events each kind of command emits, as Mailboxes.onEvents delivers them, and none from a command that fails. */
import t from 'tap';
import type { Command, Mailboxes } from '../src/actors/index.js';
import type { DomainEvent } from '../src/domain/index.js';
import { inProcessActors, postActor, publicNote, signupActor } from './helpers/actors.js';

/**
 * The events delivered while `action` ran (listeners run before the replies, so awaiting it is enough),
 * with each new notification's id (unknown to the test) as 'new'.
 */
function eventsOf(actors: Mailboxes): (action: () => Promise<unknown>) => Promise<DomainEvent[]> {
  let seen: DomainEvent[] = [];
  actors.onEvents((events) => seen.push(...events));
  return async (action) => {
    seen = [];
    await action();
    return seen.map((event) => (event.type === 'notificationCreated' ? { ...event, notificationId: 'new' } : event));
  };
}

/** The event of a notification written for `userId` in the same command. */
const notified = (userId: string) => ({ type: 'notificationCreated', userId, notificationId: 'new' });

t.test("a reply emits noteCreated and the parent's noteCountsChanged", async (t) => {
  const actors = inProcessActors(t);
  const during = eventsOf(actors);
  const alice = await signupActor(actors, 'alice');
  const parent = await postActor(actors, alice, 'parent');
  let replyId = '';
  const events = await during(async () => {
    const reply = await actors.send(
      { op: 'note.create', args: { userId: alice, note: { ...publicNote('reply'), replyId: parent } } },
      alice,
    );
    if (!reply.ok) throw new Error(`Expected the reply to be created, got ${reply.error}`);
    replyId = reply.value.noteId;
  });
  t.same(events, [
    { type: 'noteCreated', noteId: replyId, userId: alice },
    { type: 'noteCountsChanged', noteId: parent },
  ]);
});

t.test('react and unreact emit noteReacted and noteUnreacted with the stored reaction', async (t) => {
  const actors = inProcessActors(t);
  const during = eventsOf(actors);
  const alice = await signupActor(actors, 'alice');
  const bob = await signupActor(actors, 'bob');
  const note = await postActor(actors, alice, 'react to me');
  t.same(
    await during(() => actors.send({ op: 'note.react', args: { noteId: note, userId: bob, reaction: 'like' } }, note)),
    [{ type: 'noteReacted', noteId: note, userId: bob, reaction: '👍' }, notified(alice)],
  );
  t.same(
    await during(() => actors.send({ op: 'note.react', args: { noteId: note, userId: bob, reaction: '🎉' } }, note)),
    [
      { type: 'noteUnreacted', noteId: note, userId: bob, reaction: '👍' },
      { type: 'noteReacted', noteId: note, userId: bob, reaction: '🎉' },
      notified(alice),
    ],
    'changing a reaction is an unreact and a react (and notifies again, as in Misskey)',
  );
  t.same(await during(() => actors.send({ op: 'note.unreact', args: { noteId: note, userId: bob } }, note)), [
    { type: 'noteUnreacted', noteId: note, userId: bob, reaction: '🎉' },
  ]);
});

t.test(
  'following a locked account emits followRequested; accepting emits followAccepted and followed; each notifies',
  async (t) => {
    const actors = inProcessActors(t);
    const during = eventsOf(actors);
    const locked = await signupActor(actors, 'locked');
    await actors.send({ op: 'user.update', args: { userId: locked, patch: { isLocked: true } } }, locked);
    const alice = await signupActor(actors, 'alice');
    const edge = { followerId: alice, followeeId: locked };
    t.same(await during(() => actors.send({ op: 'user.follow', args: { ...edge, withReplies: false } }, locked)), [
      { type: 'followRequested', ...edge },
      notified(locked),
    ]);
    t.same(
      await during(() =>
        actors.send({ op: 'user.acceptRequest', args: { followeeId: locked, followerId: alice } }, locked),
      ),
      [{ type: 'followAccepted', ...edge }, { type: 'followed', ...edge }, notified(alice), notified(locked)],
    );
    t.same(await during(() => actors.send({ op: 'user.unfollow', args: edge }, locked)), [
      { type: 'unfollowed', ...edge },
    ]);
  },
);

t.test('revoking a token emits tokensRevoked with its key', async (t) => {
  const actors = inProcessActors(t);
  const during = eventsOf(actors);
  const alice = await signupActor(actors, 'alice');
  t.same(await during(() => actors.send({ op: 'user.revokeToken', args: { userId: alice, tokenKey: null } }, alice)), [
    { type: 'tokensRevoked', userId: alice, tokenKeys: ['key-alice'] },
  ]);
  t.same(
    await during(() => actors.send({ op: 'user.revokeToken', args: { userId: alice, tokenKey: null } }, alice)),
    [],
    'nothing left to revoke, nothing emitted',
  );
});

t.test('sign-up and profile updates emit userCreated, tokenIssued and userUpdated', async (t) => {
  const actors = inProcessActors(t);
  const during = eventsOf(actors);
  let root = '';
  let alice = '';
  const first = await during(async () => {
    root = await signupActor(actors, 'root');
  });
  t.same(
    first,
    [
      { type: 'userCreated', userId: root },
      { type: 'rootClaimed', userId: root },
      { type: 'tokenIssued', userId: root },
    ],
    'the first account also becomes root',
  );
  const created = await during(async () => {
    alice = await signupActor(actors, 'alice');
  });
  t.same(created, [
    { type: 'userCreated', userId: alice },
    { type: 'tokenIssued', userId: alice },
  ]);
  t.same(
    await during(() => actors.send({ op: 'user.update', args: { userId: alice, patch: { name: 'Alice' } } }, alice)),
    [{ type: 'userUpdated', userId: alice }],
  );
});

t.test('a command that fails emits nothing', async (t) => {
  const actors = inProcessActors(t);
  const during = eventsOf(actors);
  const alice = await signupActor(actors, 'alice');
  const note = await postActor(actors, alice, 'once');
  await actors.send({ op: 'note.react', args: { noteId: note, userId: alice, reaction: '👍' } }, note);
  t.same(
    await during(async () => {
      const again = await actors.send(
        { op: 'note.react', args: { noteId: note, userId: alice, reaction: '👍' } },
        note,
      );
      t.same(again, { ok: false, error: 'alreadyReacted' });
      const self = await actors.send(
        { op: 'user.follow', args: { followerId: alice, followeeId: alice, withReplies: false } },
        alice,
      );
      t.same(self, { ok: false, error: 'followeeIsYourself' });
      const missing = await actors.send(
        { op: 'note.create', args: { userId: 'nobody', note: publicNote('ghost') } },
        'nobody',
      );
      t.same(missing, { ok: false, error: 'noSuchUser' });
    }),
    [],
  );
});

t.test('a command that throws emits nothing, and the commands batched with it emit theirs', async (t) => {
  const actors = inProcessActors(t);
  const during = eventsOf(actors);
  const author = await signupActor(actors, 'author');
  // a note that is not an object: createNote throws reading its fields
  const broken = { op: 'note.create', args: { userId: author, note: null } } as unknown as Command;
  let signedUp: string[] = [];
  const events = await during(async () => {
    const signup = (username: string) =>
      actors.send({ op: 'user.signup', args: { username, passwordHash: 'h', tokenKey: `key-${username}` } }, author);
    const [before, failed, after] = await Promise.all([signup('before'), actors.send(broken, author), signup('after')]);
    t.same(failed, { ok: false, error: 'internal' });
    signedUp = [before, after].map((reply) => (reply.ok ? reply.value.userId : ''));
  });
  t.same(
    events.map((event) => event.type),
    ['userCreated', 'tokenIssued', 'userCreated', 'tokenIssued'],
  );
  t.same(
    events
      .filter((event) => event.type === 'userCreated')
      .map((event) => (event.type === 'userCreated' ? event.userId : '')),
    signedUp,
  );
});
