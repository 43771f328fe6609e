/**
 * The checkpoint a clean stop records says "nothing to replay" (TIMELINE_CLEAN, actors/recovery.ts).
 * It is true when written, and stops being true as soon as the next run pushes entries it has not
 * flushed yet: until that run records a checkpoint of its own, a crash must still not lose the notes
 * it acknowledged. The test runs with FLOCK_TIMELINE_FLUSH_MS at its maximum (60 s) so that no
 * periodic flush runs; with the default (5 s) the same window opens for 5 s after every clean restart.
 * One worker here; two in timeline-crash-after-clean-restart-workers.test.ts.
 */
import t from 'tap';
import { crashAfterCleanRestart } from './helpers/timeline-crash.js';

t.test(
  'kill -9 after a clean stop and a restart, before any periodic flush: the notes acknowledged since are in the home timelines (one worker)',
  (t) => crashAfterCleanRestart(t, 1),
);
