/**
 * A real, independent ActivityPub server for the federation tests: Fedify 2.3.6 served by
 * @hono/node-server on 127.0.0.1 (federation.md §6), with one actor and an inbox that records what
 * it accepted. Fedify runs its listeners only after the HTTP signature and key ownership checks pass.
 */
import type { AddressInfo } from 'node:net';
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from '@fedify/fedify';
import type { HttpMessageSignaturesSpec } from '@fedify/fedify/sig';
import {
  Accept,
  Announce,
  Create,
  Delete,
  Endpoints,
  Flag,
  Follow,
  Image,
  Like,
  Note,
  Person,
  Undo,
} from '@fedify/fedify/vocab';
import { serve } from '@hono/node-server';
import type { Test } from 'tap';

export interface FedifyPeer {
  origin: string;
  actorUrl(identifier: string): string;
  inboxUrl(identifier: string): string;
  /** Activities the inbox accepted: type, actor id, for a Create the note's content, for a Flag its content and objects. */
  received: { type: string; actor: string | null; content?: string; objects?: string[] }[];
  /** The federation, to send from (`createContext(...).sendActivity`). */
  federation: ReturnType<typeof createFederation<void>>;
  /** Actor fetches the peer answered, with whether they were signed by a key Fedify verified. */
  actorFetches: { identifier: string; signedBy: string | null }[];
}

export interface PeerOptions {
  firstKnock?: HttpMessageSignaturesSpec;
  /** Whether actor documents are served only to signed requests (Mastodon's authorized fetch). */
  authorizedFetch?: boolean;
  /** Public notes the actor `alice` has, by id (served at /notes/<id>). */
  notes?: Record<string, string>;
}

export async function startFedifyPeer(t: Test, options: PeerOptions = {}): Promise<FedifyPeer> {
  const federation = createFederation<void>({
    kv: new MemoryKvStore(),
    allowPrivateAddress: true,
    ...(options.firstKnock === undefined ? {} : { firstKnock: options.firstKnock }),
  });
  const keys = new Map<string, CryptoKeyPair>();
  const actorFetches: FedifyPeer['actorFetches'] = [];
  const received: FedifyPeer['received'] = [];
  const dispatcher = federation
    .setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
      const pairs = await ctx.getActorKeyPairs(identifier);
      const signer = options.authorizedFetch ? null : await ctx.getSignedKeyOwner().catch(() => null);
      actorFetches.push({ identifier, signedBy: signer?.id?.href ?? null });
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        icon: new Image({ url: new URL(`https://images.example/${identifier}.png`) }),
        publicKey: pairs[0]!.cryptographicKey,
        assertionMethods: pairs.map((p) => p.multikey),
      });
    })
    .setKeyPairsDispatcher(async (_ctx, identifier) => {
      let pair = keys.get(identifier);
      if (pair === undefined) {
        pair = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
        keys.set(identifier, pair);
      }
      return [pair];
    });
  if (options.authorizedFetch) {
    dispatcher.authorize(async (ctx) => {
      const owner = await ctx.getSignedKeyOwner().catch(() => null);
      actorFetches.push({ identifier: '(authorize)', signedBy: owner?.id?.href ?? null });
      return owner !== null;
    });
  }
  federation.setOutboxDispatcher('/users/{identifier}/outbox', () => ({ items: [] }));
  federation.setObjectDispatcher(Note, '/notes/{id}', (ctx, { id }) => {
    const text = options.notes?.[id];
    if (text === undefined) return null;
    return new Note({
      id: ctx.getObjectUri(Note, { id }),
      attribution: ctx.getActorUri('alice'),
      content: text,
      to: new URL('https://www.w3.org/ns/activitystreams#Public'),
    });
  });
  federation
    .setInboxListeners('/users/{identifier}/inbox', '/inbox')
    .on(Create, async (_ctx, create) => {
      const object = await create.getObject();
      received.push({
        type: 'Create',
        actor: create.actorId?.href ?? null,
        content: object instanceof Note ? String(object.content) : '',
      });
    })
    .on(Follow, (_ctx, follow) => {
      received.push({ type: 'Follow', actor: follow.actorId?.href ?? null });
    })
    .on(Undo, (_ctx, undo) => {
      received.push({ type: 'Undo', actor: undo.actorId?.href ?? null });
    })
    .on(Accept, (_ctx, accept) => {
      received.push({ type: 'Accept', actor: accept.actorId?.href ?? null });
    })
    .on(Announce, (_ctx, announce) => {
      received.push({ type: 'Announce', actor: announce.actorId?.href ?? null });
    })
    .on(Like, (_ctx, like) => {
      received.push({ type: 'Like', actor: like.actorId?.href ?? null });
    })
    .on(Delete, (_ctx, del) => {
      received.push({ type: 'Delete', actor: del.actorId?.href ?? null });
    })
    .on(Flag, (_ctx, flag) => {
      received.push({
        type: 'Flag',
        actor: flag.actorId?.href ?? null,
        content: String(flag.content ?? ''),
        objects: flag.objectIds.map((id) => id.href),
      });
    });

  const server = serve({
    fetch: (req) => federation.fetch(req, { contextData: undefined }),
    hostname: '127.0.0.1',
    port: 0,
  });
  await new Promise<void>((resolve) => {
    if (server.listening) resolve();
    else server.once('listening', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    origin,
    actorUrl: (identifier) => `${origin}/users/${identifier}`,
    inboxUrl: (identifier) => `${origin}/users/${identifier}/inbox`,
    received,
    federation,
    actorFetches,
  };
}
