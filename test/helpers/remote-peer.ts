/**
 * A generic remote fediverse server for the federation tests: a real node:http server on 127.0.0.1
 * that hosts actors (`Person`, each with an RSA-2048 key at `<actor>#main-key`) at
 * `<origin>/users/<name>`, answers WebFinger for them, serves any document put at its id, records
 * what it receives and what it is asked for, and delivers activities to a Flock inbox signed the way
 * real servers sign them (Flock's own signCavage / signRfc9421).
 *
 *     const peer = await startRemotePeer(t, ['bob', 'carol']);
 *     const status = await peer.deliver(`${server.url}/inbox`, peer.activity('bob', 'Create', note));
 *
 * `deliver`'s options forge what the forgery tests need: another scheme, a skewed clock, a body
 * changed after signing, another signer, no signature at all.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
import type { Test } from 'tap';
import { signCavage, signRfc9421 } from '../../src/federation/index.js';

export const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
export const AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

export interface PeerOptions {
  /**
   * The host name in the peer's URLs (default 127.0.0.1). Another loopback address (`127.0.0.2`) is a
   * second host it also listens on; a name (`localhost`) is a second host listening on 127.0.0.1.
   */
  hostname?: string;
}

export interface DeliverOptions {
  /** Signature scheme (default 'cavage'). */
  scheme?: 'cavage' | 'rfc9421';
  /** Whose key signs (default: the actor named in `deliver`). */
  signer?: string;
  /** The signing clock, ms (default now). */
  now?: number;
  /** Send without any signature. */
  unsigned?: boolean;
  /** The body actually sent, when it should differ from the one signed. */
  sentBody?: string;
  /** Content-Type (default application/activity+json). */
  contentType?: string;
  /** Cavage: sign `(request-target)` with the query. */
  withQuery?: boolean;
}

export interface RemotePeer {
  /** `http://<hostname>:<port>` */
  origin: string;
  /** `<hostname>:<port>`: the host of its remote users in Flock. */
  host: string;
  /** The actor URI of `name` (one of the names it was started with). */
  actor(name: string): string;
  /** Adds an actor (with a fresh key) and answers its URI. */
  addActor(name: string): string;
  /** Replaces an actor's key pair (key rotation: same key id, new key). */
  rotateKey(name: string): void;
  /** Serves `doc` at its `id` (objects and activities Flock may fetch). */
  serve(doc: Record<string, unknown>): void;
  /** Stops serving the document at `id` (the peer then answers 404 there). */
  unserve(id: string): void;
  /** A fresh id on this peer, e.g. `newId('notes')` → `<origin>/notes/<uuid>`. */
  newId(kind: string): string;
  /** An activity of `actorName` with a fresh id on this peer, addressed to the public. */
  activity(actorName: string, type: string, object: unknown, extra?: Record<string, unknown>): Record<string, unknown>;
  /** POSTs `activity` to `inbox`, signed by `actorName`'s key; answers the status. */
  deliver(
    inbox: string,
    activity: Record<string, unknown>,
    actorName?: string,
    options?: DeliverOptions,
  ): Promise<number>;
  /**
   * How the peer answers a POST (each is recorded in `received` first): a status, 'hang' to never
   * answer, or a function that writes the answer itself. Default 202. Set it to play a failing, gone,
   * dead or odd server.
   */
  answerPost: (path: string) => number | 'hang' | ((res: ServerResponse) => void);
  /** Bodies POSTed to any path of the peer, parsed (null when not JSON), with the path. */
  received: { path: string; body: unknown }[];
  /** Paths (with query) of the GET requests it answered or refused. */
  fetched: string[];
}

interface Actor {
  uri: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

function keyPair(): Omit<Actor, 'uri'> {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: pair.publicKey, privateKeyPem: pair.privateKey };
}

/** Starts the peer with actors `names`; closed at the test's teardown. */
export async function startRemotePeer(t: Test, names: string[], options: PeerOptions = {}): Promise<RemotePeer> {
  const actors = new Map<string, Actor>();
  const documents = new Map<string, Record<string, unknown>>();
  const received: RemotePeer['received'] = [];
  const fetched: string[] = [];
  let origin = '';

  const actorDocument = (name: string, actor: Actor) => ({
    '@context': [AS_CONTEXT, 'https://w3id.org/security/v1'],
    id: actor.uri,
    type: 'Person',
    preferredUsername: name,
    inbox: `${actor.uri}/inbox`,
    outbox: `${actor.uri}/outbox`,
    followers: `${actor.uri}/followers`,
    featured: `${actor.uri}/collections/featured`,
    endpoints: { sharedInbox: `${origin}/inbox` },
    publicKey: { id: `${actor.uri}#main-key`, owner: actor.uri, publicKeyPem: actor.publicKeyPem },
  });

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body: unknown = null;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          // recorded as null: the test sees something unreadable arrived
        }
        received.push({ path, body });
        const answer = peer.answerPost(path);
        if (typeof answer === 'function') answer(res);
        else if (answer !== 'hang') res.writeHead(answer).end();
      });
      return;
    }
    fetched.push(path);
    const url = new URL(path, origin);
    if (url.pathname === '/.well-known/webfinger') {
      const name = /^acct:([^@]+)@/.exec(url.searchParams.get('resource') ?? '')?.[1];
      const actor = name === undefined ? undefined : actors.get(name);
      if (actor === undefined) return res.writeHead(404).end();
      return res.writeHead(200, { 'Content-Type': 'application/jrd+json' }).end(
        JSON.stringify({
          subject: `acct:${name}@${new URL(origin).host}`,
          links: [{ rel: 'self', type: 'application/activity+json', href: actor.uri }],
        }),
      );
    }
    const id = `${origin}${url.pathname}`;
    const name = /^\/users\/([^/]+)$/.exec(url.pathname)?.[1];
    const actor = name === undefined ? undefined : actors.get(name);
    const doc = actor !== undefined ? actorDocument(name!, actor) : documents.get(id);
    if (doc === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/activity+json' }).end(JSON.stringify(doc));
  });
  const hostname = options.hostname ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, isIP(hostname) ? hostname : '127.0.0.1', resolve));
  origin = `http://${hostname}:${(server.address() as AddressInfo).port}`;
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  const addActor = (name: string) => {
    const uri = `${origin}/users/${name}`;
    actors.set(name, { uri, ...keyPair() });
    return uri;
  };
  for (const name of names) addActor(name);
  const actorOf = (name: string) => {
    const actor = actors.get(name);
    if (actor === undefined) throw new Error(`Expected an actor of the peer, got ${name}`);
    return actor;
  };
  const newId = (kind: string) => `${origin}/${kind}/${randomUUID()}`;

  const peer: RemotePeer = {
    origin,
    host: new URL(origin).host,
    actor: (name) => actorOf(name).uri,
    addActor,
    rotateKey(name) {
      actors.set(name, { ...actorOf(name), ...keyPair() });
    },
    serve(doc) {
      documents.set(doc.id as string, doc);
    },
    unserve(id) {
      documents.delete(id);
    },
    newId,
    activity: (actorName, type, object, extra = {}) => ({
      '@context': AS_CONTEXT,
      id: newId(`activities/${type.toLowerCase()}`),
      type,
      actor: actorOf(actorName).uri,
      object,
      to: [AS_PUBLIC],
      ...extra,
    }),
    async deliver(inbox, activity, actorName, options = {}) {
      const signer = actorOf(options.signer ?? actorName ?? /\/users\/([^/]+)$/.exec(String(activity.actor))![1]!);
      const body = JSON.stringify(activity);
      const sign = {
        method: 'POST',
        url: inbox,
        body,
        keyId: `${signer.uri}#main-key`,
        privateKeyPem: signer.privateKeyPem,
      };
      const signed = options.unsigned
        ? {}
        : options.scheme === 'rfc9421'
          ? signRfc9421({ ...sign, now: options.now })
          : signCavage({ ...sign, now: options.now, withQuery: options.withQuery });
      // fetch sets Host itself, to the same value; a skewed clock needs its Date kept
      const { Host: _host, ...headers } = signed as Record<string, string>;
      const res = await fetch(inbox, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': options.contentType ?? 'application/activity+json' },
        body: options.sentBody ?? body,
        signal: AbortSignal.timeout(15_000),
      });
      await res.arrayBuffer();
      return res.status;
    },
    answerPost: () => 202,
    received,
    fetched,
  };
  return peer;
}
