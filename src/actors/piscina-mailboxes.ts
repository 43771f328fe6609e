/**
 * The mailboxes with each worker on its own thread: one Piscina pool of one thread per worker, so a
 * shard never moves between threads. Batches go out as msgpack bytes, many in flight per worker
 * (`concurrentTasksPerWorker`), without Atomics waits between them.
 */
import { Piscina } from 'piscina';
import type { ActorSettings } from './context.js';
import { ShardedMailboxes } from './dispatcher.js';
import type { Mailboxes, MailboxOptions } from './mailboxes.js';
import type { WorkerData } from './worker-entry.js';

/** The settings a worker thread needs, and nothing else from the config (workerData is cloned). */
const pickSettings = (o: ActorSettings): ActorSettings => ({
  dataDir: o.dataDir,
  mapSizeMb: o.mapSizeMb,
  url: o.url,
  shards: o.shards,
  homeTimelineMax: o.homeTimelineMax,
  timelineFlushMs: o.timelineFlushMs,
  timelineCacheUsers: o.timelineCacheUsers,
  logLevel: o.logLevel,
  canSearchNotes: o.canSearchNotes,
});

/**
 * Starts W worker threads and S mailboxes on this machine. `workerFile` is the threads' entry (the
 * composition root src/worker.ts), which wires the actors with what they need from the client APIs.
 */
export function createMailboxes(options: MailboxOptions, workerFile: string): Mailboxes {
  const pools = Array.from(
    { length: options.workers },
    (_, worker) =>
      new Piscina({
        filename: workerFile,
        minThreads: 1,
        maxThreads: 1,
        concurrentTasksPerWorker: options.tasksPerWorker,
        atomics: 'disabled',
        idleTimeout: Number.MAX_SAFE_INTEGER,
        resourceLimits: { maxYoungGenerationSizeMb: 64 },
        workerData: { settings: pickSettings(options), worker, workers: options.workers } satisfies WorkerData,
      }),
  );
  return new ShardedMailboxes(options, {
    run: (worker, batch) => pools[worker]!.run(batch) as Promise<Uint8Array>,
    close: async () => {
      await Promise.all(pools.map((pool) => pool.destroy()));
    },
  });
}
