/** timeline-crash-after-clean-restart.test.ts with two workers, the followers' timelines on both (each worker has its own checkpoint). */
import t from 'tap';
import { crashAfterCleanRestart } from './helpers/timeline-crash.js';

t.test(
  'kill -9 after a clean stop and a restart, before any periodic flush: the notes acknowledged since are in the home timelines (two workers)',
  (t) => crashAfterCleanRestart(t, 2),
);
