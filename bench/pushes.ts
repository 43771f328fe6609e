/**
 * Micro-benchmark of a note's fan-out into home timelines held in memory (src/actors/timeline-rings.ts):
 * 10,000 timelines of 800 entries, notes pushed to 200 random followers each. "warm" pushes note
 * after note (the timelines' lines stay in the CPU's caches); "cold" walks 16 MB of other memory
 * between notes, as the gateway, LMDB and other requests do in a loaded server. This machine's L3 is
 * shared with other tenants, so "cold" varies from run to run; the loaded server's figure comes from
 * a profile of the create bench (docs/architecture.md). Prints ns per push (median of the rounds) and
 * writes bench/results/pushes-<timestamp>.json.
 * Run: npm run build && node dist/bench/pushes.js
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TimelineRings } from '../src/actors/timeline-rings.js';

const USERS = 10_000;
const ENTRIES = 800;
const FOLLOWERS = 200;
const OTHER_MEMORY_BYTES = 16 * 1024 * 1024;

function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

function measure(cold: boolean): number {
  const [rounds, notesPerRound] = cold ? [6, 1_000] : [12, 20_000];
  const rings = new TimelineRings(ENTRIES);
  const slots = Array.from({ length: USERS }, (_, u) => rings.open(`u${String(u).padStart(15, '0')}`, []));
  let hi = 1e12;
  const one = new Int32Array(1);
  for (let k = 0; k < ENTRIES; k++, hi++) {
    for (const slot of slots) {
      one[0] = slot;
      rings.push(one, hi, 0, 1);
    }
  }
  const next = random(3);
  const audiences = Array.from({ length: 500 }, () => {
    const members = new Set<number>();
    while (members.size < FOLLOWERS) members.add(slots[Math.floor(next() * USERS)]!);
    return Int32Array.from(members);
  });
  const other = new Float64Array(cold ? OTHER_MEMORY_BYTES / 8 : 0);
  const perRound: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let spent = 0;
    for (let i = 0; i < notesPerRound; i++) {
      // one float per 64-byte line is enough to pull the whole buffer through the caches
      for (let j = 0; j < other.length; j += 8) other[j]! += 1;
      const started = performance.now();
      rings.push(audiences[i % audiences.length]!, hi++, 0, i);
      spent += performance.now() - started;
    }
    perRound.push((spent * 1e6) / (notesPerRound * FOLLOWERS));
    rings.takeChanges();
  }
  return perRound.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
}

const result = {
  at: new Date().toISOString(),
  users: USERS,
  entries: ENTRIES,
  followers: FOLLOWERS,
  nsPerPush: { warm: measure(false), cold: measure(true) },
};
console.log(
  `timeline pushes: ${result.nsPerPush.warm.toFixed(1)} ns warm, ${result.nsPerPush.cold.toFixed(1)} ns cold (${USERS} timelines of ${ENTRIES}, ${FOLLOWERS} followers per note)`,
);
const dir = join(dirname(fileURLToPath(import.meta.url)), '../../bench/results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, `pushes-${result.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2) + '\n');
