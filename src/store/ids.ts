/** aidx ids: 8 base36 chars of ms since 2000-01-01, 4 chars of per-thread node id, 4 chars of counter; lexicographic order is time order. */
import { randomInt } from 'node:crypto';

const EPOCH_2000 = 946684800000;
const nodeId = randomInt(0, 36 ** 4)
  .toString(36)
  .padStart(4, '0');
let counter = randomInt(0, 36 ** 4);

const timePart = (ms: number) =>
  Math.max(0, ms - EPOCH_2000)
    .toString(36)
    .padStart(8, '0');

/** A new 16-char id for `ms` (default now). */
export function genId(ms = Date.now()): string {
  counter = (counter + 1) % 36 ** 4;
  return timePart(ms) + nodeId + counter.toString(36).padStart(4, '0');
}

/** The smallest id for a moment: ids made at `ms` or later sort at or after it (used for sinceDate/untilDate). */
export function idAtTime(ms: number): string {
  return timePart(ms) + '0000' + '0000';
}

/** Milliseconds since the epoch encoded in an aidx id. */
export function idTime(id: string): number {
  return parseInt(id.slice(0, 8), 36) + EPOCH_2000;
}

/** ISO date of an id's creation, as entities show it. */
export const idDate = (id: string) => new Date(idTime(id)).toISOString();
