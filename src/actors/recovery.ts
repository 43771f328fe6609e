/**
 * Start-up after a crash: home timelines are flushed behind the writes that cause them, so the fan-out
 * of notes newer than the oldest worker checkpoint is run again (pushes are idempotent), then flushed,
 * before the gateway opens. After a clean stop every checkpoint says so and nothing is replayed; the
 * start-up flush then records a fresh checkpoint, from which a later crash replays.
 */
import type { Logger } from 'pino';
import { type Store, TIMELINE_CLEAN } from '../store/index.js';
import type { Mailboxes } from './mailboxes.js';

/** Fan-outs kept in flight while replaying (well under the mailboxes' bound). */
const REPLAY_WINDOW = 256;

/** The oldest checkpoint any earlier run left, or 0 when there is none (a store written before checkpoints: replay it all). */
function oldestCheckpoint(store: Store): number {
  return store.checkpoints.oldest() ?? (store.notes.isEmpty() ? TIMELINE_CLEAN : 0);
}

export async function recoverTimelines(
  store: Store,
  mailboxes: Mailboxes,
  workers: number,
  log: Logger,
): Promise<void> {
  const from = oldestCheckpoint(store);
  if (from < Date.now()) {
    const started = performance.now();
    let replayed = 0;
    let window: Promise<unknown>[] = [];
    for (const note of store.notes.createdSince(from)) {
      // addressed to the author, whose thread keeps the author's follower list (audiences.ts)
      window.push(mailboxes.send({ op: 'note.fanout', args: { noteId: note.id } }, note.userId));
      replayed++;
      if (window.length >= REPLAY_WINDOW) {
        await Promise.all(window);
        window = [];
      }
    }
    await Promise.all(window);
    log.info(
      { notes: replayed, since: new Date(from).toISOString(), ms: Math.round(performance.now() - started) },
      'replayed the fan-out of notes newer than the last timeline flush',
    );
  }
  const flushed = await mailboxes.everyWorker({ op: 'timeline.flush', args: { kind: 'startup' } });
  if (flushed.some((r) => !r.ok))
    throw new Error('Expected every worker to flush its timelines at start-up, got a failure');
  // checkpoints of workers a larger earlier run had would hold the replay point back forever
  await store.checkpoints.dropFrom(workers);
}

/** A clean stop: after the mailboxes drained, every worker writes its timelines and a checkpoint saying nothing is left. */
export async function flushTimelinesForStop(mailboxes: Mailboxes): Promise<boolean> {
  const flushed = await mailboxes.everyWorker({ op: 'timeline.flush', args: { kind: 'stop' } });
  return flushed.every((r) => r.ok);
}
