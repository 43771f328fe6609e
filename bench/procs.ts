/**
 * The processes the benchmark starts: each is spawned with an IPC channel, registered, and stopped
 * by its own pid (SIGTERM, then SIGKILL after a grace period), also when the runner fails or is
 * interrupted. Sampling of a server's memory and CPU comes from /proc/<pid>.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';

const running = new Set<ChildProcess>();

/** A child process started with an IPC channel. */
export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  name: string;
  script: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Node flags for the child (e.g. --cpu-prof). */
  execArgv?: string[];
  /** File receiving the child's stdout and stderr (default: inherited). */
  logFile?: string;
}

/** Forks a Node script with IPC and registers it for clean-up. */
export function start(options: StartOptions): Child {
  const logFd = options.logFile === undefined ? undefined : openSync(options.logFile, 'a');
  const proc = fork(options.script, options.args ?? [], {
    env: options.env ?? process.env,
    execArgv: options.execArgv ?? [],
    stdio: logFd === undefined ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', logFd, logFd, 'ipc'],
  });
  if (logFd !== undefined) closeSync(logFd);
  if (proc.pid === undefined) throw new Error(`Expected ${options.name} to start, got no pid`);
  running.add(proc);
  const exited = new Promise<number | string>((resolve) => {
    proc.once('exit', (code, signal) => {
      running.delete(proc);
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const stop = async (graceMs = 15_000) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { name: options.name, proc, pid: proc.pid, exited, stop };
}

/** Waits for the child's first IPC message matching `accept`; rejects on exit or after `timeoutMs`. */
export function nextMessage<T>(child: Child, accept: (m: unknown) => m is T, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.proc.off('message', onMessage);
      child.proc.off('exit', onExit);
    };
    const onMessage = (m: unknown) => {
      if (!accept(m)) return;
      done();
      resolve(m);
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`Expected a message from ${child.name}, got its exit (${code ?? signal})`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`Expected a message from ${child.name} within ${timeoutMs} ms, got none`));
    }, timeoutMs);
    child.proc.on('message', onMessage);
    child.proc.once('exit', onExit);
  });
}

export interface Ready {
  ready: true;
  port: number;
}
export const isReady = (m: unknown): m is Ready =>
  typeof m === 'object' && m !== null && (m as Ready).ready === true && typeof (m as Ready).port === 'number';

/** Starts a server that reports `{ready, port}` over IPC, and waits for it. */
export async function startServer(options: StartOptions, timeoutMs = 60_000): Promise<Child & { port: number }> {
  const child = start(options);
  try {
    const { port } = await nextMessage(child, isReady, timeoutMs);
    return { ...child, port };
  } catch (err) {
    await child.stop(2_000);
    throw err;
  }
}

/** Stops every child still running (SIGTERM, SIGKILL after the grace period). */
export async function stopAll(graceMs = 10_000): Promise<void> {
  await Promise.all(
    [...running].map(async (proc) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    }),
  );
}

/** Last resort on the way out: SIGKILL whatever is left, synchronously. */
export function killAllNow(): void {
  for (const proc of running) {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }
}

/** What one sampling window saw of a process: memory peaks (KiB) and CPU use by thread kind. */
export interface ProcSample {
  peakRssKb: number;
  peakRssAnonKb: number;
  peakRssFileKb: number;
  /** CPU seconds per second of wall time: the whole process, its main thread, and its busiest other threads (worker threads, the LMDB writer, libuv's pool are not named apart). */
  cpu: number;
  cpuMain: number;
  cpuOtherThreads: number[];
}

const TICKS = 100;

function readStatusKb(pid: number): { rss: number; anon: number; file: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { rss: field('VmRSS'), anon: field('RssAnon'), file: field('RssFile') };
}

/** utime+stime ticks per thread, keyed `${tid}` with the thread's name. */
function threadTicks(pid: number): Map<string, { name: string; ticks: number }> {
  const out = new Map<string, { name: string; ticks: number }>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      out.set(tid, { name: Number(tid) === pid ? 'main' : name, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the thread ended between readdir and read
    }
  }
  return out;
}

/** Samples a process every `intervalMs` until `finish()` is called, which returns the window's figures. */
export function sampleProcess(pid: number, intervalMs = 100): { finish(): ProcSample } {
  const started = performance.now();
  const before = threadTicks(pid);
  const peaks = { rss: 0, anon: 0, file: 0 };
  const sample = () => {
    const s = readStatusKb(pid);
    if (s === undefined) return;
    peaks.rss = Math.max(peaks.rss, s.rss);
    peaks.anon = Math.max(peaks.anon, s.anon);
    peaks.file = Math.max(peaks.file, s.file);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    finish() {
      clearInterval(timer);
      sample();
      const seconds = (performance.now() - started) / 1000;
      const after = threadTicks(pid);
      let total = 0;
      let main = 0;
      const others: number[] = [];
      for (const [tid, { name, ticks }] of after) {
        const used = (ticks - (before.get(tid)?.ticks ?? 0)) / TICKS / seconds;
        total += used;
        if (name === 'main') main = used;
        else others.push(used);
      }
      const cpuOtherThreads = others
        .sort((a, b) => b - a)
        .slice(0, 4)
        .map(round2)
        .filter((n) => n > 0);
      return {
        peakRssKb: peaks.rss,
        peakRssAnonKb: peaks.anon,
        peakRssFileKb: peaks.file,
        cpu: round2(total),
        cpuMain: round2(main),
        cpuOtherThreads,
      };
    },
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Busy and total jiffies of the whole machine (first line of /proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * Bytes written to the machine's whole block devices (/proc/diskstats sectors; partitions skipped).
 * Per-process write_bytes is not used: for LMDB it counts every page rewrite in the page cache, many
 * times what reaches the disk.
 */
function diskWrittenBytes(): number {
  let total = 0;
  for (const line of readFileSync('/proc/diskstats', 'utf8').trim().split('\n')) {
    const f = line.trim().split(/\s+/);
    if (/^(sd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+n\d+)$/.test(f[2] ?? '')) total += Number(f[9]) * 512;
  }
  return total;
}

/** Measures the whole machine over a window: busy cores (CPU seconds per second) and disk writes per second. */
export function sampleMachine(): { finish(): { busyCores: number; diskWriteBytesPerSec: number } } {
  const started = performance.now();
  const before = machineTicks();
  const diskBefore = diskWrittenBytes();
  return {
    finish() {
      const after = machineTicks();
      const seconds = (performance.now() - started) / 1000;
      return {
        busyCores: round2((after.busy - before.busy) / TICKS / seconds),
        diskWriteBytesPerSec: Math.round((diskWrittenBytes() - diskBefore) / seconds),
      };
    },
  };
}
