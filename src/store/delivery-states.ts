/**
 * The outbox's own records beside the outgoing-activity queue: each delivery's retry schedule
 * (written only once it has failed: a delivery without one is due now) and each remote host's
 * health (failing since when, gone since when), so a restart resumes every delivery on its schedule
 * and keeps skipping hosts that are gone. Plain msgpack maps: these live days, not years.
 */
import type { Database } from 'lmdb';
import type { OutgoingActivities } from './outgoing-activities.js';

/** A delivery that failed at least once. */
export interface DeliveryAttempts {
  attempts: number;
  /** When it is next due (ms). */
  nextAt: number;
  /** The last answer's status, or null for a network error. */
  lastStatus: number | null;
  lastError: string | null;
}

/** What the outbox knows of a remote host (the `host[:port]` of its inboxes). */
export interface HostHealth {
  /** Since when every delivery to it has failed (ms), null while it answers. */
  failingSince: number | null;
  /** When it was marked unavailable (410 from its shared inbox, or failing for days), null otherwise. */
  unavailableSince: number | null;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: number;
}

export class DeliveryStates {
  constructor(
    private readonly queue: OutgoingActivities,
    private readonly attempts: Database<DeliveryAttempts, string>,
    private readonly hosts: Database<HostHealth, string>,
  ) {}

  attemptsOf(deliveryId: string): DeliveryAttempts | undefined {
    return this.attempts.get(deliveryId);
  }

  /** Records a failed attempt and when to try again. */
  reschedule(deliveryId: string, state: DeliveryAttempts): Promise<boolean> {
    return this.attempts.put(deliveryId, state);
  }

  /** Ends deliveries (delivered, or given up on): the queue entries and their schedules, in one commit. */
  finish(deliveryIds: readonly string[]): Promise<void> {
    return this.attempts.transaction(() => {
      for (const id of deliveryIds) {
        void this.queue.remove(id);
        void this.attempts.remove(id);
      }
    });
  }

  hostHealth(host: string): HostHealth | undefined {
    return this.hosts.get(host);
  }

  setHostHealth(host: string, health: HostHealth): Promise<boolean> {
    return this.hosts.put(host, health);
  }

  clearHostHealth(host: string): Promise<boolean> {
    return this.hosts.remove(host);
  }

  /** Every host with a health record (failing or unavailable), at most `limit`. */
  unhealthyHosts(limit: number): { host: string; health: HostHealth }[] {
    const found: { host: string; health: HostHealth }[] = [];
    for (const { key, value } of this.hosts.getRange({ limit })) found.push({ host: key, health: value });
    return found;
  }
}
