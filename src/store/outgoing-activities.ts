/**
 * The outgoing-activity queue: activities this server must deliver to other servers (Accept, Reject,
 * Follow, Undo...) and webhook calls, each written by the actor command whose change caused it, in that command's commit,
 * so an acknowledged change never loses its delivery and a rolled-back one never sends it. One entry is
 * one delivery to one remote actor, keyed by a time-ordered id, so the outbox drains oldest first.
 */
import type { Database } from 'lmdb';

/** One delivery, stored as a plain map; everything a deliverer needs, so it needs no other record. */
export interface OutgoingActivity {
  /** The activity's id: a URL on this server's origin. */
  activityId: string;
  /** The local user whose key signs the delivery (its actor is the activity's `actor`), or INSTANCE_ACTOR_ID. */
  signerId: string;
  /** The recipient actor's URI. */
  recipient: string;
  /** The recipient's own inbox. */
  inbox: string;
  /** Its server's shared inbox, or null: a deliverer may send there instead, once for several recipients of one activity. */
  sharedInbox: string | null;
  /** The activity JSON, serialised once (the body a deliverer signs and sends unchanged). */
  json: string;
  /** When it was queued (ms). */
  queuedAt: number;
  /**
   * Set for a webhook call (the outbox's second kind of job): the hook, one of `signerId`'s, whose secret
   * authenticates the call (read when it is sent); `inbox` is then the hook's URL and `json` the payload.
   */
  hookId?: string;
  /** Set for a test call (i/webhooks/test): tried once, never turns its hook off; `secret` (the test's) replaces the hook's when set. */
  hookTest?: { secret: string | null };
}

export class OutgoingActivities {
  constructor(private readonly db: Database<OutgoingActivity, string>) {}

  /** Queues a delivery under `deliveryId` (a fresh aidx id: queue order is id order). */
  add(deliveryId: string, entry: OutgoingActivity): void {
    void this.db.put(deliveryId, entry);
  }

  get(deliveryId: string): OutgoingActivity | undefined {
    return this.db.get(deliveryId);
  }

  /** The oldest `limit` deliveries after `afterId` (exclusive), oldest first. */
  oldest(limit: number, afterId?: string): { deliveryId: string; entry: OutgoingActivity }[] {
    const found: { deliveryId: string; entry: OutgoingActivity }[] = [];
    for (const { key, value } of this.db.getRange({ start: afterId === undefined ? '' : `${afterId}\x00`, limit }))
      found.push({ deliveryId: key, entry: value });
    return found;
  }

  /** The ids of the oldest `limit` deliveries after `afterId` (exclusive), oldest first, without reading the entries. */
  idsAfter(limit: number, afterId?: string): string[] {
    return [...this.db.getKeys({ start: afterId === undefined ? '' : `${afterId}\x00`, limit })];
  }

  /** Drops a delivery (delivered, or given up on). */
  remove(deliveryId: string): Promise<boolean> {
    return this.db.remove(deliveryId);
  }
}
