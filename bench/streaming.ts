/**
 * The streaming scenario (`--only=streaming`): one author and 10,000 followers seeded straight into a
 * fresh store (no sign-up hashing), N of them (1,000, then 10,000) connected to Flock's `/streaming`
 * with homeTimeline open, from a load-generating process of their own (stream-clients.ts). For each of
 * 20 notes: the time from `notes/create` returning (and from sending it) until the last socket has it,
 * and messages/s; then the same sockets get the same bytes from a bare uWS server's publish
 * (stream-ceiling.ts, the ceiling); and, with 10,000 sockets connected, timeline reads/s alone and
 * while the author posts 2 notes/s (20,000 messages/s). Targets: the last socket within 250 ms (p99), messages/s ≥ 50 % of
 * the ceiling's, reads during the stream ≥ 70 % of alone.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { newLocalUser } from '../src/domain/index.js';
import { storedProjection } from '../src/misskey/index.js';
import { genId, NO_COUNTS, openStore, TIMELINE_CLEAN, tokenKey } from '../src/store/index.js';
import { type Child, nextMessage, start, startServer } from './procs.js';
import { BENCH_URL } from './seed.js';

export const STREAM_CLIENT_COUNTS = [1_000, 10_000];
/** Notes measured per client count (after two unrecorded ones). */
const NOTES = 20;
/** Notes per second the author posts while the reads are measured. */
const STREAM_NOTES_PER_SEC = 2;
const DONE_TIMEOUT_MS = 15_000;

const now = () => performance.timeOrigin + performance.now();

export interface StreamingSeed {
  authorToken: string;
  followerTokens: string[];
}

/** Writes the author, the followers, their tokens and follows into a fresh store at `dir`. */
export async function seedStreaming(dir: string, followers: number): Promise<StreamingSeed> {
  mkdirSync(dir, { recursive: true });
  const store = openStore({ path: dir, mapSizeMb: 4096 });
  const projection = storedProjection(BENCH_URL);
  try {
    const base = Date.now() - 3_600_000;
    const ids = Array.from({ length: followers + 1 }, (_, u) => genId(base + u));
    const edgeIds = Array.from({ length: followers }, (_, f) => genId(base + followers + 1 + f));
    const tokens = ids.map(() => randomBytes(12).toString('base64url').slice(0, 16));
    const writes: Promise<unknown>[] = [];
    for (const [u, id] of ids.entries()) {
      const username = u === 0 ? 'streamer' : `listener${u}`;
      const user = { ...newLocalUser(id, username), name: username };
      writes.push(store.users.put({ ...user, lite: projection.userLite(user, []) }));
      const counts =
        u === 0 ? { followersCount: followers, followingCount: 0 } : { followersCount: 0, followingCount: 1 };
      writes.push(store.counts.set(id, { ...NO_COUNTS, ...counts }));
      writes.push(store.accounts.register(user.usernameLower, null, id));
      writes.push(store.tokens.issue(tokenKey(tokens[u]!), id, base + u));
    }
    for (let f = 1; f <= followers; f++) {
      const edge = edgeIds[f - 1]!;
      writes.push(store.follows.loadEdge(ids[f]!, ids[0]!, { id: edge, withReplies: false, notify: 'none' }));
      writes.push(store.follows.loadFollowing(ids[f]!, edge, ids[0]!));
      writes.push(store.follows.loadFollower(ids[0]!, edge, ids[f]!));
    }
    writes.push(store.checkpoints.record(0, TIMELINE_CLEAN));
    await Promise.all(writes);
    return { authorToken: tokens[0]!, followerTokens: tokens.slice(1) };
  } finally {
    await store.close();
  }
}

interface Delivery {
  /** From sending the request (notes/create, or the ceiling's publish) until the last socket had it (ms). */
  sendToLast: number;
  /** From the answer until the last socket had it (ms; negative when the sockets had it first). */
  answerToLast: number;
  received: number;
  sample: string | null;
}

interface Figures {
  p50AnswerToLastMs: number;
  p99AnswerToLastMs: number;
  p50SendToLastMs: number;
  p99SendToLastMs: number;
  /** Median over the notes of sockets reached per second of sendToLast. */
  messagesPerSec: number;
  /** Notes whose every socket got them. */
  complete: number;
}

export interface StreamingRun {
  clients: number;
  notes: number;
  connectSeconds: number;
  flock: Figures;
  ceiling: Figures | null;
  /** Flock's messages/s as a share of the ceiling's (target ≥ 0.5). */
  shareOfCeiling: number | null;
  /** The p99 from the answer within 250 ms. */
  withinTarget: boolean;
}

export interface StreamingReads {
  clients: number;
  aloneRps: number;
  duringRps: number;
  notesPosted: number;
  ratio: number;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
};

function figures(deliveries: Delivery[], clients: number): Figures {
  const answer = deliveries.map((d) => d.answerToLast);
  const send = deliveries.map((d) => d.sendToLast);
  return {
    p50AnswerToLastMs: quantile(answer, 0.5),
    p99AnswerToLastMs: quantile(answer, 0.99),
    p50SendToLastMs: quantile(send, 0.5),
    p99SendToLastMs: quantile(send, 0.99),
    messagesPerSec: Math.round(
      quantile(
        deliveries.map((d) => d.received / (d.sendToLast / 1000)),
        0.5,
      ),
    ),
    complete: deliveries.filter((d) => d.received === clients).length,
  };
}

/** A clients process with `paths` connected on `port`; each sends `frame` once upgraded. */
async function connectClients(port: number, paths: string[], frame: string | null, script: string) {
  const clients = start({ name: 'stream clients', script });
  await nextMessage(clients, (m): m is { waiting: true } => (m as { waiting?: boolean })?.waiting === true, 30_000);
  const started = performance.now();
  clients.proc.send({ connect: { port, paths, frame } });
  const result = await nextMessage(
    clients,
    (m): m is { connected: number; failed: number } => typeof (m as { connected?: number })?.connected === 'number',
    300_000,
  );
  return { clients, ...result, seconds: (performance.now() - started) / 1000 };
}

/** Arms the clients, runs `send` (which resolves when its request is answered) and waits for every socket. */
async function deliver(clients: Child, send: () => Promise<void>): Promise<Delivery> {
  clients.proc.send({ arm: true });
  await nextMessage(clients, (m): m is { armed: true } => (m as { armed?: boolean })?.armed === true, 10_000);
  const done = nextMessage(
    clients,
    (m): m is { done: { last: number; received: number; sample: string | null } } =>
      typeof m === 'object' && m !== null && 'done' in m,
    DONE_TIMEOUT_MS,
  ).catch(() => null);
  const sent = now();
  await send();
  const answered = now();
  let outcome = await done;
  if (outcome === null) {
    clients.proc.send({ report: true });
    const { report } = await nextMessage(
      clients,
      (m): m is { report: { last: number; received: number } } => typeof m === 'object' && m !== null && 'report' in m,
      10_000,
    );
    outcome = { done: { ...report, sample: null } };
  }
  const { last, received, sample } = outcome.done;
  return { sendToLast: last - sent, answerToLast: last - answered, received, sample };
}

async function postJson(url: string, body: unknown, token?: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`Expected ${url} to answer 2xx, got ${res.status}: ${(await res.text()).slice(0, 200)}`);
  await res.arrayBuffer();
}

export interface StreamingOptions {
  flockPort: number;
  seed: StreamingSeed;
  clientsScript: string;
  ceilingScript: string;
  log: (line: string) => void;
  /** Timeline reads/s over the given tokens (the runner's measured read load). */
  measureReads: (tokens: string[]) => Promise<number>;
}

export async function runStreaming(o: StreamingOptions): Promise<{ runs: StreamingRun[]; reads: StreamingReads[] }> {
  const runs: StreamingRun[] = [];
  const reads: StreamingReads[] = [];
  const flockOrigin = `http://127.0.0.1:${o.flockPort}`;
  const connectFrame = JSON.stringify({
    type: 'connect',
    body: { channel: 'homeTimeline', id: '1', params: { withRenotes: true, withFiles: false } },
  });
  let counter = 0;
  const createNote = () =>
    postJson(`${flockOrigin}/api/notes/create`, { text: `streaming bench note ${++counter}` }, o.seed.authorToken);
  // the same reads and notes with no socket connected: what the notes' home-timeline fan-out alone costs the reads
  const baseline = await readsDuringStream(0, o.seed.followerTokens.slice(0, 1_000), o, createNote);
  reads.push(baseline);
  o.log(`streaming: ${describeReads(baseline)}`);
  const ceiling = await startServer({ name: 'stream ceiling', script: o.ceilingScript });
  try {
    for (const n of STREAM_CLIENT_COUNTS) {
      const tokens = o.seed.followerTokens.slice(0, n);
      const flock = await connectClients(
        o.flockPort,
        tokens.map((t) => `/streaming?i=${t}`),
        connectFrame,
        o.clientsScript,
      );
      let sample: string | null = null;
      const flockDeliveries: Delivery[] = [];
      try {
        o.log(
          `streaming: ${flock.connected} sockets connected to flock in ${flock.seconds.toFixed(1)} s (${flock.failed} failed)`,
        );
        for (let i = 0; i < NOTES + 2; i++) {
          const d = await deliver(flock.clients, createNote);
          sample ??= d.sample;
          if (i >= 2) flockDeliveries.push(d);
          await new Promise((r) => setTimeout(r, 50));
        }
        if (n === STREAM_CLIENT_COUNTS[STREAM_CLIENT_COUNTS.length - 1]) {
          const r = await readsDuringStream(n, tokens.slice(0, 1_000), o, createNote);
          reads.push(r);
          o.log(`streaming: ${describeReads(r)}`);
        }
      } finally {
        await flock.clients.stop(5_000);
      }
      let ceilingFigures: Figures | null = null;
      if (sample !== null) {
        const bytes = sample;
        const raw = await connectClients(ceiling.port, Array(n).fill('/'), null, o.clientsScript);
        try {
          const rawDeliveries: Delivery[] = [];
          for (let i = 0; i < NOTES + 2; i++) {
            const d = await deliver(raw.clients, () => postJson(`http://127.0.0.1:${ceiling.port}/publish`, bytes));
            if (i >= 2) rawDeliveries.push(d);
            await new Promise((r) => setTimeout(r, 50));
          }
          ceilingFigures = figures(rawDeliveries, raw.connected);
        } finally {
          await raw.clients.stop(5_000);
        }
      }
      const flockFigures = figures(flockDeliveries, flock.connected);
      const run: StreamingRun = {
        clients: n,
        notes: NOTES,
        connectSeconds: flock.seconds,
        flock: flockFigures,
        ceiling: ceilingFigures,
        shareOfCeiling: ceilingFigures === null ? null : flockFigures.messagesPerSec / ceilingFigures.messagesPerSec,
        withinTarget: flockFigures.complete === NOTES && flockFigures.p99AnswerToLastMs <= 250,
      };
      runs.push(run);
      o.log(`streaming: ${describeStreaming(run)}`);
    }
  } finally {
    await ceiling.stop(5_000);
  }
  return { runs, reads };
}

/** Timeline reads/s alone, then while the author posts STREAM_NOTES_PER_SEC notes a second. */
async function readsDuringStream(
  clients: number,
  readTokens: string[],
  o: StreamingOptions,
  createNote: () => Promise<void>,
): Promise<StreamingReads> {
  const aloneRps = await o.measureReads(readTokens);
  let posting = true;
  let posted = 0;
  const stream = (async () => {
    while (posting) {
      const started = performance.now();
      await createNote();
      posted++;
      const wait = 1000 / STREAM_NOTES_PER_SEC - (performance.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  const duringRps = await o.measureReads(readTokens);
  posting = false;
  await stream;
  return { clients, aloneRps, duringRps, notesPosted: posted, ratio: duringRps / aloneRps };
}

export const describeStreaming = (r: StreamingRun): string =>
  `${r.clients} sockets, ${r.notes} notes: last socket ${r.flock.p50AnswerToLastMs} ms p50 / ${r.flock.p99AnswerToLastMs} ms p99 after notes/create answered ` +
  `(${r.flock.p50SendToLastMs} / ${r.flock.p99SendToLastMs} ms after it was sent; target p99 ≤ 250 ms: ${r.withinTarget ? 'met' : 'NOT met'}), ` +
  `${r.flock.complete}/${r.notes} notes reached every socket, ${r.flock.messagesPerSec.toLocaleString('en-US')} messages/s; ` +
  (r.ceiling === null
    ? 'ceiling not measured'
    : `bare uWS publish of the same bytes: ${r.ceiling.p50SendToLastMs} / ${r.ceiling.p99SendToLastMs} ms, ${r.ceiling.messagesPerSec.toLocaleString('en-US')} messages/s → ${((r.shareOfCeiling ?? 0) * 100).toFixed(1)} % (target ≥ 50 %)`);

export const describeReads = (r: StreamingReads): string =>
  `timeline reads with ${r.clients} sockets connected: ${Math.round(r.aloneRps)}/s alone, ${Math.round(r.duringRps)}/s while the author posted ${r.notesPosted} notes at ${STREAM_NOTES_PER_SEC}/s (${(r.ratio * 100).toFixed(1)} %, target ≥ 70 %)`;
