/** The timeline actor: materialised home timelines, bounded to homeTimelineMax entries (oldest trimmed in slack-sized steps). */
import type { ActorContext } from './context.js';
import { ok } from './context.js';
import type { Commands, Reply } from './protocol.js';

/** Entries a timeline may exceed its bound by before it is trimmed, so trimming is amortised. */
const SLACK = 0.1;

export function pushToTimelines(ctx: ActorContext, a: Commands['timeline.push']): Reply<'timeline.push'> {
  const { store, timelineLengths, settings } = ctx;
  const max = settings.homeTimelineMax;
  for (const userId of a.userIds) {
    store.homeTl.putSync(userId + a.noteId, a.flags);
    let length = timelineLengths.get(userId);
    length = length === undefined ? store.homeTl.getKeysCount({ start: userId, end: userId + '~' }) : length + 1;
    if (length > max * (1 + SLACK)) {
      const excess = [...store.homeTl.getKeys({ start: userId, end: userId + '~', limit: length - max })];
      for (const key of excess) store.homeTl.remove(key);
      length -= excess.length;
    }
    timelineLengths.set(userId, length);
  }
  return ok(null);
}
