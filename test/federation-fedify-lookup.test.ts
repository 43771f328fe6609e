/**
 * A real Fedify peer reads Flock: it finds a user through WebFinger and by actor URL, and reads a
 * public note, through Fedify's own JSON-LD processing of Flock's documents (so the inline context
 * must hold). Fedify resolves `acct:` over https only, so WebFinger is asked with the profile URL.
 */
import { Note, Person } from '@fedify/fedify/vocab';
import { lookupWebFinger } from '@fedify/webfinger';
import t from 'tap';
import { startFedifyPeer } from './helpers/fedify-peer.js';
import { call, post, signup, startServer } from './helpers/server.js';

t.test('a Fedify peer looks up a Flock user and reads a public note', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  await call(url, 'i/update', { name: 'Alice', description: 'hi #fedi' }, alice.token);
  const note = await post(url, alice.token, { text: 'hello fediverse', cw: 'greeting' });
  const secret = await post(url, alice.token, { text: 'followers only', visibility: 'followers' });
  const peer = await startFedifyPeer(t);
  const ctx = peer.federation.createContext(new URL(peer.origin), undefined);
  const actorUrl = `${url}/users/${alice.id}`;

  const jrd = await lookupWebFinger(`${url}/@alice`, { allowPrivateAddress: true });
  t.equal(jrd?.subject, `acct:alice@${new URL(url).host}`);
  const self = jrd?.links?.find((l) => l.rel === 'self');
  t.equal(self?.href, actorUrl, 'WebFinger names the actor');

  const person = await ctx.lookupObject(actorUrl);
  t.ok(person instanceof Person, 'the actor is a Person to Fedify');
  if (!(person instanceof Person)) return;
  t.equal(person.id?.href, actorUrl);
  t.equal(person.preferredUsername?.toString(), 'alice');
  t.equal(person.name?.toString(), 'Alice');
  t.equal(person.inboxId?.href, `${actorUrl}/inbox`);
  t.equal(person.endpoints?.sharedInbox?.href, `${url}/inbox`);
  const key = await person.getPublicKey();
  t.equal(key?.id?.href, `${actorUrl}#main-key`, 'Fedify reads the key');
  t.equal(key?.ownerId?.href, actorUrl);

  const object = await ctx.lookupObject(`${url}/notes/${note.id}`);
  t.ok(object instanceof Note, 'the note is a Note to Fedify');
  if (object instanceof Note) {
    t.equal(object.content?.toString(), '<p>hello fediverse</p>');
    t.equal(object.summary?.toString(), 'greeting');
    t.equal(object.attributionId?.href, actorUrl);
  }
  t.equal(await ctx.lookupObject(`${url}/notes/${secret.id}`), null, 'a followers-only note is not served');
});
