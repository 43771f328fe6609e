/**
 * The inbox scenario (`--only=inbox`): signed Create activities from many remote actors POSTed at
 * Flock's shared inbox by a load generator in its own process (inbox-load.ts). The actors live on a
 * bench peer in this process (a node:http server on 127.0.0.1 serving their documents), warmed first
 * so their keys are cached. Reported: accepted (202) activities/s and p99, applied activities/s (until
 * the inbox queue, read from /healthz, is empty again), the ratio of accepted/s to the RSA-2048
 * verify rate measured in the load generator's process just before the load (target ≥ 60 %), and
 * timeline reads during the inbox load beside reads alone.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signCavage } from '../src/federation/index.js';
import type { InboxLoadResult, InboxLoadSpec } from './inbox-load.js';
import { type Child, nextMessage, sampleProcess, start } from './procs.js';

/** The remote actors the activities come from. */
export const INBOX_ACTORS = 64;
/** Activities signed ahead for the run measured alone (the load generator sends them as fast as they are accepted). */
export const INBOX_ALONE_COUNT = 8_000;
/** Most activities signed ahead for the run beside timeline reads (signing costs ≈ 1 s per 1,000). */
export const INBOX_DURING_MAX = 16_000;
export const INBOX_CONNECTIONS = 64;

export interface InboxRun extends InboxLoadResult {
  label: string;
  connections: number;
  /** Activities applied per second: from the first request until the inbox queue was empty again. */
  appliedPerSec: number | null;
  /** Seconds from the last answer until the queue was empty. */
  drainSeconds: number | null;
  /** acceptedPerSec / verifyPerSec. */
  shareOfVerifyRate: number;
  /** Flock's CPU from the first request until the queue was empty: cores, and µs per accepted activity (accept and apply). */
  server?: { cores: number; gatewayCores: number; usPerActivity: number; gatewayUsPerActivity: number };
  /** The same load at a bare uWS server that only parses the body (ceiling.ts answering 202): its rate, and ours as a share of it. */
  ceiling?: { acceptedPerSec: number; share: number };
}

export interface BenchPeer {
  origin: string;
  actors: { uri: string; privateKeyPem: string }[];
  close(): Promise<void>;
}

/** A peer serving `count` Person actors with RSA-2048 keys at `<origin>/users/a<n>`. */
export async function startBenchPeer(count: number): Promise<BenchPeer> {
  const documents = new Map<string, string>();
  const actors: BenchPeer['actors'] = [];
  const server: Server = createServer((req, res) => {
    const doc = documents.get(req.url ?? '');
    if (req.method !== 'GET' || doc === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/activity+json' }).end(doc);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (let n = 0; n < count; n++) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const uri = `${origin}/users/a${n}`;
    documents.set(
      `/users/a${n}`,
      JSON.stringify({
        '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
        id: uri,
        type: 'Person',
        preferredUsername: `a${n}`,
        inbox: `${uri}/inbox`,
        outbox: `${uri}/outbox`,
        followers: `${uri}/followers`,
        endpoints: { sharedInbox: `${origin}/inbox` },
        publicKey: { id: `${uri}#main-key`, owner: uri, publicKeyPem: publicKey },
      }),
    );
    actors.push({ uri, privateKeyPem: privateKey });
  }
  return {
    origin,
    actors,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Delivers one signed activity per actor, so Flock fetches and stores every actor and key before the load. */
export async function warmActors(flockOrigin: string, publicUrl: string, peer: BenchPeer): Promise<void> {
  await Promise.all(
    peer.actors.map(async (actor, n) => {
      const body = JSON.stringify({
        id: `${actor.uri}/activities/warm-${Date.now()}-${n}`,
        type: 'Bench',
        actor: actor.uri,
        object: `${actor.uri}/notes/none`,
      });
      const status = await postSigned(flockOrigin, publicUrl, body, `${actor.uri}#main-key`, actor.privateKeyPem);
      if (status !== 202)
        throw new Error(`Expected the warm-up delivery of ${actor.uri} to be accepted, got ${status}`);
    }),
  );
}

/**
 * POSTs `body` to Flock's shared inbox at `flockOrigin`, signed (draft-cavage) for its public origin
 * `publicUrl`, with that origin's Host (fetch will not send another Host than the URL's); answers the status.
 */
export function postSigned(
  flockOrigin: string,
  publicUrl: string,
  body: string,
  keyId: string,
  privateKeyPem: string,
): Promise<number> {
  const { Host: _host, ...headers } = signCavage({
    method: 'POST',
    url: `${publicUrl}/inbox`,
    body,
    keyId,
    privateKeyPem,
  });
  const url = new URL(`${flockOrigin}/inbox`);
  return new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: '/inbox',
        method: 'POST',
        headers: { ...headers, host: new URL(publicUrl).host, 'content-type': 'application/activity+json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The inbox queue's depth, from /healthz. */
async function inboxQueued(flockOrigin: string): Promise<number | null> {
  const res = await fetch(`${flockOrigin}/healthz`);
  const health = (await res.json()) as { inboxQueued?: unknown };
  return typeof health.inboxQueued === 'number' ? health.inboxQueued : null;
}

/** Waits (≤ 120 s) until the inbox queue is empty; answers when (epoch ms), or null. */
export async function drained(flockOrigin: string): Promise<number | null> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if ((await inboxQueued(flockOrigin)) === 0) return Date.now();
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

/**
 * Starts an inbox load generator and has it sign its activities; `go()` starts the load and resolves
 * with the run once the queue has drained.
 */
export async function prepareInboxLoad(
  serverPid: number,
  script: string,
  spec: InboxLoadSpec,
  label: string,
  /** false for a server with no queue to drain (the ceiling). */
  drains = true,
): Promise<{ loadgen: Child; go(): Promise<InboxRun> }> {
  const loadgen = start({ name: `inbox load (${label})`, script });
  try {
    await nextMessage(loadgen, (m): m is { waiting: true } => (m as { waiting?: unknown })?.waiting === true, 30_000);
    loadgen.proc.send({ spec });
    await nextMessage(
      loadgen,
      (m): m is { ready: true } => (m as { ready?: unknown })?.ready === true,
      (60 + spec.count / 300) * 1000,
    );
  } catch (err) {
    await loadgen.stop(5_000);
    throw err;
  }
  return {
    loadgen,
    async go() {
      const sample = sampleProcess(serverPid);
      const started = performance.now();
      try {
        loadgen.proc.send({ go: true });
        const { result } = await nextMessage(
          loadgen,
          (m): m is { result: InboxLoadResult } => typeof (m as { result?: unknown })?.result === 'object',
          (spec.seconds + 60) * 1000,
        );
        const emptyAt = drains ? await drained(spec.origin) : null;
        const applied = emptyAt === null ? null : (emptyAt - result.startedAt) / 1000;
        const cpu = sample.finish();
        const perActivity = (cores: number) =>
          Math.round((cores * ((performance.now() - started) / 1000) * 1e6) / Math.max(1, result.accepted));
        return {
          ...result,
          label,
          connections: spec.connections,
          appliedPerSec: applied === null ? null : Math.round(result.accepted / applied),
          drainSeconds: emptyAt === null ? null : Math.round((emptyAt - result.finishedAt) / 100) / 10,
          shareOfVerifyRate: Math.round((result.acceptedPerSec / result.verifyPerSec) * 1000) / 10,
          server: {
            cores: cpu.cpu,
            gatewayCores: cpu.cpuMain,
            usPerActivity: perActivity(cpu.cpu),
            gatewayUsPerActivity: perActivity(cpu.cpuMain),
          },
        };
      } finally {
        await loadgen.stop(5_000);
      }
    },
  };
}

export const describeInbox = (r: InboxRun): string =>
  `inbox ${r.label} c=${r.connections}: ${r.acceptedPerSec}/s accepted (${r.accepted} of ${r.sent} in ${r.seconds} s), ` +
  `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms; applied ${r.appliedPerSec ?? '?'}/s (queue empty ${r.drainSeconds ?? '?'} s after the last answer); ` +
  `RSA-2048 verify ${r.verifyPerSec}/s on one core → ${r.shareOfVerifyRate} % (target ≥ 60 %)` +
  (r.ceiling === undefined
    ? ''
    : `; a bare uWS server that only parses the body: ${r.ceiling.acceptedPerSec}/s with the same load, Flock ${r.ceiling.share} % of it`) +
  (r.server === undefined
    ? ''
    : `; server CPU ${r.server.cores} cores (gateway thread ${r.server.gatewayCores}), ${r.server.usPerActivity} µs per activity (${r.server.gatewayUsPerActivity} on the gateway thread)`) +
  (r.accepted < r.sent ? `; answers ${JSON.stringify(r.statusCodes)}, ${r.errors} errors` : '');
