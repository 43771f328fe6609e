/**
 * Shared by the timeline-crash-* suites: crashing a server whose home timelines were (partly) flushed,
 * reading and moving the flush checkpoints with the server down, and checking every home timeline.
 */
import type { Test } from 'tap';
import { Placement } from '../../src/actors/placement.js';
import { openStore, TIMELINE_CLEAN } from '../../src/store/index.js';
import { ids } from './assert.js';
import { type Account, call, post, type Server, signup, sleep, startServer, tempDir } from './server.js';

export const SHARDS = 8;
/** A short flush interval, so that several flushes (and checkpoints) happen within a test. */
export const FLUSH_MS = 200;
const FLUSHES_WAIT_MS = 5 * FLUSH_MS;
export const NOTES_PER_BATCH = 5;

/** Every id of a home timeline, newest first, following untilId until it runs out (at most 50 pages). */
export async function walk(url: string, token: string): Promise<string[]> {
  const all: string[] = [];
  for (let untilId: string | undefined, pages = 0; pages < 50; pages++) {
    const page = ids(
      await call(url, 'notes/timeline', { limit: 100, ...(untilId === undefined ? {} : { untilId }) }, token),
    );
    if (page.length === 0) break;
    all.push(...page);
    untilId = page[page.length - 1];
  }
  return all;
}

/** The worker a user's home timeline lives on (actors/placement.ts). */
export function workerOf(userId: string, workers: number): number {
  const placement = new Placement(SHARDS, workers);
  return placement.workerOf(placement.shardOf(userId));
}

/** Signs up `min` followers of `author` (more, up to 20, until each worker holds at least two of their timelines). */
export async function followersOnEveryWorker(
  url: string,
  author: Account,
  workers: number,
  min: number,
): Promise<Account[]> {
  const followers: Account[] = [];
  const spread = () =>
    Array.from({ length: workers }, (_, w) => w).every(
      (w) => followers.filter((f) => workerOf(f.id, workers) === w).length >= 2,
    );
  for (let n = 0; n < 20 && (followers.length < min || !spread()); n++)
    followers.push(await signup(url, `follower${n}`));
  for (const f of followers) await call(url, 'following/create', { userId: author.id }, f.token);
  return followers;
}

export async function postBatch(
  url: string,
  author: Account,
  label: string,
  count = NOTES_PER_BATCH,
): Promise<string[]> {
  const posted: string[] = [];
  for (let n = 0; n < count; n++) posted.push((await post(url, author.token, `${label} ${n}`)).id);
  return posted;
}

/** The checkpoints in the timelines environment by worker, read with the server down. */
export async function readCheckpoints(dataDir: string): Promise<Record<string, number>> {
  const store = openStore({ path: dataDir, mapSizeMb: 256 });
  const out = Object.fromEntries(store.checkpoints.all());
  await store.close();
  return out;
}

/** How many timeline chunks the flushes wrote for each user, read with the server down. */
export async function flushedChunks(dataDir: string, userIds: string[]): Promise<number[]> {
  const store = openStore({ path: dataDir, mapSizeMb: 256 });
  const counts = userIds.map((id) => store.homeTimelines.chunks(id).length);
  await store.close();
  return counts;
}

/** Sets every worker's checkpoint to `to`, with the server down. */
export async function moveCheckpoints(dataDir: string, to: number): Promise<void> {
  const store = openStore({ path: dataDir, mapSizeMb: 256 });
  for (const worker of store.checkpoints.all().keys()) await store.checkpoints.record(worker, to);
  await store.close();
}

/** How many notes the start-up replayed, from its info log line (null when it did not replay); the server must log at info. */
export async function replayedCount(server: Server): Promise<number | null> {
  const line = await server.waitForLine(/replayed the fan-out/, 3000);
  if (line === null) return null;
  return (JSON.parse(line) as { notes: number }).notes;
}

/** Every reader's whole home timeline is exactly `expected` (oldest first in the argument), newest first, each note once. */
export async function everyoneHasAll(
  t: Test,
  url: string,
  readers: Account[],
  expected: string[],
  when: string,
): Promise<void> {
  const newestFirst = [...expected].reverse();
  const wrong: string[] = [];
  for (const reader of readers) {
    const tl = await walk(url, reader.token);
    const missing = expected.filter((id) => !tl.includes(id));
    if (missing.length > 0 || tl.length !== newestFirst.length || tl.some((id, i) => id !== newestFirst[i])) {
      wrong.push(
        `${reader.username}: ${tl.length} entries, ${missing.length} of ${expected.length} acknowledged notes missing, ${new Set(tl).size !== tl.length ? 'with duplicates' : 'no duplicates'}`,
      );
    }
  }
  t.same(
    wrong,
    [],
    `${when}: every one of ${readers.length} home timelines holds all ${expected.length} acknowledged notes, newest first, each once`,
  );
}

/**
 * Two crashes on one data directory with `workers` workers (see timeline-crash-after-checkpoint.test.ts):
 * 1. with the checkpoint the periodic flushes recorded; 2. with every checkpoint moved to a moment
 * between two batches of notes, as a flush 60 s later would have put it.
 */
export async function crashAfterCheckpoint(t: Test, workers: number): Promise<void> {
  const dataDir = tempDir();
  const env = {
    FLOCK_TIMELINE_FLUSH_MS: String(FLUSH_MS),
    FLOCK_WORKERS: String(workers),
    FLOCK_SHARDS: String(SHARDS),
  };
  // info, for the start-up's "replayed the fan-out" line
  const restartEnv = { ...env, FLOCK_LOG_LEVEL: 'info' };
  let server = await startServer({ dataDir, env });
  const author = await signup(server.url, 'author');
  const followers = await followersOnEveryWorker(server.url, author, workers, 6);
  t.same(
    new Set(followers.map((f) => workerOf(f.id, workers))).size,
    workers,
    `the followers' timelines are on every worker (${followers.map((f) => workerOf(f.id, workers)).join(',')})`,
  );
  if (workers > 1)
    t.ok(
      followers.some((f) => workerOf(f.id, workers) !== workerOf(author.id, workers)),
      "so the author's fan-out crosses workers",
    );
  const readers = [...followers, author];
  const started = Date.now();

  // 1. the checkpoint the periodic flushes recorded
  const a = await postBatch(server.url, author, 'before the flushes');
  await sleep(FLUSHES_WAIT_MS);
  const b = await postBatch(server.url, author, 'after the flushes');
  await server.kill();
  const checkpoints = await readCheckpoints(dataDir);
  t.equal(
    Object.keys(checkpoints).length,
    workers,
    `each of the ${workers} workers recorded a checkpoint before the crash (${JSON.stringify(checkpoints)})`,
  );
  t.ok(
    Object.values(checkpoints).every((at) => at !== TIMELINE_CLEAN && at > started - 120_000 && at < Date.now()),
    "by a periodic flush of this run (not a clean stop's)",
  );
  const chunks = await flushedChunks(
    dataDir,
    followers.map((f) => f.id),
  );
  t.ok(
    chunks.every((n) => n > 0),
    `the flushes wrote every follower's timeline (chunks: ${chunks.join(',')})`,
  );

  server = await startServer({ dataDir, env: restartEnv });
  t.not(await replayedCount(server), null, 'the start-up replayed fan-outs');
  await everyoneHasAll(t, server.url, readers, [...a, ...b], 'crash 1 (the recorded checkpoint)');

  // 2. the checkpoint between two batches
  const c = await postBatch(server.url, author, 'flushed before mid');
  await sleep(FLUSHES_WAIT_MS);
  const mid = Date.now();
  const d = await postBatch(server.url, author, 'after mid');
  await server.kill();
  await moveCheckpoints(dataDir, mid);

  server = await startServer({ dataDir, env: restartEnv });
  t.equal(await replayedCount(server), d.length, `only the ${d.length} notes newer than the checkpoint were replayed`);
  await everyoneHasAll(
    t,
    server.url,
    readers,
    [...a, ...b, ...c, ...d],
    'crash 2 (the checkpoint between two batches)',
  );

  // and the timelines keep working after the recovery
  const e = await post(server.url, author.token, 'after the recovery');
  await everyoneHasAll(t, server.url, readers, [...a, ...b, ...c, ...d, e.id], 'a note after the recovery');
  t.equal(await server.stop(), 0, 'a clean stop after the recovery');
}

/**
 * A clean stop (checkpoints TIMELINE_CLEAN), a restart, notes, kill -9 before any periodic flush, and a
 * restart (see timeline-crash-after-clean-restart.test.ts): the notes acknowledged in between must be there.
 */
export async function crashAfterCleanRestart(t: Test, workers: number): Promise<void> {
  const dataDir = tempDir();
  // the largest interval config allows, so that no periodic flush runs during the test
  const env = { FLOCK_TIMELINE_FLUSH_MS: '60000', FLOCK_WORKERS: String(workers), FLOCK_SHARDS: String(SHARDS) };
  let server = await startServer({ dataDir, env });
  const author = await signup(server.url, 'author');
  const followers = await followersOnEveryWorker(server.url, author, workers, 4);
  const before = await postBatch(server.url, author, 'before the clean stop');
  t.equal(await server.stop(), 0, 'a clean stop');
  t.ok(
    Object.values(await readCheckpoints(dataDir)).every((at) => at === TIMELINE_CLEAN),
    'left clean checkpoints',
  );

  server = await startServer({ dataDir, env });
  const after = await postBatch(server.url, author, 'after the clean restart');
  await server.kill();
  server = await startServer({ dataDir, env });
  await everyoneHasAll(
    t,
    server.url,
    [...followers, author],
    [...before, ...after],
    'kill -9 before the first flush after a clean restart',
  );
  t.equal(await server.stop(), 0);
}
