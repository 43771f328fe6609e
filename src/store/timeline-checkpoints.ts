/**
 * Each worker's timeline checkpoint (timelines environment, key `timelineCheckpoint:<worker>` → ms):
 * the fan-out of notes older than it is flushed, so start-up replays only newer notes after a crash.
 */
import type { Database } from 'lmdb';

const PREFIX = 'timelineCheckpoint:';

/** A checkpoint meaning "everything is flushed" (written by a clean stop). */
export const TIMELINE_CLEAN = Number.MAX_SAFE_INTEGER;

export class TimelineCheckpoints {
  constructor(private readonly db: Database<number, string>) {}

  /** Records `worker`'s checkpoint; resolves once committed. */
  record(worker: number, ms: number): Promise<boolean> {
    return this.db.put(PREFIX + worker, ms);
  }

  /** Every recorded checkpoint, by worker number. */
  all(): Map<number, number> {
    const checkpoints = new Map<number, number>();
    for (const { key, value } of this.db.getRange({ start: PREFIX, end: PREFIX + '~' }))
      checkpoints.set(Number(key.slice(PREFIX.length)), value);
    return checkpoints;
  }

  /** The oldest recorded checkpoint, or undefined when none is (a store written before checkpoints). */
  oldest(): number | undefined {
    let oldest: number | undefined;
    for (const { value } of this.db.getRange({ start: PREFIX, end: PREFIX + '~' })) {
      const at = typeof value === 'number' ? value : 0;
      oldest = oldest === undefined ? at : Math.min(oldest, at);
    }
    return oldest;
  }

  /** Drops the checkpoints of workers numbered `workers` or above, which a larger earlier run left. */
  async dropFrom(workers: number): Promise<void> {
    for (const key of [...this.db.getKeys({ start: PREFIX, end: PREFIX + '~' })]) {
      if (Number(key.slice(PREFIX.length)) >= workers) await this.db.remove(key);
    }
  }
}
