/** The benchmark's parameters: the data set to seed and the load to apply, with the full and --quick presets. */
import { createHash } from 'node:crypto';

/** What the seeded data set looks like; its hash names the cached copy under bench/.data/. */
export interface DataParams {
  /** Regular users (they post the seeded notes and follow each other). */
  users: number;
  /** Seeded notes, spread over `spanDays` and ending an hour before the seeding. */
  notes: number;
  /** Each regular user follows a uniform random number of others in [followMin, followMax]. */
  followMin: number;
  followMax: number;
  /** Extra users with exactly `fanoutFollowers` followers each (regular users), posting in scenario (b). */
  fanoutAuthors: number;
  fanoutFollowers: number;
  /** Home timelines are materialised to this many newest entries (Flock's homeTimelineMax). */
  homeTimelineMax: number;
  /** Days the seeded notes are spread over. */
  spanDays: number;
  /** Seed of the pseudo-random generator: same parameters, same graph and texts. */
  seed: number;
}

/** How the load is applied. */
export interface LoadParams {
  /** Seconds each measured run lasts. */
  duration: number;
  /** Seconds of unrecorded load before the timeline sweep of each server (page cache, JIT). */
  warmup: number;
  /** Connection counts tried for the timeline read (a) and the ceiling (c). */
  readConnections: number[];
  /** Connection counts tried for notes/create (b). */
  createConnections: number[];
  /** Flock worker counts (FLOCK_WORKERS) to measure. */
  workers: number[];
  /** Notes per timeline page (the `limit` param). */
  limit: number;
  /** Tokens of distinct users rotated through in (a) and (c). */
  readTokens: number;
  /** p99 target in ms: the best connection count is the fastest whose p99 stays under it. */
  p99TargetMs: number;
}

export interface BenchParams {
  data: DataParams;
  load: LoadParams;
}

/** Bumped whenever seed.ts writes something different for the same DataParams. */
export const SEED_FORMAT = 11;

export const FULL: BenchParams = {
  data: {
    users: 10_000,
    notes: 100_000,
    followMin: 100,
    followMax: 500,
    fanoutAuthors: 128,
    fanoutFollowers: 200,
    homeTimelineMax: 800,
    spanDays: 7,
    seed: 1,
  },
  load: {
    duration: 10,
    warmup: 5,
    readConnections: [8, 16, 32, 64, 128],
    createConnections: [8, 16, 24, 32, 64],
    workers: [1, 2],
    limit: 20,
    readTokens: 10_000,
    p99TargetMs: 20,
  },
};

export const QUICK: BenchParams = {
  data: {
    users: 1_000,
    notes: 10_000,
    followMin: 100,
    followMax: 500,
    fanoutAuthors: 32,
    fanoutFollowers: 200,
    homeTimelineMax: 800,
    spanDays: 7,
    seed: 1,
  },
  load: {
    duration: 3,
    warmup: 1,
    readConnections: [16, 64],
    createConnections: [16, 64],
    workers: [1],
    limit: 20,
    readTokens: 1_000,
    p99TargetMs: 20,
  },
};

/** A short stable name for a data set: the cache directory is bench/.data/<dataHash>. */
export function dataHash(data: DataParams): string {
  const canonical = JSON.stringify({
    v: SEED_FORMAT,
    ...Object.fromEntries(Object.entries(data).sort(([a], [b]) => a.localeCompare(b))),
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}
