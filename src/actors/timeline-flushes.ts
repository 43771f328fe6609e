/**
 * A worker's timeline flushes, one after another: a final flush (a clean stop's) then comes after any
 * periodic one already under way, and its checkpoint is the last one written.
 */
import type { ActorContext } from './context.js';
import type { FlushKind } from './protocol.js';
import { flushTimelines } from './timeline.js';

/** The latest flush of each worker's context (the in-process mailboxes hold several contexts on one thread). */
const latest = new WeakMap<ActorContext, Promise<void>>();

/** Flushes `ctx`'s timelines once the flushes already asked for are done. */
export function flushInTurn(ctx: ActorContext, kind: FlushKind): Promise<void> {
  const flush = (latest.get(ctx) ?? Promise.resolve()).catch(() => undefined).then(() => flushTimelines(ctx, kind));
  latest.set(ctx, flush);
  return flush;
}

/** Resolves once every flush asked for so far has ended, whether or not it failed. */
export async function flushesEnded(ctx: ActorContext): Promise<void> {
  await latest.get(ctx)?.catch(() => undefined);
}
