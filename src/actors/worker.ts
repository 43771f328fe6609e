/**
 * A worker thread's entry: one Piscina pool of one thread per worker, so a shard never changes thread
 * and the worker keeps its shards' state (home timelines, audiences) in memory. The batches themselves
 * run in batch-runner.ts, which the in-process mailboxes run too.
 */
import { workerData } from 'node:worker_threads';
import { setLogLevel } from '../log/index.js';
import { ActorWorker } from './batch-runner.js';
import { type ActorSettings, createActorContext } from './context.js';

const { settings, worker, workers } = workerData as { settings: ActorSettings; worker: number; workers: number };
setLogLevel(settings.logLevel);
const actors = new ActorWorker(createActorContext(settings, worker, workers));
actors.startFlushing();

export default function runBatch(bytes: Uint8Array): Promise<Uint8Array> {
  return actors.runEncoded(bytes);
}
