/**
 * What a note's fan-out costs in LMDB, without HTTP or actors: on a copy of the seeded data set,
 * pushes each new note into its author's followers' materialised home timelines exactly as
 * src/actors/timeline.ts does (put `${userId}${noteId}`, count on first touch, trim past 110%),
 * committing `n` notes per transaction, and reports notes/s, timeline inserts/s, commits/s and
 * what reached the disk. Modes: `sync` (openStore, durable commits, as Flock runs), `nosync`
 * and `writemap` (the same databases opened with noSync / noSync+useWritemap, for comparison).
 *
 *   node dist/bench/probe-fanout.js [--quick] [--notes-per-commit=1,20,100] [--modes=sync,nosync,writemap] [--seconds=5]
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { open } from 'lmdb';
import { projectRoot } from '../src/config/index.js';
import { genId, openStore, type Store } from '../src/store/index.js';
import { FULL, QUICK } from './params.js';
import { ensureSeeded } from './seed.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'notes-per-commit': { type: 'string', default: '1,20,100' },
    modes: { type: 'string', default: 'sync,nosync,writemap' },
    seconds: { type: 'string', default: '5' },
  },
});
const params = values.quick ? QUICK : FULL;
const seconds = Number(values.seconds);
const root = join(projectRoot(), 'bench', '.data');
const { dir: seeded, manifest } = await ensureSeeded(root, params.data, (l) => console.log(l));
const max = params.data.homeTimelineMax;

/** Sectors written to the block device holding the data set, as bytes (whole machine: run it on a quiet one). */
function diskBytes(): number {
  const lines = readFileSync('/proc/diskstats', 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/));
  const whole = lines.filter((f) => /^(sd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+n\d+)$/.test(f[2]!));
  return whole.reduce((sum, f) => sum + Number(f[9]) * 512, 0);
}

async function probe(mode: string, notesPerCommit: number): Promise<void> {
  const dir = join(root, `probe-fanout-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  copyFileSync(join(seeded, 'data.mdb'), join(dir, 'data.mdb'));
  let store: Store = openStore({ path: dir, mapSizeMb: 65536 });
  if (mode !== 'sync') {
    await store.close();
    const env = open({ path: dir, maxDbs: 64, mapSize: 65536 * 2 ** 20, maxReaders: 1024, noSync: true, useWritemap: mode === 'writemap' });
    store = { ...store, env, homeTl: env.openDB({ name: 'homeTl', cache: false }), followers: env.openDB({ name: 'followers', cache: false }) };
  }
  const audiences = manifest.fanoutUserIds.map((a) => [a, ...[...store.followers.getRange({ start: a, end: a + '~' })].map((e) => e.value)]);
  // lengths as a long-running worker knows them (the first-touch count is measured apart)
  const lengths = new Map<string, number>();
  const primeStarted = performance.now();
  for (const list of audiences) for (const u of list) if (!lengths.has(u)) lengths.set(u, store.homeTl.getKeysCount({ start: u, end: u + '~' }));
  const primeUs = ((performance.now() - primeStarted) * 1000) / lengths.size;
  let notes = 0;
  let inserts = 0;
  let commits = 0;
  let next = 0;
  const disk0 = diskBytes();
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    await store.env.transaction(() => {
      for (let i = 0; i < notesPerCommit; i++) {
        const audience = audiences[next++ % audiences.length]!;
        const noteId = genId();
        for (const u of audience) {
          store.homeTl.put(u + noteId, 0);
          inserts++;
          let length = lengths.get(u)! + 1;
          if (length > max * 1.1) {
            const excess = [...store.homeTl.getKeys({ start: u, end: u + '~', limit: length - max })];
            for (const key of excess) store.homeTl.remove(key);
            length -= excess.length;
          }
          lengths.set(u, length);
        }
        notes++;
      }
    });
    commits++;
  }
  const elapsed = (performance.now() - started) / 1000;
  const disk = diskBytes() - disk0;
  console.log(`${mode.padEnd(9)} ${String(notesPerCommit).padStart(4)} notes/commit: ${Math.round(notes / elapsed).toLocaleString('en-US').padStart(6)} notes/s, ` +
    `${Math.round(inserts / elapsed).toLocaleString('en-US').padStart(8)} timeline inserts/s, ${Math.round(commits / elapsed).toString().padStart(4)} commits/s, ` +
    `disk ${(disk / elapsed / 2 ** 20).toFixed(0).padStart(4)} MB/s = ${(disk / Math.max(1, inserts) / 1024).toFixed(1)} KB per insert; first-touch count ${primeUs.toFixed(0)} µs/user`);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`fan-out of ${manifest.fanoutUserIds.length} authors with ${params.data.fanoutFollowers} followers each into ${params.data.users} users' timelines (${max} entries each), ${seconds} s per line`);
for (const mode of values.modes.split(',')) {
  for (const n of values['notes-per-commit'].split(',').map(Number)) await probe(mode, n);
}
