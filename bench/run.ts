/**
 * `npm run bench [-- --quick]`: seeds (or reuses) a data set, then measures on 127.0.0.1
 *   (a) notes/timeline reads with many users' tokens, (b) notes/create fanned out to 200 followers,
 *   (c) the ceiling: a bare uWS server answering the bytes Flock's timeline answered,
 * each in its own process with the load generator in another, and writes bench/results/*.json.
 * Every process it starts is stopped by pid on the way out, also on error or Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../src/config/index.js';
import type { CapturedResponse } from './ceiling.js';
import { describeFanout, type FanoutRun, runFanout } from './fanout.js';
import {
  describeInbox,
  INBOX_ACTORS,
  INBOX_ALONE_COUNT,
  INBOX_CONNECTIONS,
  INBOX_DURING_MAX,
  type InboxRun,
  prepareInboxLoad,
  startBenchPeer,
  warmActors,
} from './inbox.js';
import type { LoadKind, LoadResult, LoadSpec } from './load.js';
import { type BenchParams, dataHash, FULL, QUICK } from './params.js';
import { probeMachine } from './probe.js';
import {
  type Child,
  killAllNow,
  nextMessage,
  sampleMachine,
  sampleProcess,
  start,
  startServer,
  stopAll,
} from './procs.js';
import { formatProfiles } from './profile.js';
import { formatResults, type Results, type RunRecord, summarise, type Target, writeResults } from './report.js';
import { BENCH_URL, ensureSeeded, type SeedManifest } from './seed.js';
import {
  describeReads,
  describeStreaming,
  runStreaming,
  STREAM_CLIENT_COUNTS,
  type StreamingReads,
  type StreamingRun,
  seedStreaming,
} from './streaming.js';
import { benchImages, describeUpload, uploadLoad } from './upload.js';

const root = projectRoot();
const benchDist = join(root, 'dist', 'bench');
const dataRoot = join(root, 'bench', '.data');
const log = (line: string) => process.stdout.write(line + '\n');

const USAGE = `npm run bench -- [options]
  --quick                     1,000 users / 10,000 notes, 3 s per run, FLOCK_WORKERS=1 only
  --workers=1,2               Flock worker counts to measure
  --duration=SECONDS          length of each measured run
  --read-connections=16,64    connection counts for (a) and (c)
  --create-connections=16,64  connection counts for (b)
  --only=read,create,ceiling  scenarios to run (default: these three)
  --only=upload               drive uploads: files/s and MB/s for 100 KB and 5 MB images, and timeline
                              reads alone vs while uploads run (not part of the default run)
  --only=fanout               one note to 1,000 remote followers on 1,000 loopback hosts (10 % failing):
                              deliveries/s, seconds until every healthy host has it, share of the signing rate
  --only=inbox                signed Create activities at the shared inbox: accepted/s, applied/s, p99,
                              share of the RSA-2048 verify rate, and timeline reads alone vs during the
                              inbox load (not part of the default run)
  --only=streaming            Misskey's /streaming: 1,000 and 10,000 sockets with homeTimeline open, all
                              following one author (a data set of its own); time from notes/create to the
                              last socket, messages/s vs a bare uWS publish of the same bytes, timeline
                              reads alone vs while the author posts (not part of the default run)
  --profile                   run Flock with --cpu-prof and print where its threads spend time
                              (profiles in bench/.data/profiles/; combine with --only=create or --only=read)
  --node-args="--trace-gc"    extra Node options for the Flock server, space-separated; its output goes to
                              its log in bench/.data/logs/ (e.g. --trace-gc to see collector pauses per thread)
  --wait-quiet=SECONDS        before each run, wait up to SECONDS for the machine to be idle
                              (< 0.2 busy cores), for machines shared with other work
  --reseed                    ignore the cached data set and seed again
  --seed-only                 seed (or find the cache) and stop`;

interface Options {
  params: BenchParams;
  mode: 'full' | 'quick';
  only: Set<string>;
  reseed: boolean;
  seedOnly: boolean;
  profile: boolean;
  nodeArgs: string[];
  waitQuiet: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      workers: { type: 'string' },
      duration: { type: 'string' },
      'read-connections': { type: 'string' },
      'create-connections': { type: 'string' },
      only: { type: 'string' },
      reseed: { type: 'boolean', default: false },
      'seed-only': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'node-args': { type: 'string' },
      'wait-quiet': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    log(USAGE);
    process.exit(0);
  }
  const base = values.quick ? QUICK : FULL;
  const params: BenchParams = structuredClone(base);
  const ints = (name: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    const list = raw.split(',').map((s) => Number(s.trim()));
    if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1))
      throw new Error(`--${name}: expected positive integers separated by commas, got ${JSON.stringify(raw)}`);
    return list;
  };
  params.load.workers = ints('workers', values.workers) ?? params.load.workers;
  params.load.duration = ints('duration', values.duration)?.[0] ?? params.load.duration;
  params.load.readConnections = ints('read-connections', values['read-connections']) ?? params.load.readConnections;
  params.load.createConnections =
    ints('create-connections', values['create-connections']) ?? params.load.createConnections;
  const only = new Set((values.only ?? 'read,create,ceiling').split(',').map((s) => s.trim()));
  for (const s of only)
    if (!['read', 'create', 'ceiling', 'upload', 'inbox', 'fanout', 'streaming'].includes(s))
      throw new Error(
        `--only: expected read, create, ceiling, upload, inbox, fanout or streaming, got ${JSON.stringify(s)}`,
      );
  return {
    params,
    mode: values.quick ? 'quick' : 'full',
    only,
    reseed: values.reseed,
    seedOnly: values['seed-only'],
    profile: values.profile,
    nodeArgs: (values['node-args'] ?? '').split(' ').filter((arg) => arg !== ''),
    waitQuiet: ints('wait-quiet', values['wait-quiet'])?.[0] ?? 0,
  };
}

/** Waits until the machine is idle (under 0.2 busy cores for a second), at most `seconds`. */
async function waitQuiet(seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let waited = false;
  while (Date.now() < deadline) {
    const window = sampleMachine();
    await new Promise((r) => setTimeout(r, 1000));
    const busy = window.finish().busyCores;
    if (busy < 0.2) break;
    if (!waited) log(`bench: waiting for the machine to be idle (${busy} cores busy)`);
    waited = true;
  }
}

let quietSeconds = 0;
/** Set on SIGINT/SIGTERM: no new run starts. */
let interrupted = false;

/** Runs one load in a fresh load-generator process while sampling the server. */
async function measure(
  server: Child & { port: number },
  target: Target,
  workers: number,
  kind: LoadKind,
  connections: number,
  duration: number,
  tokens: string[],
  params: BenchParams,
): Promise<RunRecord> {
  if (interrupted) throw new Error('interrupted');
  if (quietSeconds > 0) await waitQuiet(quietSeconds);
  const probe = probeMachine(dataRoot);
  const loadgen = start({ name: 'load generator', script: join(benchDist, 'load.js') });
  try {
    await nextMessage(
      loadgen,
      (m): m is { waiting: true } => typeof m === 'object' && m !== null && 'waiting' in m,
      30_000,
    );
    const spec: LoadSpec = {
      origin: `http://127.0.0.1:${server.port}`,
      kind,
      connections,
      duration,
      maxRequests: duration * 200_000,
      tokens,
      limit: params.load.limit,
    };
    const serverSample = sampleProcess(server.pid);
    const loadSample = sampleProcess(loadgen.pid);
    const machineSample = sampleMachine();
    loadgen.proc.send({ spec });
    const { result } = await nextMessage(
      loadgen,
      (m): m is { result: LoadResult } => typeof m === 'object' && m !== null && 'result' in m,
      (duration + 40) * 1000,
    );
    const machine = machineSample.finish();
    const serverUse = serverSample.finish();
    const loadUse = loadSample.finish();
    const otherCpu = Math.max(0, Math.round((machine.busyCores - serverUse.cpu - loadUse.cpu) * 100) / 100);
    return {
      ...result,
      target,
      workers,
      server: serverUse,
      loadgen: loadUse,
      otherCpu,
      diskWriteBytesPerSec: machine.diskWriteBytesPerSec,
      probe,
    };
  } finally {
    await loadgen.stop(5_000);
  }
}

function describe(r: RunRecord): string {
  const bad = r.non2xx + r.errors + r.timeouts;
  return (
    `${r.target === 'ceiling' ? 'ceiling' : `flock W=${r.workers}`} ${r.kind} c=${r.connections}: ${r.rps.toLocaleString('en-US')} req/s, ` +
    `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, peak RSS ${Math.round(r.server.peakRssKb / 1024)} MB, CPU server ${r.server.cpu} loadgen ${r.loadgen.cpu} other ${r.otherCpu}, disk writes ${(r.diskWriteBytesPerSec / 2 ** 20).toFixed(1)} MB/s, ` +
    `probe: JSON ${r.probe.jsonMs} ms, memory ${r.probe.memoryNs} ns, fsync ${r.probe.fsyncP50Ms}/${r.probe.fsyncP90Ms} ms` +
    (bad > 0
      ? `, ${r.non2xx} non-2xx ${JSON.stringify(r.statusCodes)}, ${r.errors} errors, ${r.timeouts} timeouts`
      : '')
  );
}

/** POSTs one timeline request and keeps the answer's status line, headers and body for the ceiling. */
async function captureTimeline(port: number, token: string, limit: number): Promise<CapturedResponse> {
  const res = await fetch(`http://127.0.0.1:${port}/api/notes/timeline`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ i: token, limit }),
  });
  const body = await res.text();
  if (res.status !== 200)
    throw new Error(`Expected notes/timeline to answer 200, got ${res.status}: ${body.slice(0, 300)}`);
  const notes = JSON.parse(body) as unknown[];
  if (!Array.isArray(notes) || notes.length !== limit)
    throw new Error(
      `Expected notes/timeline to answer ${limit} notes, got ${Array.isArray(notes) ? notes.length : typeof notes}`,
    );
  const skip = new Set(['date', 'content-length', 'uwebsockets', 'connection', 'transfer-encoding', 'keep-alive']);
  const headers: [string, string][] = [];
  res.headers.forEach((value, key) => {
    if (!skip.has(key)) headers.push([key, value]);
  });
  return { status: `${res.status} ${res.statusText}`, headers, body };
}

async function checkCreate(port: number, token: string): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/api/notes/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ i: token, text: 'bench: checking notes/create' }),
  });
  const body = await res.text();
  if (res.status !== 200)
    throw new Error(`Expected notes/create to answer 200, got ${res.status}: ${body.slice(0, 300)}`);
}

function gitState(): { commit: string | null; dirty: boolean | null } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

/**
 * Copies a data file and syncs the copy: otherwise its ~1 GB of dirty pages is written back by the
 * kernel during the measured runs (within 30 s, or at the first fsync of that file), competing with
 * Flock's own commits for the disk.
 */
function copyDurably(from: string, to: string): void {
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Uploads in flight during the upload scenario's runs. */
const UPLOAD_CONCURRENCY = 4;
/** Timeline connections for the reads measured alone and during uploads. */
const UPLOAD_READ_CONNECTIONS = 16;

/**
 * The upload scenario: throughput for 100 KB and 5 MB images, then timeline reads alone and while
 * 100 KB uploads run (the reads during uploads should keep ≥ 70 % of their rate alone).
 */
async function measureUploads(
  flock: Child & { port: number },
  workers: number,
  readTokens: string[],
  userTokens: string[],
  params: BenchParams,
  record: (r: RunRecord) => void,
  notes: string[],
): Promise<void> {
  const origin = `http://127.0.0.1:${flock.port}`;
  const tokens = userTokens.slice(-64);
  const { duration } = params.load;
  const small = await benchImages(100 * 1024, 8);
  const large = await benchImages(5 * 1024 * 1024, 4);
  for (const [label, images] of [
    ['100 KB', small],
    ['5 MB', large],
  ] as const) {
    const result = await uploadLoad(origin, tokens, images, label, UPLOAD_CONCURRENCY, duration);
    notes.push(`FLOCK_WORKERS=${workers}: ${describeUpload(result)}`);
    log(`bench: ${describeUpload(result)}`);
  }
  const alone = await measure(
    flock,
    'flock',
    workers,
    'timeline',
    UPLOAD_READ_CONNECTIONS,
    duration,
    readTokens,
    params,
  );
  record(alone);
  const uploading = uploadLoad(origin, tokens, small, '100 KB during reads', UPLOAD_CONCURRENCY, duration + 2);
  const during = await measure(
    flock,
    'flock',
    workers,
    'timeline',
    UPLOAD_READ_CONNECTIONS,
    duration,
    readTokens,
    params,
  );
  record(during);
  const uploaded = await uploading;
  const ratio = Math.round((during.rps / alone.rps) * 1000) / 10;
  const line = `FLOCK_WORKERS=${workers}: timeline reads at ${UPLOAD_READ_CONNECTIONS} connections: ${Math.round(alone.rps)}/s alone, ${Math.round(during.rps)}/s during uploads (${ratio} %, target ≥ 70 %); ${describeUpload(uploaded)}`;
  notes.push(line);
  log(`bench: ${line}`);
}

/** Timeline connections for the reads measured alone and during the inbox load. */
const INBOX_READ_CONNECTIONS = 16;

/**
 * The inbox scenario: accepted and applied activities/s measured alone, then timeline reads alone and
 * while the inbox takes activities (verification runs on the gateway thread, beside the reads).
 */
async function measureInbox(
  flock: Child & { port: number },
  workers: number,
  readTokens: string[],
  params: BenchParams,
  record: (r: RunRecord) => void,
  notes: string[],
  inboxRuns: InboxRun[],
): Promise<void> {
  const origin = `http://127.0.0.1:${flock.port}`;
  const script = join(benchDist, 'inbox-load.js');
  const { duration } = params.load;
  const peer = await startBenchPeer(INBOX_ACTORS);
  try {
    await warmActors(origin, BENCH_URL, peer);
    const spec = (label: string, count: number) => ({
      origin,
      publicUrl: BENCH_URL,
      actors: peer.actors,
      count,
      connections: INBOX_CONNECTIONS,
      seconds: duration + 5,
      runId: `${label}-${Date.now()}`,
    });
    const keep = (run: InboxRun) => {
      inboxRuns.push(run);
      notes.push(`FLOCK_WORKERS=${workers}: ${describeInbox(run)}`);
      log(`bench: ${describeInbox(run)}`);
    };
    const alone = await prepareInboxLoad(flock.pid, script, spec('alone', INBOX_ALONE_COUNT), 'alone');
    const aloneRun = await alone.go();
    // the ceiling server answering as Flock's inbox does: 202 with no body
    const accepted = join(dataRoot, 'inbox-ceiling-response.json');
    writeFileSync(
      accepted,
      JSON.stringify({ status: '202 Accepted', headers: [], body: '' } satisfies CapturedResponse),
    );
    const ceiling = await startServer({
      name: 'inbox ceiling',
      script: join(benchDist, 'ceiling.js'),
      env: { ...process.env, BENCH_CEILING_RESPONSE: accepted },
    });
    try {
      const bare = await prepareInboxLoad(
        ceiling.pid,
        script,
        { ...spec('ceiling', INBOX_ALONE_COUNT), origin: `http://127.0.0.1:${ceiling.port}` },
        'ceiling',
        false,
      );
      const { acceptedPerSec } = await bare.go();
      aloneRun.ceiling = { acceptedPerSec, share: Math.round((aloneRun.acceptedPerSec / acceptedPerSec) * 1000) / 10 };
    } finally {
      await ceiling.stop(5_000);
    }
    keep(aloneRun);

    const readsAlone = await measure(
      flock,
      'flock',
      workers,
      'timeline',
      INBOX_READ_CONNECTIONS,
      duration,
      readTokens,
      params,
    );
    record(readsAlone);
    // enough activities to outlast the reads at the rate measured alone, within what can be signed ahead
    const count = Math.min(INBOX_DURING_MAX, Math.ceil(aloneRun.acceptedPerSec * (duration + 3)));
    const during = await prepareInboxLoad(flock.pid, script, spec('during-reads', count), 'during reads');
    const inboxDuring = during.go();
    const readsDuring = await measure(
      flock,
      'flock',
      workers,
      'timeline',
      INBOX_READ_CONNECTIONS,
      duration,
      readTokens,
      params,
    );
    record(readsDuring);
    const duringRun = await inboxDuring;
    keep(duringRun);
    const overlap = Math.min(100, Math.round((duringRun.seconds / duration) * 100));
    const ratio = Math.round((readsDuring.rps / readsAlone.rps) * 1000) / 10;
    const line = `FLOCK_WORKERS=${workers}: timeline reads at ${INBOX_READ_CONNECTIONS} connections: ${Math.round(readsAlone.rps)}/s alone, ${Math.round(readsDuring.rps)}/s during the inbox load (${ratio} %; the inbox load covered ${overlap} % of the read run)`;
    notes.push(line);
    log(`bench: ${line}`);
  } finally {
    await peer.close();
  }
}

/** Timeline connections for the reads measured alone and while notes stream. */
const STREAMING_READ_CONNECTIONS = 16;

/** Starts Flock for a run on `dataDir` with the bench's settings plus `env`, profiled into `profileDir` when given. */
async function startFlock(o: {
  workers: number;
  dataDir: string;
  logFile: string;
  profileDir: string | null;
  nodeArgs: string[];
  env?: Record<string, string>;
}) {
  const flock = await startServer({
    execArgv: [...(o.profileDir !== null ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : []), ...o.nodeArgs],
    name: `flock (FLOCK_WORKERS=${o.workers})`,
    script: join(root, 'dist', 'src', 'main.js'),
    logFile: o.logFile,
    env: {
      ...process.env,
      FLOCK_HOST: '127.0.0.1',
      FLOCK_PORT: '0',
      FLOCK_URL: BENCH_URL,
      FLOCK_DATA_DIR: o.dataDir,
      FLOCK_WORKERS: String(o.workers),
      FLOCK_RATE_LIMITS: 'off',
      FLOCK_LOG_LEVEL: 'warn',
      ...o.env,
    },
  });
  log(`bench: flock FLOCK_WORKERS=${o.workers} pid ${flock.pid} on 127.0.0.1:${flock.port} (log ${o.logFile})`);
  return flock;
}

/** The streaming scenario, for each worker count: its own data set and Flock, the clients in a process of their own. */
async function streamingScenario(
  params: BenchParams,
  mode: 'full' | 'quick',
  startedAt: string,
  machine: Record<string, unknown>,
  stamp: string,
  /** Where the profiles' directories are collected when --profile is on, else null. */
  profiles: string[] | null,
  nodeArgs: string[],
): Promise<void> {
  const runs: RunRecord[] = [];
  const notes: string[] = [];
  const streaming: { runs: StreamingRun[]; reads: StreamingReads[] } = { runs: [], reads: [] };
  const logDir = join(dataRoot, 'logs');
  mkdirSync(logDir, { recursive: true });
  const followers = Math.max(...STREAM_CLIENT_COUNTS);
  let seedSeconds = 0;
  for (const workers of params.load.workers) {
    const runDir = join(dataRoot, `streaming-w${workers}`);
    rmSync(runDir, { recursive: true, force: true });
    const seedStarted = performance.now();
    const seed = await seedStreaming(runDir, followers);
    seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`bench: streaming: seeded 1 author and ${followers} followers in ${seedSeconds.toFixed(1)} s`);
    const logFile = join(logDir, `${stamp}-flock-streaming-w${workers}.log`);
    const profileDir = join(dataRoot, 'profiles', `${stamp}-streaming-w${workers}`);
    profiles?.push(profileDir);
    const flock = await startFlock({
      workers,
      dataDir: runDir,
      logFile,
      profileDir: profiles !== null ? profileDir : null,
      nodeArgs,
    });
    try {
      const result = await runStreaming({
        flockPort: flock.port,
        seed,
        clientsScript: join(benchDist, 'stream-clients.js'),
        ceilingScript: join(benchDist, 'stream-ceiling.js'),
        log: (line) => log(`bench: FLOCK_WORKERS=${workers}: ${line}`),
        measureReads: async (tokens) => {
          const run = await measure(
            flock,
            'flock',
            workers,
            'timeline',
            STREAMING_READ_CONNECTIONS,
            params.load.duration,
            tokens,
            params,
          );
          runs.push(run);
          log(`bench: ${describe(run)}`);
          return run.rps;
        },
      });
      streaming.runs.push(...result.runs);
      streaming.reads.push(...result.reads);
      for (const r of result.runs) notes.push(`FLOCK_WORKERS=${workers}: ${describeStreaming(r)}`);
      for (const r of result.reads) notes.push(`FLOCK_WORKERS=${workers}: ${describeReads(r)}`);
    } catch (err) {
      const message = `streaming skipped for FLOCK_WORKERS=${workers}: ${(err as Error).message}`;
      notes.push(message);
      log(`bench: ${message}`);
    } finally {
      await flock.stop(20_000);
      const code = await flock.exited;
      if (code !== 0) notes.push(`flock FLOCK_WORKERS=${workers} exited with ${code}; see ${logFile}`);
      rmSync(runDir, { recursive: true, force: true });
    }
  }
  if (profiles !== null && profiles.length > 0) {
    log(`bench: CPU profiles of flock in ${profiles.join(', ')} (one per thread):`);
    log(formatProfiles(profiles, 20));
  }
  const results: Results = {
    startedAt,
    finishedAt: new Date().toISOString(),
    mode,
    params,
    machine,
    git: gitState(),
    flockEnv: Object.fromEntries(
      Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('FLOCK_') && e[1] !== undefined),
    ),
    seed: {
      hash: 'streaming',
      cached: false,
      seconds: seedSeconds,
      counts: { users: followers + 1, follows: followers },
    },
    capturedBytes: null,
    runs,
    streaming,
    notes,
    summary: summarise(runs, params.load.workers, params.load.p99TargetMs),
  };
  log(formatResults(results));
  const path = writeResults(join(root, 'bench', 'results'), results);
  log(`\nbench: results in ${path} and bench/results/latest.json`);
}

async function main(): Promise<void> {
  const { params, mode, only, reseed, seedOnly, profile, nodeArgs, waitQuiet: quiet } = parseOptions();
  quietSeconds = quiet;
  const startedAt = new Date().toISOString();
  const stamp = startedAt.replace(/[:.]/g, '-');
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadavgAtStart: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
  log(`bench: ${mode} mode, ${machine.cpus} CPUs, load average ${machine.loadavgAtStart}`);
  if (loadavg()[0]! > 0.5)
    log('bench: warning: the machine is already busy (load average > 0.5); figures will be low and noisy');

  if (only.has('streaming')) {
    if (only.size > 1) throw new Error('--only=streaming runs alone (it seeds a data set of its own)');
    await streamingScenario(params, mode, startedAt, machine, stamp, profile ? [] : null, nodeArgs);
    return;
  }
  if (reseed) rmSync(join(dataRoot, dataHash(params.data)), { recursive: true, force: true });
  const seeded = await ensureSeeded(dataRoot, params.data, log);
  if (seedOnly) return;
  const manifest: SeedManifest = seeded.manifest;
  const readTokens = manifest.userTokens.slice(0, params.load.readTokens);
  const runs: RunRecord[] = [];
  const notes: string[] = [];
  const inboxRuns: InboxRun[] = [];
  const fanoutRuns: FanoutRun[] = [];
  const logDir = join(dataRoot, 'logs');
  mkdirSync(logDir, { recursive: true });
  let captured: CapturedResponse | null = null;
  let ceiling: (Child & { port: number }) | null = null;
  const { duration, warmup } = params.load;
  const record = (r: RunRecord) => {
    runs.push(r);
    log(`bench: ${describe(r)}`);
  };

  try {
    for (const workers of params.load.workers) {
      const runDir = join(dataRoot, `run-${manifest.hash}-w${workers}`);
      rmSync(runDir, { recursive: true, force: true });
      mkdirSync(runDir, { recursive: true });
      const copyStarted = performance.now();
      mkdirSync(join(runDir, 'timelines'));
      for (const file of ['data.mdb', join('timelines', 'data.mdb')])
        copyDurably(join(seeded.dir, file), join(runDir, file));
      log(
        `bench: copied and synced the data set for FLOCK_WORKERS=${workers} in ${((performance.now() - copyStarted) / 1000).toFixed(1)} s`,
      );
      const logFile = join(logDir, `${stamp}-flock-w${workers}.log`);
      const profileDir = join(dataRoot, 'profiles', `${stamp}-w${workers}`);
      const flock = await startFlock({
        workers,
        dataDir: runDir,
        logFile,
        profileDir: profile ? profileDir : null,
        nodeArgs,
        env: {
          FLOCK_HOME_TIMELINE_MAX: String(params.data.homeTimelineMax),
          // the upload scenario stores many files per user
          FLOCK_DRIVE_CAPACITY_MB: '1048576',
          // the inbox scenario's remote actors are served from 127.0.0.1
          ...(only.has('inbox') || only.has('fanout') ? { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8' } : {}),
          // the fan-out scenario measures one request per follower's inbox
          ...(only.has('fanout') ? { FLOCK_DELIVERY_SHARED_INBOX: 'off' } : {}),
        },
      });
      try {
        if (only.has('read') || only.has('ceiling')) {
          try {
            captured ??= await captureTimeline(flock.port, readTokens[0]!, params.load.limit);
            if (ceiling === null && only.has('ceiling')) {
              const responseFile = join(dataRoot, `captured-timeline-${manifest.hash}.json`);
              writeFileSync(responseFile, JSON.stringify(captured));
              ceiling = await startServer({
                name: 'ceiling',
                script: join(benchDist, 'ceiling.js'),
                env: { ...process.env, BENCH_CEILING_RESPONSE: responseFile },
              });
              log(
                `bench: ceiling pid ${ceiling.pid} on 127.0.0.1:${ceiling.port}, answering ${Buffer.byteLength(captured.body)} bytes`,
              );
            }
            // (a) and (c) alternate at each connection count, so both see the same machine
            const top = Math.max(...params.load.readConnections);
            if (only.has('read')) await measure(flock, 'flock', workers, 'timeline', top, warmup, readTokens, params);
            if (ceiling !== null)
              await measure(ceiling, 'ceiling', workers, 'timeline', top, warmup, readTokens, params);
            for (const c of params.load.readConnections) {
              if (only.has('read'))
                record(await measure(flock, 'flock', workers, 'timeline', c, duration, readTokens, params));
              if (ceiling !== null)
                record(await measure(ceiling, 'ceiling', workers, 'timeline', c, duration, readTokens, params));
            }
          } catch (err) {
            const message = `(a) timeline skipped for FLOCK_WORKERS=${workers}: ${(err as Error).message}`;
            notes.push(message);
            log(`bench: ${message}`);
          }
        }
        if (only.has('create')) {
          try {
            await checkCreate(flock.port, manifest.fanoutTokens[0]!);
            await measure(
              flock,
              'flock',
              workers,
              'create',
              Math.max(...params.load.createConnections),
              warmup,
              manifest.fanoutTokens,
              params,
            );
            for (const c of params.load.createConnections)
              record(await measure(flock, 'flock', workers, 'create', c, duration, manifest.fanoutTokens, params));
          } catch (err) {
            const message = `(b) notes/create skipped for FLOCK_WORKERS=${workers}: ${(err as Error).message}`;
            notes.push(message);
            log(`bench: ${message}`);
          }
        }
        if (only.has('inbox')) {
          try {
            await measureInbox(flock, workers, readTokens, params, record, notes, inboxRuns);
          } catch (err) {
            const message = `inbox skipped for FLOCK_WORKERS=${workers}: ${(err as Error).message}`;
            notes.push(message);
            log(`bench: ${message}`);
          }
        }
        if (only.has('fanout')) {
          try {
            const run = await runFanout(`http://127.0.0.1:${flock.port}`, BENCH_URL, readTokens[0]!);
            fanoutRuns.push(run);
            const line = `FLOCK_WORKERS=${workers}: ${describeFanout(run)}`;
            notes.push(line);
            log(`bench: ${line}`);
          } catch (err) {
            const message = `fanout skipped for FLOCK_WORKERS=${workers}: ${(err as Error).message}`;
            notes.push(message);
            log(`bench: ${message}`);
          }
        }
        if (only.has('upload')) {
          try {
            await measureUploads(flock, workers, readTokens, manifest.userTokens, params, record, notes);
          } catch (err) {
            const message = `upload skipped for FLOCK_WORKERS=${workers}: ${(err as Error).message}`;
            notes.push(message);
            log(`bench: ${message}`);
          }
        }
      } finally {
        await flock.stop(20_000);
        const code = await flock.exited;
        if (code !== 0) notes.push(`flock FLOCK_WORKERS=${workers} exited with ${code}; see ${logFile}`);
        rmSync(runDir, { recursive: true, force: true });
      }
      if (profile) {
        log(`bench: CPU profiles of flock FLOCK_WORKERS=${workers} in ${profileDir} (one per thread):`);
        log(formatProfiles([profileDir], 20));
      }
    }
  } finally {
    await ceiling?.stop(5_000);
  }
  if (only.has('ceiling') && captured === null)
    notes.push('(c) ceiling skipped: no timeline answer was captured from Flock');

  const results: Results = {
    startedAt,
    finishedAt: new Date().toISOString(),
    mode,
    params,
    machine,
    git: gitState(),
    flockEnv: Object.fromEntries(
      Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('FLOCK_') && e[1] !== undefined),
    ),
    seed: { hash: manifest.hash, cached: seeded.cached, seconds: manifest.seedSeconds, counts: manifest.counts },
    capturedBytes: captured === null ? null : Buffer.byteLength(captured.body),
    runs,
    ...(inboxRuns.length > 0 ? { inbox: inboxRuns } : {}),
    ...(fanoutRuns.length > 0 ? { fanout: fanoutRuns } : {}),
    notes,
    summary: summarise(runs, params.load.workers, params.load.p99TargetMs),
  };
  log(formatResults(results));
  const path = writeResults(join(root, 'bench', 'results'), results);
  log(`\nbench: results in ${path} and bench/results/latest.json`);
}

process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupted = true;
    log(`bench: ${signal}, stopping the processes it started`);
    void stopAll(5_000).finally(() => process.exit(130));
  });
}

main().then(
  () => stopAll(),
  async (err: unknown) => {
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    await stopAll(5_000);
    process.exitCode = 1;
  },
);
