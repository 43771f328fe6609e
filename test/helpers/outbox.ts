/**
 * Reads the outgoing-activity queue of a stopped server's data directory through the store's own
 * repository. The outbox delivers what it can as soon as it is queued: a test that reads the queue
 * has its peer refuse deliveries (RemotePeer.answerPost = () => 503) so they stay queued.
 */
import { type OutgoingActivity, openStore } from '../../src/store/index.js';

export interface Queued extends OutgoingActivity {
  /** The parsed activity. */
  activity: { id: string; type: string; actor: string; object: any };
}

/** Every queued delivery, oldest first (the server must not be running). */
export async function queuedActivities(dataDir: string): Promise<Queued[]> {
  const store = openStore({ path: dataDir, mapSizeMb: 256 });
  try {
    return store.outgoingActivities.oldest(10_000).map(({ entry }) => ({ ...entry, activity: JSON.parse(entry.json) }));
  } finally {
    await store.close();
  }
}
