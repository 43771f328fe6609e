/**
 * How fast the machine is right now, measured in a fraction of a second just before each run: the
 * same build swings by a third between runs on a shared 2-core machine, and these figures tell a slow
 * host from a slow Flock. Three fixed workloads in the bench runner's own process, while nothing else
 * of the bench runs: JSON work (the gateway's kind of CPU work), random reads of a 64 MB array (memory
 * latency, which other tenants' use of the shared L3 cache moves), and fdatasync of scattered pages
 * (what a commit waits for).
 */
import { closeSync, fdatasyncSync, ftruncateSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface MachineProbe {
  /** ms for a fixed amount of JSON encoding and decoding, the median of three (lower is faster). */
  jsonMs: number;
  /** ns per dependent random read from a 64 MB array. */
  memoryNs: number;
  /** ms per fdatasync after writing 32 scattered 4 KB pages: median and 90th percentile of 40. */
  fsyncP50Ms: number;
  fsyncP90Ms: number;
}

const SAMPLE = Array.from({ length: 2_000 }, (_, i) => ({
  id: (1e15 + i * 7919).toString(36),
  text: `note ${i} `.repeat(8),
  visibility: 'public',
  reactions: { '👍': i % 7, '❤': i % 3 },
  user: { id: String(i), username: `user${i}`, host: null },
}));

function jsonWork(): number {
  const started = performance.now();
  let bytes = 0;
  for (let pass = 0; pass < 5; pass++) {
    for (const note of SAMPLE) bytes += (JSON.parse(JSON.stringify(note)) as { text: string }).text.length;
  }
  if (bytes === 0) throw new Error('Expected the JSON probe to produce text, got none');
  return performance.now() - started;
}

const MEMORY_SLOTS = 8 * 1024 * 1024;
let chain: Int32Array | null = null;

/** A random cyclic permutation: each read's address depends on the previous read, so none overlap. */
function memoryChain(): Int32Array {
  if (chain !== null) return chain;
  const order = Int32Array.from({ length: MEMORY_SLOTS }, (_, i) => i);
  for (let i = MEMORY_SLOTS - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  chain = new Int32Array(MEMORY_SLOTS);
  for (let i = 0; i < MEMORY_SLOTS; i++) chain[order[i]!] = order[(i + 1) % MEMORY_SLOTS]!;
  return chain;
}

function memoryLatency(): number {
  const next = memoryChain();
  const reads = 400_000;
  let at = 0;
  const started = performance.now();
  for (let i = 0; i < reads; i++) at = next[at]!;
  const ns = ((performance.now() - started) * 1e6) / reads;
  if (at < 0) throw new Error('Expected an index in the memory probe, got a negative one');
  return ns;
}

function fsyncLatency(dir: string): number[] {
  const path = join(dir, 'probe-fsync');
  const fd = openSync(path, 'w');
  const page = Buffer.alloc(4096, 1);
  const pages = 16_384;
  const samples: number[] = [];
  try {
    ftruncateSync(fd, pages * 4096);
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 32; i++) writeSync(fd, page, 0, 4096, Math.floor(Math.random() * pages) * 4096);
      const started = performance.now();
      fdatasyncSync(fd);
      samples.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
  return samples.sort((a, b) => a - b);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Measures the machine (≈ 0.2–0.4 s); `dir` holds a scratch file on the disk Flock writes to. */
export function probeMachine(dir: string): MachineProbe {
  jsonWork();
  memoryLatency();
  // the median of three, so that one collector pause or a core lent elsewhere for a moment does not decide it
  const jsonMs = [jsonWork(), jsonWork(), jsonWork()].sort((a, b) => a - b)[1]!;
  const memoryNs = memoryLatency();
  const fsync = fsyncLatency(dir);
  return {
    jsonMs: round2(jsonMs),
    memoryNs: round2(memoryNs),
    fsyncP50Ms: round2(fsync[Math.floor(fsync.length / 2)]!),
    fsyncP90Ms: round2(fsync[Math.floor(fsync.length * 0.9)]!),
  };
}
