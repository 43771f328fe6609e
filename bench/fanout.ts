/**
 * The fan-out delivery scenario (`--only=fanout`): one note by a local author followed by 1,000 remote
 * actors, each on a host of its own (a sink in this process listening on 1,000 loopback ports; one in
 * ten answers 500), delivered with shared-inbox dedupe off. The followers arrive through Flock's inbox
 * (signed Follows; every actor shares one RSA key, which Flock fetches once per actor). Reported:
 * deliveries/s until every healthy host has the note, the time from the post's 200 until then (target
 * ≤ 5 s), and deliveries/s as a share of the RSA-2048 signing rate measured here on one core (target
 * ≥ 70 %).
 */
import { createPrivateKey, createSign, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postSigned } from './inbox.js';

export const FANOUT_HOSTS = 1_000;
/** Every tenth host answers 500 (its deliveries are retried later, outside the measurement). */
const FAILING_EVERY = 10;

export interface FanoutRun {
  hosts: number;
  failingHosts: number;
  /** Deliveries received by healthy hosts. */
  delivered: number;
  /** From the post's 200 until every healthy host had the note. */
  seconds: number;
  deliveriesPerSec: number;
  signPerSec: number;
  shareOfSignRate: number;
  allHealthyWithin5s: boolean;
}

interface Sink {
  servers: Server[];
  actors: string[];
  /** When each healthy host first received a Create (ms). */
  createdAt: Map<number, number>;
  received: number;
  close(): Promise<void>;
}

/** 1,000 hosts on 127.0.0.1, each serving one actor (`/u`) with the shared key and an inbox. */
async function startSink(publicKeyPem: string): Promise<Sink> {
  const sink: Sink = { servers: [], actors: [], createdAt: new Map(), received: 0, close: async () => {} };
  for (let n = 0; n < FANOUT_HOSTS; n++) {
    let origin = '';
    const server = createServer((req, res) => {
      if (req.method === 'POST') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          if (n % FAILING_EVERY === 0) return res.writeHead(500).end();
          sink.received++;
          if (Buffer.concat(chunks).includes('"type":"Create"') && !sink.createdAt.has(n))
            sink.createdAt.set(n, performance.now());
          res.writeHead(202).end();
        });
        return;
      }
      if (req.url !== '/u') return res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'application/activity+json' }).end(
        JSON.stringify({
          '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
          id: `${origin}/u`,
          type: 'Person',
          preferredUsername: `u${n}`,
          inbox: `${origin}/u/inbox`,
          followers: `${origin}/u/followers`,
          publicKey: { id: `${origin}/u#main-key`, owner: `${origin}/u`, publicKeyPem },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sink.servers.push(server);
    sink.actors.push(`${origin}/u`);
  }
  sink.close = () =>
    Promise.all(
      sink.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.closeAllConnections();
            s.close(() => resolve());
          }),
      ),
    ).then(() => {});
  return sink;
}

/** RSA-2048 signatures per second on this thread, over about a second (the key parsed once, as the outbox keeps it). */
function signRate(privateKeyPem: string): number {
  const key = createPrivateKey(privateKeyPem);
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < 1_000) {
    createSign('sha256').update(`(request-target): post /inbox\nhost: x\ndate: ${count}`).sign(key);
    count++;
  }
  return count / ((performance.now() - started) / 1000);
}

async function post(url: string, path: string, body: unknown, token: string): Promise<any> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return res.status === 204 ? null : res.json();
}

/** Runs the scenario against a Flock started with FLOCK_ALLOWED_PRIVATE_NETWORKS=127.0.0.0/8 and shared-inbox dedupe off. */
export async function runFanout(flockOrigin: string, publicUrl: string, token: string): Promise<FanoutRun> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const sink = await startSink(publicKey);
  try {
    const author = await post(flockOrigin, '/api/i', {}, token);
    const authorUri = `${publicUrl}/users/${author.id}`;
    // the followers arrive through the inbox, a few at a time (each costs Flock an actor fetch)
    const follows = sink.actors.map((actor, n) => async () => {
      const body = JSON.stringify({
        '@context': 'https://www.w3.org/ns/activitystreams',
        id: `${actor}/follows/${n}`,
        type: 'Follow',
        actor,
        object: authorUri,
      });
      const status = await postSigned(flockOrigin, publicUrl, body, `${actor}#main-key`, privateKey);
      if (status !== 202) throw new Error(`a Follow answered ${status}`);
    });
    for (let i = 0; i < follows.length; i += 16) await Promise.all(follows.slice(i, i + 16).map((f) => f()));
    const healthy = FANOUT_HOSTS - Math.ceil(FANOUT_HOSTS / FAILING_EVERY);
    // every Follow applied and its Accept out: the healthy hosts have all answered an Accept
    const acceptsBy = performance.now() + 120_000;
    while (sink.received < healthy && performance.now() < acceptsBy) await new Promise((r) => setTimeout(r, 100));
    if (sink.received < healthy) throw new Error(`only ${sink.received} of ${healthy} Accepts arrived`);
    const signPerSec = signRate(privateKey);

    const receivedBefore = sink.received;
    await post(flockOrigin, '/api/notes/create', { text: 'fan-out bench' }, token);
    const posted = performance.now();
    const deadline = posted + 60_000;
    while (sink.createdAt.size < healthy && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const last = Math.max(...sink.createdAt.values());
    const seconds = (last - posted) / 1000;
    const delivered = sink.received - receivedBefore;
    const deliveriesPerSec = delivered / seconds;
    return {
      hosts: FANOUT_HOSTS,
      failingHosts: FANOUT_HOSTS - healthy,
      delivered,
      seconds,
      deliveriesPerSec,
      signPerSec,
      shareOfSignRate: deliveriesPerSec / signPerSec,
      allHealthyWithin5s: sink.createdAt.size === healthy && seconds <= 5,
    };
  } finally {
    await sink.close();
  }
}

export const describeFanout = (r: FanoutRun): string =>
  `fan-out to ${r.hosts} hosts (${r.failingHosts} failing): ${r.delivered} deliveries to healthy hosts in ${r.seconds.toFixed(2)} s after the post = ${Math.round(r.deliveriesPerSec)}/s; RSA-2048 signing ${Math.round(r.signPerSec)}/s on one core → ${(r.shareOfSignRate * 100).toFixed(1)} % (target ≥ 70 %); every healthy host within 5 s: ${r.allHealthyWithin5s ? 'yes' : 'no'}`;
