/**
 * The main thread's side of the outbox: starts its thread, keeps its latest figures, and forwards an
 * operator's retry or drop. A thread that dies is started again (its deliveries are all in LMDB).
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config/index.js';
import { logger } from '../../log/index.js';
import type { OutboxStats } from './outbox.js';
import type { OutboxReply, OutboxRequest } from './outbox-protocol.js';
import type { HookCallReport } from './webhook-calls.js';

const log = logger('outbox');
const THREAD = new URL('./outbox-thread.js', import.meta.url);
const RESTART_DELAY_MS = 1_000;

export interface OutboxHandle {
  /** The latest figures the outbox reported (at most half a second old). */
  stats(): OutboxStats;
  /** Makes the delayed deliveries (to `host`, or all) due now; answers how many requests moved. */
  retryNow(host: string | null): Promise<number>;
  /** Gives up the waiting deliveries to `host`; answers how many. */
  drop(host: string): Promise<number>;
  /** Waits up to `timeoutMs` for the requests in flight; the rest stay queued for the next start. */
  stop(timeoutMs: number): Promise<void>;
}

const EMPTY: OutboxStats = { pending: 0, inFlight: 0, delayed: 0, delivered: 0, failed: 0, hosts: [] };

/** `onHookCall`: told of every webhook call, for the hook's owner to record it (an actor command). */
export function startOutbox(config: Config, onHookCall: (report: HookCallReport) => void = () => {}): OutboxHandle {
  let latest = EMPTY;
  let nextId = 0;
  let stopping = false;
  const waiting = new Map<number, (count: number) => void>();
  let stopped: (() => void) | null = null;
  let worker = spawn();

  function spawn(): Worker {
    const started = new Worker(THREAD, { workerData: { config } });
    started.on('message', (message: OutboxReply) => {
      if (message.kind === 'stats') latest = message.stats;
      else if (message.kind === 'hookCall') onHookCall(message.report);
      else if (message.kind === 'done') {
        waiting.get(message.id)?.(message.count);
        waiting.delete(message.id);
      } else stopped?.();
    });
    started.on('error', (err) => log.error({ err }, 'the outbox thread failed'));
    started.on('exit', () => {
      for (const answer of waiting.values()) answer(0);
      waiting.clear();
      if (stopping) return stopped?.();
      setTimeout(() => {
        if (!stopping) worker = spawn();
      }, RESTART_DELAY_MS).unref();
    });
    return started;
  }

  const ask = (request: Omit<Extract<OutboxRequest, { id: number }>, 'id'>): Promise<number> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      worker.postMessage({ ...request, id } as OutboxRequest);
    });

  return {
    stats: () => latest,
    retryNow: (host) => ask({ kind: 'retry', host }),
    drop: (host) => ask({ kind: 'drop', host }),
    stop(timeoutMs) {
      stopping = true;
      return new Promise((resolve) => {
        stopped = () => {
          resolve();
          void worker.terminate();
        };
        worker.postMessage({ kind: 'stop', timeoutMs } satisfies OutboxRequest);
      });
    },
  };
}
