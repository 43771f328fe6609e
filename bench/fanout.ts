/**
 * The fan-out delivery scenario (`--only=fanout`): one note by a local author followed by 1,000 remote
 * actors, each on a host of its own (a uWS sink in this process listening on 1,000 loopback ports; one in
 * ten answers 500), delivered with shared-inbox dedupe off. The followers arrive through Flock's inbox
 * (signed Follows; every actor shares one RSA key, which Flock fetches once per actor). Reported:
 * deliveries/s until every healthy host has the note, the time from the post's 200 until then (target
 * ≤ 5 s), and deliveries/s as a share of the RSA-2048 signing rate measured here on one core (target
 * ≥ 70 %).
 */

import uWS from 'uWebSockets.js';
import { createPrivateKey, createSign, generateKeyPairSync } from 'node:crypto';
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
  /** The warm-up note before the measured one, its code paths still being compiled. */
  cold: { seconds: number; deliveriesPerSec: number };
}

interface Sink {
  actors: string[];
  /** When each healthy host first received a Create (ms). */
  createdAt: Map<number, number>;
  received: number;
  close(): void;
}

/**
 * 1,000 hosts on 127.0.0.1, each serving one actor (`/u`) with the shared key and an inbox: one
 * uWebSockets.js app listening on 1,000 ports, the host told apart by the port in the Host header. The
 * sink shares the two cores with Flock, so it is the cheapest server at hand (a node:http server costs
 * several times as much per request, and that time would be charged to Flock's figure).
 */
async function startSink(publicKeyPem: string): Promise<Sink> {
  const app = uWS.App();
  const hostOfPort = new Map<number, number>();
  const documents: string[] = [];
  const listening: uWS.us_listen_socket[] = [];
  const sink: Sink = {
    actors: [],
    createdAt: new Map(),
    received: 0,
    close: () => {
      for (const socket of listening) uWS.us_listen_socket_close(socket);
    },
  };
  const hostOf = (req: uWS.HttpRequest) => hostOfPort.get(Number(req.getHeader('host').split(':')[1])) ?? -1;
  app.post('/*', (res, req) => {
    const n = hostOf(req);
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    let created = false;
    res.onData((chunk, isLast) => {
      created ||= Buffer.from(chunk).includes('"type":"Create"');
      if (!isLast || aborted) return;
      if (n < 0 || n % FAILING_EVERY === 0) {
        res.cork(() => res.writeStatus('500 Internal Server Error').end());
        return;
      }
      sink.received++;
      if (created && !sink.createdAt.has(n)) sink.createdAt.set(n, performance.now());
      res.cork(() => res.writeStatus('202 Accepted').end());
    });
  });
  app.get('/u', (res, req) => {
    const doc = documents[hostOf(req)];
    if (doc === undefined) res.writeStatus('404 Not Found').end();
    else res.writeHeader('Content-Type', 'application/activity+json').end(doc);
  });
  app.any('/*', (res) => {
    res.writeStatus('404 Not Found').end();
  });
  for (let n = 0; n < FANOUT_HOSTS; n++) {
    const socket = await new Promise<uWS.us_listen_socket>((resolve, reject) =>
      app.listen('127.0.0.1', 0, (s) => (s === false ? reject(new Error('The sink could not listen')) : resolve(s))),
    );
    listening.push(socket);
    const port = uWS.us_socket_local_port(socket as unknown as uWS.us_socket);
    const origin = `http://127.0.0.1:${port}`;
    hostOfPort.set(port, n);
    documents.push(
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
    sink.actors.push(`${origin}/u`);
  }
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
    const fanOut = async (text: string) => {
      sink.createdAt.clear();
      const receivedBefore = sink.received;
      await post(flockOrigin, '/api/notes/create', { text }, token);
      const posted = performance.now();
      const deadline = posted + 60_000;
      while (sink.createdAt.size < healthy && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const seconds = (Math.max(...sink.createdAt.values()) - posted) / 1000;
      const delivered = sink.received - receivedBefore;
      return { delivered, seconds, allHealthy: sink.createdAt.size === healthy };
    };
    // the first note runs the sending path's code cold (V8 compiles it while it runs); the second is measured
    const cold = await fanOut('fan-out bench, warm-up');
    const { delivered, seconds, allHealthy } = await fanOut('fan-out bench');
    const deliveriesPerSec = delivered / seconds;
    return {
      hosts: FANOUT_HOSTS,
      failingHosts: FANOUT_HOSTS - healthy,
      delivered,
      seconds,
      deliveriesPerSec,
      signPerSec,
      shareOfSignRate: deliveriesPerSec / signPerSec,
      allHealthyWithin5s: allHealthy && seconds <= 5,
      cold: { seconds: cold.seconds, deliveriesPerSec: cold.delivered / cold.seconds },
    };
  } finally {
    sink.close();
  }
}

export const describeFanout = (r: FanoutRun): string =>
  `fan-out to ${r.hosts} hosts (${r.failingHosts} failing): ${r.delivered} deliveries to healthy hosts in ${r.seconds.toFixed(2)} s after the post = ${Math.round(r.deliveriesPerSec)}/s; RSA-2048 signing ${Math.round(r.signPerSec)}/s on one core → ${(r.shareOfSignRate * 100).toFixed(1)} % (target ≥ 70 %); every healthy host within 5 s: ${r.allHealthyWithin5s ? 'yes' : 'no'}; the warm-up note before it: ${r.cold.seconds.toFixed(2)} s, ${Math.round(r.cold.deliveriesPerSec)}/s`;
