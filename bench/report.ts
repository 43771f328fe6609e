/** The benchmark's results: one record per measured run, the summary against the targets, the printed table and the JSON files. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InboxRun } from './inbox.js';
import type { LoadResult } from './load.js';
import type { BenchParams } from './params.js';
import type { MachineProbe } from './probe.js';
import type { ProcSample } from './procs.js';
import type { StreamingReads, StreamingRun } from './streaming.js';

/** The targets from the issue, on this machine kind. */
export const TARGETS = { timelineShareOfCeiling: 0.35, createRps: 3000 } as const;

export type Target = 'flock' | 'ceiling';

/** A run whose JSON probe took this many times the bench's fastest probe is flagged: the host was slow. */
const SLOW_PROBE_FACTOR = 1.3;

/** One measured load run against one server. */
export interface RunRecord extends LoadResult {
  target: Target;
  /** Flock's FLOCK_WORKERS; for the ceiling, the Flock runs it alternated with. */
  workers: number;
  /** The server process during the run: peak memory, CPU by thread. */
  server: ProcSample;
  /** The load generator process during the run (is it the bottleneck?). */
  loadgen: ProcSample;
  /** Cores busy with anything other than the server and the load generator during the run (other users of the machine). */
  otherCpu: number;
  /** Bytes written to the machine's disks per second during the run (LMDB commits, and anything else running). */
  diskWriteBytesPerSec: number;
  /** The machine's speed measured just before the run (probe.ts). */
  probe: MachineProbe;
}

export interface Best {
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  withinTarget: boolean;
}

export interface WorkersSummary {
  workers: number;
  timeline: {
    best: Best | null;
    /** The highest throughput measured, whatever its p99. */
    fastest: Best | null;
    /** The ceiling at the same connection count as `best`, measured right after it. */
    ceilingSameConnections: Best | null;
    ratio: number | null;
    /** Ratio to the ceiling's best within the p99 target, whatever its connection count. */
    ratioToBestCeiling: number | null;
    met: boolean | null;
  };
  create: { best: Best | null; fastest: Best | null; met: boolean | null };
  peakRssMb: number;
}

export interface Summary {
  p99TargetMs: number;
  ceiling: Best | null;
  byWorkers: WorkersSummary[];
}

export interface Results {
  startedAt: string;
  finishedAt: string;
  mode: 'full' | 'quick';
  params: BenchParams;
  machine: Record<string, unknown>;
  git: { commit: string | null; dirty: boolean | null };
  /** FLOCK_* variables set when the bench ran (they reach the measured server and change what is measured). */
  flockEnv: Record<string, string>;
  seed: { hash: string; cached: boolean; seconds: number; counts: Record<string, number> };
  /** Size of the captured timeline answer the ceiling replays. */
  capturedBytes: number | null;
  runs: RunRecord[];
  /** The inbox scenario's runs (--only=inbox). */
  inbox?: InboxRun[];
  /** The streaming scenario's runs (--only=streaming). */
  streaming?: { runs: StreamingRun[]; reads: StreamingReads[] };
  notes: string[];
  summary: Summary;
}

/** The fastest run whose p99 is under the target; if none is, the one with the lowest p99 (flagged). */
export function bestOf(runs: RunRecord[], p99TargetMs: number): Best | null {
  const clean = runs.filter((r) => r.ok > 0 && r.non2xx === 0 && r.errors === 0 && r.timeouts === 0);
  if (clean.length === 0) return null;
  const within = clean.filter((r) => r.latency.p99 < p99TargetMs);
  const pick =
    within.length > 0
      ? within.reduce((a, b) => (b.rps > a.rps ? b : a))
      : clean.reduce((a, b) => (b.latency.p99 < a.latency.p99 ? b : a));
  return {
    connections: pick.connections,
    rps: pick.rps,
    p50: pick.latency.p50,
    p99: pick.latency.p99,
    withinTarget: within.length > 0,
  };
}

/** The highest-throughput clean run, whatever its p99. */
export function fastestOf(runs: RunRecord[], p99TargetMs: number): Best | null {
  const clean = runs.filter((r) => r.ok > 0 && r.non2xx === 0 && r.errors === 0 && r.timeouts === 0);
  if (clean.length === 0) return null;
  return asBest(
    clean.reduce((a, b) => (b.rps > a.rps ? b : a)),
    p99TargetMs,
  );
}

const asBest = (r: RunRecord | undefined, p99TargetMs: number): Best | null =>
  r === undefined
    ? null
    : {
        connections: r.connections,
        rps: r.rps,
        p50: r.latency.p50,
        p99: r.latency.p99,
        withinTarget: r.latency.p99 < p99TargetMs,
      };

export function summarise(runs: RunRecord[], workers: number[], p99TargetMs: number): Summary {
  const ceilingRuns = runs.filter((r) => r.target === 'ceiling');
  const ceiling = bestOf(ceilingRuns, p99TargetMs);
  const byWorkers = workers.map((w): WorkersSummary => {
    const mine = runs.filter((r) => r.target === 'flock' && r.workers === w);
    const reads = mine.filter((r) => r.kind === 'timeline');
    const creates = mine.filter((r) => r.kind === 'create');
    const timeline = bestOf(reads, p99TargetMs);
    const create = bestOf(creates, p99TargetMs);
    const same =
      timeline === null
        ? null
        : asBest(
            ceilingRuns.find((r) => r.workers === w && r.connections === timeline.connections),
            p99TargetMs,
          );
    const ratio = timeline !== null && same !== null && same.rps > 0 ? round3(timeline.rps / same.rps) : null;
    const ratioToBest =
      timeline !== null && ceiling !== null && ceiling.rps > 0 ? round3(timeline.rps / ceiling.rps) : null;
    return {
      workers: w,
      timeline: {
        best: timeline,
        fastest: fastestOf(reads, p99TargetMs),
        ceilingSameConnections: same,
        ratio,
        ratioToBestCeiling: ratioToBest,
        met:
          ratio === null || timeline === null ? null : timeline.withinTarget && ratio >= TARGETS.timelineShareOfCeiling,
      },
      create: {
        best: create,
        fastest: fastestOf(creates, p99TargetMs),
        met: create === null ? null : create.withinTarget && create.rps >= TARGETS.createRps,
      },
      peakRssMb: Math.round(Math.max(0, ...mine.map((r) => r.server.peakRssKb)) / 1024),
    };
  });
  return { p99TargetMs, ceiling, byWorkers };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const num = (n: number) => n.toLocaleString('en-US');
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const pct = (r: number | null) => (r === null ? 'n/a' : `${(r * 100).toFixed(1)}%`);
const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? 'MET' : 'MISSED');

/** The table of every run and the summary lines, as printed at the end. */
export function formatResults(results: Results): string {
  const lines: string[] = [];
  const { p99TargetMs } = results.summary;
  lines.push('');
  lines.push(
    `Flock benchmark (${results.mode}): ${results.params.data.users} users, ${results.params.data.notes} notes, ` +
      `${results.params.load.duration} s per run, machine ${String(results.machine.cpus)} x ${String(results.machine.cpuModel)}, load average at start ${String(results.machine.loadavgAtStart)}`,
  );
  const overrides = Object.entries(results.flockEnv)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  if (overrides !== '') lines.push(`Server settings from the environment: ${overrides}`);
  lines.push('');
  lines.push(
    'scenario          W  conns      req/s   p50 ms   p99 ms  p99.9 ms  non2xx/err  peak RSS MB (anon)  server CPU (main/rest)  loadgen CPU  other CPU  disk MB/s  probe json ms/mem ns/fsync ms',
  );
  for (const r of results.runs) {
    const name = r.target === 'ceiling' ? '(c) ceiling' : r.kind === 'timeline' ? '(a) timeline' : '(b) notes/create';
    const main = r.server.cpuMain;
    lines.push(
      `${name.padEnd(17)}${pad(r.workers, 2)}${pad(r.connections, 7)}${pad(num(r.rps), 11)}${pad(r.latency.p50.toFixed(2), 9)}${pad(r.latency.p99.toFixed(2), 9)}` +
        `${pad(r.latency.p999.toFixed(2), 10)}${pad(`${r.non2xx}/${r.errors + r.timeouts}`, 12)}` +
        `${pad(`${Math.round(r.server.peakRssKb / 1024)} (${Math.round(r.server.peakRssAnonKb / 1024)})`, 20)}` +
        `${pad(`${r.server.cpu.toFixed(2)} (${main.toFixed(2)}/${(r.server.cpu - main).toFixed(2)})`, 25)}${pad(r.loadgen.cpu.toFixed(2), 13)}${pad(r.otherCpu.toFixed(2), 11)}${pad((r.diskWriteBytesPerSec / 2 ** 20).toFixed(1), 11)}` +
        `${pad(`${r.probe.jsonMs.toFixed(0)} / ${r.probe.memoryNs.toFixed(0)} / ${r.probe.fsyncP50Ms.toFixed(2)}`, 30)}`,
    );
  }
  lines.push('');
  const c = results.summary.ceiling;
  lines.push(`Best within p99 < ${p99TargetMs} ms:`);
  lines.push(
    `  (c) ceiling: ${c === null ? 'not measured' : `${num(c.rps)} req/s at ${c.connections} connections (p50 ${c.p50} ms, p99 ${c.p99} ms)`}`,
  );
  for (const w of results.summary.byWorkers) {
    const t = w.timeline;
    const tb = t.best;
    lines.push(`  FLOCK_WORKERS=${w.workers} (peak RSS ${w.peakRssMb} MB):`);
    lines.push(
      `    (a) timeline: ${tb === null ? 'not measured' : `${num(tb.rps)} req/s at ${tb.connections} connections (p50 ${tb.p50} ms, p99 ${tb.p99} ms${tb.withinTarget ? '' : ', NO level within p99 target'})`}` +
        `; ceiling at the same connections ${t.ceilingSameConnections === null ? 'n/a' : `${num(t.ceilingSameConnections.rps)} req/s`}` +
        ` -> ${pct(t.ratio)} of the ceiling (${pct(t.ratioToBestCeiling)} of its best) [target >= ${TARGETS.timelineShareOfCeiling * 100}%: ${verdict(t.met)}]`,
    );
    const cb = w.create.best;
    lines.push(
      `    (b) notes/create, ${results.params.data.fanoutFollowers} followers: ${cb === null ? 'not measured' : `${num(cb.rps)} notes/s at ${cb.connections} connections (p50 ${cb.p50} ms, p99 ${cb.p99} ms${cb.withinTarget ? '' : ', NO level within p99 target'})`}` +
        ` [target >= ${num(TARGETS.createRps)}/s: ${verdict(w.create.met)}]`,
    );
    for (const [label, fastest, best] of [
      ['(a)', t.fastest, tb],
      ['(b)', w.create.fastest, cb],
    ] as const) {
      if (fastest !== null && best !== null && fastest.connections !== best.connections) {
        lines.push(
          `    ${label} highest throughput at any p99: ${num(fastest.rps)}/s at ${fastest.connections} connections (p50 ${fastest.p50} ms, p99 ${fastest.p99} ms)`,
        );
      }
    }
  }
  const saturated = results.runs.filter((r) => r.loadgen.cpu >= 0.9);
  if (saturated.length > 0) {
    lines.push(
      `  note: the load generator used a whole core in ${saturated.map((r) => `${r.target === 'ceiling' ? '(c)' : r.kind === 'timeline' ? '(a)' : '(b)'} c=${r.connections}`).join(', ')}: those figures are autocannon's limit, not the server's`,
    );
  }
  const busy = results.runs.filter((r) => r.otherCpu > 0.15);
  if (busy.length > 0) {
    lines.push(
      `  warning: ${busy.length} of ${results.runs.length} runs shared the machine with other work (other CPU > 0.15 cores, up to ${Math.max(...busy.map((r) => r.otherCpu)).toFixed(2)}): their figures are low and noisy`,
    );
  }
  const fastestJson = Math.min(...results.runs.map((r) => r.probe.jsonMs));
  const slow = results.runs.filter((r) => r.probe.jsonMs > fastestJson * SLOW_PROBE_FACTOR);
  if (slow.length > 0) {
    lines.push(
      `  warning: ${slow.length} of ${results.runs.length} runs started while the machine ran the JSON probe over ${SLOW_PROBE_FACTOR} times slower than its fastest in this bench (${fastestJson} ms): ` +
        slow
          .map(
            (r) =>
              `${r.target === 'ceiling' ? '(c)' : r.kind === 'timeline' ? '(a)' : '(b)'} W=${r.workers} c=${r.connections} (${r.probe.jsonMs} ms)`,
          )
          .join(', '),
    );
  }
  for (const note of results.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

/** Writes bench/results/<timestamp>.json and bench/results/latest.json; returns the first path. */
export function writeResults(dir: string, results: Results): string {
  mkdirSync(dir, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const text = JSON.stringify(results, null, 2) + '\n';
  const path = join(dir, `${stamp}.json`);
  writeFileSync(path, text);
  writeFileSync(join(dir, 'latest.json'), text);
  return path;
}
