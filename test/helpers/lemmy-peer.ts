/**
 * A small real HTTP server on 127.0.0.1 that plays a Lemmy instance, in Lemmy's shapes: a community
 * (`Group` at /c/<name>, with its key), users (`Person` at /u/<name>), WebFinger for both, posts
 * (`Page`) and comments (`Note`), and the activities it serves at their ids. What it receives at its
 * inboxes is kept; `deliver` POSTs an activity to a Flock inbox signed by the community (draft-cavage,
 * with Flock's own signing function), as Lemmy forwards its communities' activities.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';
import { signCavage } from '../../src/federation/index.js';

export const AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const CONTEXT = ['https://join-lemmy.org/context.json', 'https://www.w3.org/ns/activitystreams'];

interface Actor {
  uri: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

export interface LemmyPeer {
  origin: string;
  host: string;
  community(name: string): string;
  user(name: string): string;
  /** Activities POSTed to any of its inboxes, parsed. */
  received: Record<string, unknown>[];
  /** Paths GET requests asked for. */
  fetched: string[];
  /** Serves `doc` at its `id` (activities and objects Flock may fetch). */
  serve(doc: Record<string, unknown>): void;
  /** A new id on this instance, e.g. `activities/create/<uuid>`. */
  newId(kind: string): string;
  /** POSTs `activity` to `inbox`, signed by `signer` (a community or user name); answers the status. */
  deliver(inbox: string, activity: Record<string, unknown>, signer: string): Promise<number>;
}

function keyPair(): Omit<Actor, 'uri'> {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: pair.publicKey, privateKeyPem: pair.privateKey };
}

/** Starts the peer with one community and the given users; closed at the test's teardown. */
export async function startLemmyPeer(t: Test, communityName: string, userNames: string[]): Promise<LemmyPeer> {
  const actors = new Map<string, Actor & { document: Record<string, unknown> }>();
  const documents = new Map<string, Record<string, unknown>>();
  const received: Record<string, unknown>[] = [];
  const fetched: string[] = [];
  let origin = '';

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          // kept out of `received`: the test sees nothing arrived
        }
        res.writeHead(200).end();
      });
      return;
    }
    fetched.push(path);
    const url = new URL(path, origin);
    if (url.pathname === '/.well-known/webfinger') {
      const match = /^acct:([^@]+)@/.exec(url.searchParams.get('resource') ?? '');
      const name = match?.[1];
      const uri = name === communityName ? `${origin}/c/${name}` : `${origin}/u/${name}`;
      if (name === undefined || !actors.has(uri)) return res.writeHead(404).end();
      return res.writeHead(200, { 'Content-Type': 'application/jrd+json' }).end(
        JSON.stringify({
          subject: url.searchParams.get('resource'),
          links: [{ rel: 'self', type: 'application/activity+json', href: uri }],
        }),
      );
    }
    const doc = actors.get(`${origin}${url.pathname}`)?.document ?? documents.get(`${origin}${url.pathname}`);
    if (doc === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/activity+json' }).end(JSON.stringify(doc));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const community = (name: string) => `${origin}/c/${name}`;
  const user = (name: string) => `${origin}/u/${name}`;
  const group = community(communityName);
  actors.set(group, {
    uri: group,
    ...keyPair(),
    document: {},
  });
  const groupActor = actors.get(group)!;
  groupActor.document = {
    '@context': CONTEXT,
    id: group,
    type: 'Group',
    preferredUsername: communityName,
    name: 'Ten Forward',
    summary: '<p>The lounge of the Enterprise</p>',
    sensitive: false,
    postingRestrictedToMods: false,
    inbox: `${group}/inbox`,
    outbox: `${group}/outbox`,
    followers: `${group}/followers`,
    featured: `${group}/featured`,
    attributedTo: `${group}/moderators`,
    endpoints: { sharedInbox: `${origin}/inbox` },
    publicKey: { id: `${group}#main-key`, owner: group, publicKeyPem: groupActor.publicKeyPem },
    published: '2023-01-01T00:00:00Z',
  };
  for (const name of userNames) {
    const uri = user(name);
    const keys = keyPair();
    actors.set(uri, {
      uri,
      ...keys,
      document: {
        '@context': CONTEXT,
        id: uri,
        type: 'Person',
        preferredUsername: name,
        inbox: `${uri}/inbox`,
        outbox: `${uri}/outbox`,
        endpoints: { sharedInbox: `${origin}/inbox` },
        publicKey: { id: `${uri}#main-key`, owner: uri, publicKeyPem: keys.publicKeyPem },
        published: '2023-01-01T00:00:00Z',
      },
    });
  }

  return {
    origin,
    host: new URL(origin).host,
    community,
    user,
    received,
    fetched,
    serve(doc) {
      documents.set(doc.id as string, doc);
    },
    newId: (kind) => `${origin}/${kind}/${randomUUID()}`,
    async deliver(inbox, activity, signer) {
      const actor = actors.get(community(signer)) ?? actors.get(user(signer));
      if (actor === undefined) throw new Error(`Expected a known signer, got ${signer}`);
      const body = JSON.stringify({ '@context': CONTEXT, ...activity });
      const headers = signCavage({
        method: 'POST',
        url: inbox,
        body,
        keyId: `${actor.uri}#main-key`,
        privateKeyPem: actor.privateKeyPem,
      });
      // fetch sets Host itself, to the same value
      const { Host: _host, ...rest } = headers;
      const res = await fetch(inbox, {
        method: 'POST',
        headers: { ...rest, 'Content-Type': 'application/activity+json' },
        body,
      });
      await res.arrayBuffer();
      return res.status;
    },
  };
}
