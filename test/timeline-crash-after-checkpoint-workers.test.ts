/**
 * timeline-crash-after-checkpoint.test.ts with two workers: the followers' timelines sit on both
 * workers (and not only on the author's), so one note's fan-out, the flushes and the per-worker
 * checkpoints span threads, and recovery has to start from the older of two checkpoints.
 */
import t from 'tap';
import { crashAfterCheckpoint } from './helpers/timeline-crash.js';

t.test(
  'kill -9 after a timeline checkpoint: every acknowledged note is in every home timeline, before and after the checkpoint (two workers)',
  (t) => crashAfterCheckpoint(t, 2),
);
