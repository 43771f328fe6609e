/**
 * The mailboxes with every worker's actors on the calling thread: the same shard queues, batching,
 * codec, handler table and batch runner as the worker threads, with one actor context (store handles,
 * home timelines, audiences) per worker, but no threads. Unit tests drive actors through it.
 */

import type { StoredProjection } from '../domain/index.js';
import { ActorWorker } from './batch-runner.js';
import { createActorContext } from './context.js';
import { ShardedMailboxes } from './dispatcher.js';
import type { Mailboxes, MailboxOptions } from './mailboxes.js';

/** Opens W workers' actors on this thread, writing with `projection`, and S mailboxes in front of them. */
export function createInProcessMailboxes(options: MailboxOptions, projection: StoredProjection): Mailboxes {
  const actorWorkers = Array.from(
    { length: options.workers },
    (_, worker) => new ActorWorker(createActorContext(options, worker, options.workers, projection)),
  );
  // unref'd: an idle test process should not be kept alive by its periodic flushes
  const flushTimers = actorWorkers.map((actorWorker) => actorWorker.startFlushing().unref());
  return new ShardedMailboxes(options, {
    run: (worker, batch) => actorWorkers[worker]!.runEncoded(batch),
    close: async () => {
      for (const timer of flushTimers) clearInterval(timer);
      await Promise.all(actorWorkers.map((actorWorker) => actorWorker.close()));
    },
  });
}
