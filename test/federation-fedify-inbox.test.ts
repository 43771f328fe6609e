/**
 * Fedify 2.3.6 as a real, independent peer talking to Flock's inbox (issue 20's end-to-end test): the
 * peer looks a Flock user up by actor URL and follows it (Flock verifies Fedify's signature, RFC 9421
 * at the first knock, draft-cavage from a peer that knocks that way first), and a Flock user who
 * follows the peer's actor (accepted by the peer) sees the actor's Create in the home timeline.
 */
import { Accept, Create, Follow, Note, Person } from '@fedify/fedify/vocab';
import t from 'tap';
import { until } from './helpers/assert.js';
import { startFedifyPeer } from './helpers/fedify-peer.js';
import { call, signup, startServer } from './helpers/server.js';

t.test('a Fedify peer follows a Flock user and is followed back', async (t) => {
  const server = await startServer({ env: { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const bob = await signup(url, 'bob');
  const bobUri = `${url}/users/${bob.id}`;

  for (const firstKnock of ['rfc9421', 'draft-cavage-http-signatures-12'] as const) {
    await t.test(`the peer follows bob (first knock: ${firstKnock})`, async (t) => {
      const peer = await startFedifyPeer(t, { firstKnock });
      const ctx = peer.federation.createContext(new URL(peer.origin), undefined);
      const person = await ctx.lookupObject(bobUri);
      t.ok(person instanceof Person, 'the peer found bob by his actor URL');
      if (!(person instanceof Person)) return;
      await ctx.sendActivity(
        { identifier: 'alice' },
        person,
        new Follow({ id: new URL(`${peer.origin}/follows/1`), actor: ctx.getActorUri('alice'), object: person.id }),
      );
      const followed = await until(async () => {
        const followers = await call(url, 'users/followers', { userId: bob.id }, bob.token);
        return followers.some((f: any) => f.follower?.host === new URL(peer.origin).host);
      });
      t.ok(followed, "the peer's alice is among bob's followers");
    });
  }

  await t.test("bob follows the peer's carol and sees her Create in his home timeline", async (t) => {
    const peer = await startFedifyPeer(t);
    const ctx = peer.federation.createContext(new URL(peer.origin), undefined);
    const carolUri = peer.actorUrl('carol');
    const carol = (await call(url, 'ap/show', { uri: carolUri }, bob.token)).object;
    await call(url, 'following/create', { userId: carol.id }, bob.token);
    const recipient = { id: new URL(bobUri), inboxId: new URL(`${bobUri}/inbox`) };
    // the outbox that would deliver bob's Follow comes later: carol answers a Follow naming bob
    await ctx.sendActivity(
      { identifier: 'carol' },
      recipient,
      new Accept({
        id: new URL(`${peer.origin}/accepts/1`),
        actor: ctx.getActorUri('carol'),
        object: new Follow({ actor: new URL(bobUri), object: ctx.getActorUri('carol') }),
      }),
    );
    const following = await until(
      async () => (await call(url, 'users/relation', { userId: carol.id }, bob.token)).isFollowing === true,
    );
    t.ok(following, 'the Accept made the request a follow');
    await ctx.sendActivity(
      { identifier: 'carol' },
      recipient,
      new Create({
        id: new URL(`${peer.origin}/creates/carol-1`),
        actor: ctx.getActorUri('carol'),
        to: new URL('https://www.w3.org/ns/activitystreams#Public'),
        object: new Note({
          id: new URL(`${peer.origin}/notes/carol-1`),
          attribution: ctx.getActorUri('carol'),
          to: new URL('https://www.w3.org/ns/activitystreams#Public'),
          content: '<p>hello from Fedify</p>',
        }),
      }),
    );
    let timeline: any[] = [];
    const arrived = await until(async () => {
      timeline = await call(url, 'notes/timeline', { limit: 10 }, bob.token);
      return timeline.some((n) => n.uri === `${peer.origin}/notes/carol-1`);
    });
    t.ok(arrived, "carol's note is in bob's home timeline");
    const note = timeline.find((n) => n.uri === `${peer.origin}/notes/carol-1`);
    t.match(note, { text: 'hello from Fedify', user: { username: 'carol', host: new URL(peer.origin).host } });
  });
});
