/**
 * kill -9 after a home-timeline flush has recorded its checkpoint, one worker (two workers:
 * timeline-crash-after-checkpoint-workers.test.ts).
 *
 * Home timelines live in the workers' memory and are flushed to the timelines environment every
 * timelineFlushMs; each flush then records a per-worker checkpoint (actors/timeline.ts: the flush's
 * start minus CHECKPOINT_MARGIN_MS, 60 s), and start-up after a crash re-runs the fan-out of the notes
 * newer than the oldest checkpoint (actors/recovery.ts). So after such a crash a timeline is put
 * together from two sources: the chunks the flushes wrote (notes older than the checkpoint) and the
 * replay (newer notes), and a note acknowledged with 200 must be in it exactly once either way.
 *
 * The scenario (helpers/timeline-crash.ts) crashes twice on the same data directory:
 * 1. as it happens: notes, several 200 ms flushes (the store is checked for a checkpoint from this run
 *    and for written chunks), more notes, kill -9. Within one test the real checkpoint still trails
 *    every note by the 60 s margin, so this replays notes whose entries the flushes had already
 *    written (pushes must stay idempotent against flushed chunks) together with unflushed ones.
 * 2. with the checkpoint where a flush 60 s later would have put it: more notes, several flushes, a
 *    moment `mid`, more notes, kill -9, then every worker's checkpoint is set to `mid` before the
 *    restart. Every note older than `mid` had been answered (so pushed) and flushed by then, so this
 *    is a state a running server reaches; tap's 60 s per file cannot wait out the margin itself.
 *    The older notes must now come from the flushed chunks alone and only the newer ones are
 *    replayed (the start-up's log line says how many).
 */
import t from 'tap';
import { crashAfterCheckpoint } from './helpers/timeline-crash.js';

t.test(
  'kill -9 after a timeline checkpoint: every acknowledged note is in every home timeline, before and after the checkpoint (one worker)',
  (t) => crashAfterCheckpoint(t, 1),
);
