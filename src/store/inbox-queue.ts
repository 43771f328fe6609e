/**
 * The inbox's durable queue: activities that passed verification, waiting for the inbox processor,
 * and the ids of the activities already taken (deduplication). An entry is keyed by when it is due,
 * so a retry later is a move further down the key order and the processor reads what is due as one
 * range. Activity ids are URLs up to 2 KB, longer than an LMDB key may be, so the seen table is keyed
 * by their SHA-256. Plain msgpack maps: entries live minutes, not years.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'lmdb';
import { genId } from './ids.js';

/** An activity waiting to be applied. */
export interface InboxEntry {
  activityId: string;
  type: string;
  actorUri: string;
  /** The sender's remote user. */
  actorUserId: string;
  /** The activity JSON as received (text: it goes back through the bounded parser, never trusted as stored). */
  json: string;
  receivedAt: number;
  /** Failed attempts so far. */
  attempts: number;
}

/** An entry with the key it is stored under (to delete or move it). */
export interface QueuedEntry {
  key: string;
  entry: InboxEntry;
}

/** ms as 15 digits: keys sort by due time. */
const dueKey = (at: number, seq: string) => `${String(Math.max(0, Math.floor(at))).padStart(15, '0')}${seq}`;
const seenKey = (activityId: string) => createHash('sha256').update(activityId).digest('base64url');

export class InboxQueue {
  constructor(
    private readonly queue: Database<InboxEntry, string>,
    /** sha256(activity id) → when it was taken. */
    private readonly seen: Database<number, string>,
    /** `${15-digit ms}${sha256}` → true: the seen ids in the order they expire. */
    private readonly seenLog: Database<true, string>,
  ) {}

  /**
   * Queues `entry` unless an activity with its id was taken before (then nothing is written); resolves
   * once committed with whether it was queued. The check and the writes are one atomic LMDB batch.
   */
  enqueue(entry: InboxEntry): Promise<boolean> {
    const hash = seenKey(entry.activityId);
    return this.seen.ifNoExists(hash, () => {
      void this.seen.put(hash, entry.receivedAt);
      void this.seenLog.put(dueKey(entry.receivedAt, hash), true);
      void this.queue.put(dueKey(entry.receivedAt, genId(entry.receivedAt)), entry);
    });
  }

  /** Whether an activity with this id was ever queued (within the seen retention). */
  hasSeen(activityId: string): boolean {
    return this.seen.doesExist(seenKey(activityId));
  }

  /** Up to `limit` entries due at `now`, oldest due first. */
  due(now: number, limit: number): QueuedEntry[] {
    const found: QueuedEntry[] = [];
    for (const { key, value } of this.queue.getRange({ end: dueKey(now + 1, ''), limit }))
      found.push({ key, entry: value });
    return found;
  }

  /** When the first entry is due (ms), or null when the queue is empty. */
  nextDue(): number | null {
    for (const key of this.queue.getKeys({ limit: 1 })) return Number(key.slice(0, 15));
    return null;
  }

  /** How many entries wait (from the database's statistics: no walk over them). */
  pending(): number {
    return (this.queue.getStats() as { entryCount: number }).entryCount;
  }

  /** Removes an entry that was applied or given up. */
  async done(key: string): Promise<void> {
    await this.queue.remove(key);
  }

  /** Moves an entry to be due at `at`, with its attempts counted; one commit. */
  async retryAt(queued: QueuedEntry, at: number): Promise<void> {
    await this.queue.batch(() => {
      void this.queue.remove(queued.key);
      void this.queue.put(dueKey(at, queued.key.slice(15)), { ...queued.entry, attempts: queued.entry.attempts + 1 });
    });
  }

  /** Forgets up to `limit` seen ids taken before `before`; resolves with how many. */
  async pruneSeen(before: number, limit: number): Promise<number> {
    const expired = [...this.seenLog.getKeys({ end: dueKey(before, ''), limit })];
    if (expired.length === 0) return 0;
    await this.seenLog.batch(() => {
      for (const key of expired) {
        void this.seenLog.remove(key);
        void this.seen.remove(key.slice(15));
      }
    });
    return expired.length;
  }
}
