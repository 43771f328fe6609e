/**
 * A command that fails answers alone: the commands batched with it (same shard, same tick) still run
 * and commit, whether the failing one threw in its handler or could not even be encoded.
 */
import t, { type Test } from 'tap';
import type { Command, Mailboxes } from '../src/actors/index.js';
import { inProcessActors, signupActor } from './helpers/actors.js';

/** Sends the three commands in one tick to one address, so they share a batch. */
function sendTogether(actors: Mailboxes, address: string, broken: Command) {
  const signup = (username: string) =>
    actors.send({ op: 'user.signup', args: { username, passwordHash: 'h', tokenKey: `key-${username}` } }, address);
  return Promise.all([signup('before'), actors.send(broken, address), signup('after')]);
}

async function stillTaken(t: Test, actors: Mailboxes, username: string): Promise<void> {
  const again = await actors.send(
    { op: 'user.signup', args: { username, passwordHash: 'h', tokenKey: 'other' } },
    username,
  );
  t.same(again, { ok: false, error: 'usernameTaken' }, `${username} was committed`);
}

t.test('a command whose handler throws answers internal, and its batch commits', async (t) => {
  const actors = inProcessActors(t);
  const author = await signupActor(actors, 'author');
  // a note that is not an object: createNote throws reading its fields
  const broken = { op: 'note.create', args: { userId: author, note: null } } as unknown as Command;
  const [before, failed, after] = await sendTogether(actors, author, broken);
  t.equal(before.ok, true);
  t.same(failed, { ok: false, error: 'internal' });
  t.equal(after.ok, true);
  await stillTaken(t, actors, 'before');
  await stillTaken(t, actors, 'after');
});

t.test('a command that cannot be encoded answers internal, and its batch commits', async (t) => {
  const actors = inProcessActors(t);
  const author = await signupActor(actors, 'author');
  // msgpack has no integer this large
  const broken = {
    op: 'user.registrySet',
    args: { userId: author, domain: null, scope: [], key: 'k', json: 2n ** 80n },
  } as unknown as Command;
  const [before, failed, after] = await sendTogether(actors, author, broken);
  t.equal(before.ok, true);
  t.same(failed, { ok: false, error: 'internal' });
  t.equal(after.ok, true);
  await stillTaken(t, actors, 'before');
  await stillTaken(t, actors, 'after');
});
