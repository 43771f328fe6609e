/**
 * Issue 21's end-to-end test with Fedify 2.3.6 as the independent peer: the peer's actor follows a
 * Flock user, Flock's Accept reaches it, and the user's post, reaction, renote and deletion each reach
 * the peer's inbox, whose listeners run only once Fedify's own verifier has accepted the signature.
 */
import { Follow, Person } from '@fedify/fedify/vocab';
import t from 'tap';
import { eventually } from './helpers/assert.js';
import { startFedifyPeer } from './helpers/fedify-peer.js';
import { call, signup, startServer } from './helpers/server.js';

t.test("a Fedify follower receives a Flock user's activities, signatures verified", async (t) => {
  const peer = await startFedifyPeer(t);
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const bob = await signup(url, 'bob');
  const bobUri = `${url}/users/${bob.id}`;
  const ctx = peer.federation.createContext(new URL(peer.origin), undefined);
  const person = await ctx.lookupObject(bobUri);
  if (!(person instanceof Person)) return t.fail('the peer found bob');
  await ctx.sendActivity(
    { identifier: 'alice' },
    person,
    new Follow({ id: new URL(`${peer.origin}/follows/1`), actor: ctx.getActorUri('alice'), object: person.id }),
  );
  const from = (type: string) => peer.received.filter((r) => r.type === type && r.actor === bobUri);
  await eventually(t, "Flock's Accept arrived", () => from('Accept').length === 1);

  const note = (await call(url, 'notes/create', { text: 'hello Fedify' }, bob.token)).createdNote;
  await eventually(t, 'the Create arrived', () => from('Create').some((c) => c.content?.includes('hello Fedify')));
  await call(url, 'notes/reactions/create', { noteId: note.id, reaction: '🎉' }, bob.token);
  await eventually(t, 'the Like arrived', () => from('Like').length === 1);
  await call(url, 'notes/create', { renoteId: note.id }, bob.token);
  await eventually(t, 'the Announce arrived', () => from('Announce').length === 1);
  await call(url, 'notes/delete', { noteId: note.id }, bob.token);
  await eventually(t, 'the Delete arrived', () => from('Delete').length === 1);
});
