/**
 * The inbox load generator, a child process of run.ts (its own event loop and core): receives one
 * InboxLoadSpec over IPC, measures RSA-2048 verifications per second on one core (the ceiling the
 * inbox is compared with), signs `count` distinct Create activities ahead of the load (draft-cavage
 * with Flock's signCavage, on two worker threads: an RSA signature costs ≈ 30 verifications), answers
 * `{ready}`, and on `{go}` POSTs them at the shared inbox over `connections` keep-alive connections,
 * then answers one InboxLoadResult. Bounded in count (the signed requests) and time (`seconds`, plus a
 * hard exit).
 */
import { createSign, generateKeyPairSync, verify } from 'node:crypto';
import { connect } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { signCavage } from '../src/federation/index.js';
import type { Latency } from './load.js';

export interface InboxLoadSpec {
  /** Where Flock listens: http://127.0.0.1:<port>. */
  origin: string;
  /** Flock's public URL: what the signatures name (Host and target). */
  publicUrl: string;
  /** The remote actors whose keys sign, as the bench peer serves them. */
  actors: { uri: string; privateKeyPem: string }[];
  /** Activities signed ahead and sent. */
  count: number;
  connections: number;
  /** Stop sending after this many seconds even if activities remain. */
  seconds: number;
  /** Distinguishes the activity ids of one run from another's. */
  runId: string;
}

export interface InboxLoadResult {
  /** RSA-2048 (PKCS#1 v1.5, SHA-256) verifications per second on one core of this process, before the load. */
  verifyPerSec: number;
  signSeconds: number;
  sent: number;
  /** Answered 202. */
  accepted: number;
  seconds: number;
  acceptedPerSec: number;
  statusCodes: Record<string, number>;
  errors: number;
  /** ms, every answered request. */
  latency: Latency;
  /** Epoch ms of the first request sent and the last answer. */
  startedAt: number;
  finishedAt: number;
}

interface Signed {
  body: string;
  headers: Record<string, string>;
}

interface SignJob {
  spec: InboxLoadSpec;
  from: number;
  to: number;
}

/** The n-th activity: a public Create{Note} by actor n mod A, ids on the actor's host. */
function signOne(spec: InboxLoadSpec, n: number): Signed {
  const actor = spec.actors[n % spec.actors.length]!;
  const id = `${actor.uri}/activities/${spec.runId}-${n}`;
  const body = JSON.stringify({
    '@context': 'https://www.w3.org/ns/activitystreams',
    id,
    type: 'Create',
    actor: actor.uri,
    published: new Date().toISOString(),
    to: ['https://www.w3.org/ns/activitystreams#Public'],
    cc: [`${actor.uri}/followers`],
    object: {
      id: `${actor.uri}/notes/${spec.runId}-${n}`,
      type: 'Note',
      attributedTo: actor.uri,
      content: `<p>Inbox bench note ${n}: a remote post of ordinary length, to be verified, queued and stored.</p>`,
      published: new Date().toISOString(),
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      cc: [`${actor.uri}/followers`],
    },
  });
  const { Host, ...signed } = signCavage({
    method: 'POST',
    url: `${spec.publicUrl}/inbox`,
    body,
    keyId: `${actor.uri}#main-key`,
    privateKeyPem: actor.privateKeyPem,
  });
  return { body, headers: { ...signed, host: Host!, 'content-type': 'application/activity+json' } };
}

/** RSA-2048 verifications in one second on this thread. */
function verifyRate(): number {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const data = Buffer.from('x'.repeat(400));
  const signature = createSign('sha256').update(data).sign(privateKey);
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < 1000) {
    verify('sha256', data, publicKey, signature);
    n++;
  }
  return Math.round(n / ((performance.now() - started) / 1000));
}

/** Signs every activity of the spec on two worker threads. */
async function signAll(spec: InboxLoadSpec): Promise<Signed[]> {
  const half = Math.ceil(spec.count / 2);
  const jobs: SignJob[] = [
    { spec, from: 0, to: half },
    { spec, from: half, to: spec.count },
  ];
  const parts = await Promise.all(
    jobs.map(
      (job) =>
        new Promise<Signed[]>((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: job });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return parts.flat();
}

/** A signed activity as the bytes of its whole request (head and body), built before the load. */
function requestBytes(path: string, item: Signed): Buffer {
  const body = Buffer.from(item.body);
  let head = `POST ${path} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(item.headers)) head += `${name}: ${value}\r\n`;
  head += `content-length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/**
 * Reads HTTP/1.1 responses off one connection: the status from the status line, the body skipped by
 * its Content-Length (Flock's gateway always sends one). Answers each complete response's status.
 */
class ResponseReader {
  private pending: Buffer = Buffer.alloc(0);

  /** The statuses of the responses completed by `chunk`; throws on a response it cannot frame. */
  read(chunk: Buffer): number[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const statuses: number[] = [];
    for (;;) {
      const headEnd = this.pending.indexOf('\r\n\r\n');
      if (headEnd < 0) break;
      const head = this.pending.toString('latin1', 0, headEnd);
      const status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (length === null) throw new Error(`Expected a Content-Length in the answer: ${head.slice(0, 200)}`);
      const total = headEnd + 4 + Number(length[1]);
      if (this.pending.length < total) break;
      statuses.push(status);
      this.pending = this.pending.subarray(total);
    }
    return statuses;
  }
}

/**
 * POSTs every signed activity, `connections` at a time on keep-alive connections, until done or
 * `seconds` pass. Each connection writes a request's prepared bytes and waits for its answer, so the
 * load generator's own cost per request is a write and a read (node:http's client cost several times
 * what Flock spends accepting an activity, on the same two cores).
 */
async function fire(
  spec: InboxLoadSpec,
  signed: Signed[],
): Promise<Omit<InboxLoadResult, 'verifyPerSec' | 'signSeconds'>> {
  const url = new URL(`${spec.origin}/inbox`);
  const requests = signed.map((item) => requestBytes(url.pathname, item));
  const latencies = new Float64Array(signed.length);
  const statusCodes: Record<string, number> = {};
  let answered = 0;
  let accepted = 0;
  let errors = 0;
  let next = 0;
  const startedAt = Date.now();
  const deadline = performance.now() + spec.seconds * 1000;
  const record = (status: number, sentAt: number) => {
    latencies[answered++] = performance.now() - sentAt;
    if (status === 202) accepted++;
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
  };
  /** One connection's loop: resolves when no request is left or the time is up; reconnects after an error. */
  const connection = () =>
    new Promise<void>((resolve) => {
      const socket = connect({ host: url.hostname, port: Number(url.port) });
      socket.setNoDelay(true);
      const reader = new ResponseReader();
      let sentAt = 0;
      let waiting = false;
      const sendNext = () => {
        if (next >= requests.length || performance.now() >= deadline) {
          socket.end();
          return resolve();
        }
        waiting = true;
        sentAt = performance.now();
        socket.write(requests[next++]!);
      };
      socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
      socket.on('connect', sendNext);
      socket.on('data', (chunk: Buffer) => {
        let statuses: number[];
        try {
          statuses = reader.read(chunk);
        } catch (err) {
          return socket.destroy(err as Error);
        }
        for (const status of statuses) {
          waiting = false;
          record(status, sentAt);
          sendNext();
        }
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (!waiting) return resolve();
        errors++;
        // the request in flight is lost; the rest go over a new connection
        connection().then(resolve);
      });
    });
  await Promise.all(Array.from({ length: spec.connections }, connection));
  const finishedAt = Date.now();
  const seconds = (finishedAt - startedAt) / 1000;
  return {
    sent: next,
    accepted,
    seconds: round(seconds, 2),
    acceptedPerSec: Math.round(accepted / seconds),
    statusCodes,
    errors,
    latency: summarise(latencies.subarray(0, answered)),
    startedAt,
    finishedAt,
  };
}

function summarise(values: Float64Array): Latency {
  if (values.length === 0) return { mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!, 2);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    mean: round(sum / sorted.length, 2),
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: round(sorted[sorted.length - 1]!, 2),
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

if (!isMainThread) {
  const { spec, from, to } = workerData as SignJob;
  const signed: Signed[] = [];
  for (let n = from; n < to; n++) signed.push(signOne(spec, n));
  parentPort!.postMessage(signed);
} else if (process.send !== undefined) {
  process.once('message', (message: { spec: InboxLoadSpec }) => {
    const { spec } = message;
    // signing ahead takes about a second per 1,000 activities on two cores; the load itself spec.seconds
    setTimeout(
      () => {
        process.stderr.write('inbox load: still running long after its bound; exiting\n');
        process.exit(2);
      },
      (spec.seconds + 60 + spec.count / 500) * 1000,
    ).unref();
    const verifyPerSec = verifyRate();
    const signStarted = performance.now();
    signAll(spec).then(
      (signed) => {
        const signSeconds = round((performance.now() - signStarted) / 1000, 1);
        process.once('message', () => {
          fire(spec, signed).then(
            (result) => process.send!({ result: { verifyPerSec, signSeconds, ...result } }, () => process.exit(0)),
            (err: unknown) => {
              process.stderr.write(`inbox load: ${(err as Error).stack ?? String(err)}\n`);
              process.exit(1);
            },
          );
        });
        process.send!({ ready: true });
      },
      (err: unknown) => {
        process.stderr.write(`inbox load: ${(err as Error).stack ?? String(err)}\n`);
        process.exit(1);
      },
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ waiting: true });
}
