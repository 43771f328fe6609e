/**
 * What a Piscina worker thread runs: one pool of one thread per worker, so a shard never changes thread
 * and the worker keeps its shards' state (home timelines, audiences) in memory. The thread's own entry
 * file is the composition root src/worker.ts, which supplies the projection the actors write with.
 */

import type { StoredProjection } from '../domain/index.js';
import { setLogLevel } from '../log/index.js';
import { ActorWorker } from './batch-runner.js';
import { type ActorSettings, createActorContext } from './context.js';

/** What createMailboxes hands each worker thread (workerData). */
export interface WorkerData {
  settings: ActorSettings;
  worker: number;
  workers: number;
}

/** Opens this thread's actors and starts their periodic flushes; answers the function Piscina runs per batch. */
export function startWorkerThread(
  data: WorkerData,
  projection: StoredProjection,
): (bytes: Uint8Array) => Promise<Uint8Array> {
  setLogLevel(data.settings.logLevel);
  const actors = new ActorWorker(createActorContext(data.settings, data.worker, data.workers, projection));
  actors.startFlushing();
  return (bytes) => actors.runEncoded(bytes);
}
