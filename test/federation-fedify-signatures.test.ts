/**
 * HTTP signatures against a real Fedify peer: what Fedify signs (RFC 9421 first, draft-cavage when
 * told to) Flock's verifier accepts, and what Flock's signer signs (both forms) Fedify's inbox accepts.
 * Flock's side is a small node:http server using Flock's signature library with its own RSA key.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Create, Note } from '@fedify/fedify/vocab';
import t, { type Test } from 'tap';
import { type SignedRequest, signCavage, signRfc9421, verifyRequest } from '../src/federation/index.js';
import { startFedifyPeer } from './helpers/fedify-peer.js';

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** Flock's side: bob's actor document, and an inbox that checks signatures with Flock's verifier. */
async function startFlockSide(t: Test) {
  const bobKeys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const verdicts: { ok: boolean; scheme?: string; reason?: string }[] = [];
  let origin = '';
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'GET' && req.url === '/users/bob') {
      res.writeHead(200, { 'Content-Type': 'application/activity+json' });
      res.end(JSON.stringify(bobActor(origin, bobKeys.publicKey)));
      return;
    }
    if (req.method === 'POST' && req.url === '/users/bob/inbox') {
      const signed: SignedRequest = {
        method: req.method,
        url: origin + req.url,
        header: (name) => {
          const v = req.headers[name];
          return Array.isArray(v) ? v.join(', ') : v;
        },
        body,
      };
      const result = await verifyRequest(signed, fetchPublicKey, { expectedHost: new URL(origin).host });
      verdicts.push(result.ok ? { ok: true, scheme: result.scheme } : { ok: false, reason: result.reason });
      res.writeHead(result.ok ? 202 : 401).end();
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { origin, bob: `${origin}/users/bob`, privateKeyPem: bobKeys.privateKey, verdicts };
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });

const bobActor = (origin: string, publicKeyPem: string) => ({
  '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
  id: `${origin}/users/bob`,
  type: 'Person',
  preferredUsername: 'bob',
  inbox: `${origin}/users/bob/inbox`,
  outbox: `${origin}/users/bob/outbox`,
  publicKey: { id: `${origin}/users/bob#main-key`, owner: `${origin}/users/bob`, publicKeyPem },
});

/** The key a keyId names, from its actor document (Fedify's keys are `<actor>#main-key`). */
async function fetchPublicKey(keyId: string): Promise<string | null> {
  const res = await fetch(keyId.replace(/#.*$/, ''), { headers: { Accept: 'application/activity+json' } });
  if (!res.ok) return null;
  const actor = (await res.json()) as {
    publicKey?: { id: string; publicKeyPem: string } | { id: string; publicKeyPem: string }[];
  };
  const keys = Array.isArray(actor.publicKey) ? actor.publicKey : actor.publicKey ? [actor.publicKey] : [];
  return keys.find((k) => k.id === keyId)?.publicKeyPem ?? null;
}

const createBy = (actor: string, n: number, content: string) => ({
  '@context': 'https://www.w3.org/ns/activitystreams',
  id: `${actor}/activities/${n}`,
  type: 'Create',
  actor,
  to: [PUBLIC],
  object: { id: `${actor}/notes/${n}`, type: 'Note', attributedTo: actor, content, to: [PUBLIC] },
});

t.test('Fedify signs, Flock verifies', async (t) => {
  const flock = await startFlockSide(t);
  for (const firstKnock of ['rfc9421', 'draft-cavage-http-signatures-12'] as const) {
    const peer = await startFedifyPeer(t, { firstKnock });
    const ctx = peer.federation.createContext(new URL(peer.origin), undefined);
    const before = flock.verdicts.length;
    await ctx.sendActivity(
      { identifier: 'alice' },
      { id: new URL(flock.bob), inboxId: new URL(`${flock.bob}/inbox`) },
      new Create({
        id: new URL(`${peer.origin}/creates/1`),
        actor: ctx.getActorUri('alice'),
        object: new Note({
          id: new URL(`${peer.origin}/notes/1`),
          attribution: ctx.getActorUri('alice'),
          content: 'hi',
        }),
      }),
    );
    const verdicts = flock.verdicts.slice(before);
    t.same(
      verdicts,
      [{ ok: true, scheme: firstKnock === 'rfc9421' ? 'rfc9421' : 'draft-cavage-12' }],
      `Fedify's ${firstKnock} signature verified at the first knock`,
    );
  }
});

t.test('Flock signs, Fedify verifies (its inbox listener runs only after verification)', async (t) => {
  const flock = await startFlockSide(t);
  const peer = await startFedifyPeer(t);
  const inbox = peer.inboxUrl('alice');
  const send = async (n: number, sign: typeof signCavage | typeof signRfc9421, tamper = false) => {
    const body = JSON.stringify(createBy(flock.bob, n, `note ${n}`));
    const headers = sign({
      method: 'POST',
      url: inbox,
      body,
      keyId: `${flock.bob}#main-key`,
      privateKeyPem: flock.privateKeyPem,
    });
    const res = await fetch(inbox, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/activity+json' },
      body: tamper ? body.replace(`note ${n}`, 'forged') : body,
    });
    await res.arrayBuffer();
    return res.status;
  };
  t.equal(await send(1, signCavage), 202, 'draft-cavage accepted');
  t.equal(await send(2, signRfc9421), 202, 'RFC 9421 accepted');
  t.equal(await send(3, signCavage, true), 401, 'a changed body is refused');
  t.equal(await send(4, signRfc9421, true), 401, 'likewise with RFC 9421');
  t.same(
    peer.received.map((r) => [r.type, r.actor, r.content]),
    [
      ['Create', flock.bob, 'note 1'],
      ['Create', flock.bob, 'note 2'],
    ],
  );
});
