/**
 * Where actors live: which of S shards an actor id belongs to, and which of W workers runs a shard.
 * The dispatcher, fan-out and `everyWorker` all ask this one object, so a placement over NATS
 * JetStream (shards as subjects, consumed by whichever node holds them) replaces it without touching them.
 */

/** Shards spread over workers round-robin: shard s always runs on worker s % W, so a shard never changes thread. */
export class Placement {
  /** Workers that run at least one shard (a worker beyond the shard count has none). */
  readonly workersWithShards: number;

  constructor(
    readonly shards: number,
    readonly workers: number,
  ) {
    if (!Number.isInteger(shards) || shards < 1)
      throw new RangeError(`Expected a positive whole number of shards, got ${shards}`);
    if (!Number.isInteger(workers) || workers < 1)
      throw new RangeError(`Expected a positive whole number of workers, got ${workers}`);
    this.workersWithShards = Math.min(shards, workers);
  }

  /** The shard of an actor id (FNV-1a over its UTF-16 code units). */
  shardOf(address: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < address.length; i++) {
      h ^= address.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return (h >>> 0) % this.shards;
  }

  workerOf(shard: number): number {
    return shard % this.workers;
  }

  /** A shard that runs on `worker`, for commands about the worker's own state (a timeline flush). */
  firstShardOf(worker: number): number {
    if (worker >= this.workersWithShards)
      throw new RangeError(`Expected a worker below ${this.workersWithShards}, got ${worker}`);
    return worker;
  }
}

/** The placement as seen from one worker, which applies its own shards' messages in place. */
export class WorkerPlacement extends Placement {
  constructor(
    shards: number,
    workers: number,
    readonly worker: number,
  ) {
    super(shards, workers);
  }

  /** Whether `shard` runs on this worker. */
  isLocal(shard: number): boolean {
    return this.workerOf(shard) === this.worker;
  }
}
