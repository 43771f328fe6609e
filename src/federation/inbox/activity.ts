/**
 * The inbox contract: what an activity looks like once the inbox has verified and queued it, what a
 * handler gets to apply it, and how a handler says "never retry this".
 */
import type { Mailboxes } from '../../actors/index.js';
import type { Config } from '../../config/index.js';
import type { ReadCaches } from '../../queries/index.js';
import type { Store } from '../../store/index.js';
import type { Federation } from '../federation.js';

/** An activity that passed signature verification and the origin rules, taken from the durable inbox queue. */
export interface InboxActivity {
  /** The activity's id (absolute https/http URL on the sender's host); activities are deduped by it. */
  id: string;
  /** The activity's type, e.g. 'Create', 'Follow' (Lemmy's forwarded Announce{activity} is unwrapped by the inbox). */
  type: string;
  /** The verified sender: its remote user (stored via user.storeRemote) and actor URI/host. */
  actor: { userId: string; uri: string; host: string };
  /** The activity JSON as received (parsed with bounded depth/keys, no __proto__); read it with the helpers in json.ts. */
  raw: Readonly<Record<string, unknown>>;
  receivedAt: number;
}

/** What handlers may use. */
export interface InboxContext {
  /** urls, fetchDocument (guarded, signed GET), remote (actors), lookup. */
  federation: Federation;
  /** To send actor ops. */
  mailboxes: Mailboxes;
  /** Read-side caches (users, notes, instance rules, accounts...). */
  caches: ReadCaches;
  /** Reads only on this thread. */
  store: Store;
  config: Config;
  /**
   * The object of an activity, as a trusted document: returned as-is when it is a JSON object whose id
   * is on the sender's origin; re-fetched from its own origin (fetchDocument) when it is embedded from
   * another origin or given as a URI. Throws ActivityRejected when it cannot be trusted.
   */
  objectOf(activity: InboxActivity): Promise<Readonly<Record<string, unknown>> | string>;
}

/** Permanent failure: logged (no secrets), the activity dropped, never retried. */
export class ActivityRejected extends Error {}

/**
 * A handler applies one activity type; it throws ActivityRejected for bad/unauthorised input; any other
 * throw (network, mailbox full) is retried by the queue with backoff a bounded number of times.
 */
export type ActivityHandler = (ctx: InboxContext, activity: InboxActivity) => Promise<void>;
