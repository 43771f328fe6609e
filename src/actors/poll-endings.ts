/**
 * Makes the pollEnded notifications when polls end: every second the gateway thread reads the ends
 * due in store.pollEnds and sends each to its note's actor, which makes them and removes the entry in
 * one commit. An end sent twice (still in flight at the next tick) is made once; one that failed, or
 * that came while the server was down, is found again at the next tick.
 */
import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import type { Mailboxes } from './mailboxes.js';

/** How often due ends are looked for (ms): a poll's notifications come at most this late. */
const TICK_MS = 1_000;
/** Ends sent per tick (well under the mailboxes' bound); more wait for the next. */
const PER_TICK = 256;

/** Starts the ticks; `stop` ends them (ends in flight finish, or are found again at the next start). */
export function startPollEndings(store: Store, mailboxes: Mailboxes, log: Logger): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const due = store.pollEnds.due(Date.now(), PER_TICK);
      await Promise.all(due.map((end) => mailboxes.send({ op: 'notification.pollEnded', args: end }, end.noteId)));
    } catch (err) {
      log.warn({ err }, 'poll endings could not all be sent; retried at the next tick');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
