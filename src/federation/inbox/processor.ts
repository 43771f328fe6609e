/**
 * The inbox processor, on the main thread beside the rest of federation: it drains the durable queue
 * in batches (activities of one batch are applied concurrently, in no promised order: senders do not
 * promise one either), hands each to its handler (handlers.ts), and deletes the entry when it is
 * done. ActivityRejected drops the activity; any other failure is retried with exponential backoff,
 * up to MAX_ATTEMPTS, then dropped. Entries survive restarts; on stop it takes nothing new and lets
 * the batch in hand finish. While deliveries keep arriving it rests between batches (until they pause,
 * at most MAX_REST_MS), so accepting them, which shares its thread and the cores, goes first: an
 * activity is safe once queued, and applying catches up when the senders pause. A backlog past
 * BACKLOG_LIMIT is applied without rests, which slows the answers to senders (their backpressure).
 */
import type { Logger } from '../../log/index.js';
import type { QueuedEntry, Store } from '../../store/index.js';
import { parseJsonSafely } from '../documents-fetch.js';
import { type ActivityHandler, ActivityRejected, type InboxActivity, type InboxContext } from './activity.js';
import { type Forwarding, forwardedActivity } from './forwarded.js';
import { activityHandlers } from './handlers.js';
import { asObject, hostOf } from './json.js';

/** Entries taken at once. */
const BATCH = 32;
/** Attempts before a failing activity is dropped (Misskey's inbox jobs get 8). */
export const MAX_ATTEMPTS = 8;
/** First retry after 30 s, doubling, at most 6 h apart: ≈ 10 h in all. */
const BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 6 * 60 * 60_000;
/** Longest sleep while entries wait for a later retry (a wake comes sooner when something is queued). */
const IDLE_MS = 60_000;
const FAILED_STORE_WAIT_MS = 5_000;
/** Deliveries count as arriving while one was queued within this window. */
const RECEIVING_WINDOW_MS = 100;
/** Longest rest between two batches while deliveries arrive, and the step it is taken in. */
const MAX_REST_MS = 2_000;
const REST_STEP_MS = 25;
/** Queued activities past which the processor no longer rests for arrivals. */
const BACKLOG_LIMIT = 50_000;
/** How long an activity id is remembered after it was taken: longer than senders retry (Mastodon ≈ 3 days). */
export const SEEN_RETENTION_MS = 7 * 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;
const PRUNE_BATCH = 10_000;

export interface ProcessorDeps {
  store: Store;
  context: InboxContext;
  forwarding: Forwarding;
  log: Logger;
  /** The handler table (handlers.ts); replaceable only to keep this class apart from it. */
  handlers?: Partial<Record<string, ActivityHandler>>;
}

export class InboxProcessor {
  private running = false;
  private current: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private lastPrune = 0;
  private lastQueuedAt = 0;
  private readonly handlers: Partial<Record<string, ActivityHandler>>;

  constructor(private readonly deps: ProcessorDeps) {
    this.handlers = deps.handlers ?? activityHandlers;
  }

  /** Starts draining, pending entries of an earlier run first. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  /** Something was queued: drain now unless a batch is in hand (it looks again when done). */
  wake(): void {
    this.lastQueuedAt = performance.now();
    if (!this.running || this.current !== null) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.current = this.drain().finally(() => {
      this.current = null;
    });
  }

  /** Takes nothing more and waits (up to `timeoutMs`) for the batch in hand; the rest stays queued. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    if (this.current === null) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.current, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async drain(): Promise<void> {
    const { store, log } = this.deps;
    let failed = false;
    try {
      while (this.running) {
        store.resetReadSnapshot();
        const batch = store.inboxQueue.due(Date.now(), BATCH);
        if (batch.length === 0) break;
        await Promise.all(batch.map((queued) => this.process(queued)));
        await this.restWhileReceiving();
      }
      await this.prune();
    } catch (err) {
      log.error({ err }, 'the inbox queue could not be read or written');
      failed = true;
    }
    if (!this.running) return;
    // a store that fails is not asked again at once
    const wait = failed ? Math.max(FAILED_STORE_WAIT_MS, this.untilNextDue()) : this.untilNextDue();
    this.timer = setTimeout(() => this.wake(), wait);
    this.timer.unref();
  }

  private async restWhileReceiving(): Promise<void> {
    const receiving = () => this.running && performance.now() - this.lastQueuedAt <= RECEIVING_WINDOW_MS;
    if (!receiving() || this.deps.store.inboxQueue.pending() > BACKLOG_LIMIT) return;
    const until = performance.now() + MAX_REST_MS;
    while (receiving() && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, REST_STEP_MS));
  }

  /** ms until the first entry is due, at most IDLE_MS. */
  private untilNextDue(): number {
    try {
      // an activity queued while the batch ran (its wake was ignored) must be seen now, not in a minute
      this.deps.store.resetReadSnapshot();
      const next = this.deps.store.inboxQueue.nextDue();
      return next === null ? IDLE_MS : Math.min(IDLE_MS, Math.max(0, next - Date.now()));
    } catch {
      return IDLE_MS;
    }
  }

  private async process(queued: QueuedEntry): Promise<void> {
    const { entry } = queued;
    const { log, store } = this.deps;
    try {
      await this.apply(queued);
      await store.inboxQueue.done(queued.key);
    } catch (err) {
      const about = { activityId: entry.activityId, type: entry.type, attempts: entry.attempts + 1 };
      if (err instanceof ActivityRejected) {
        log.info({ ...about, reason: err.message }, 'activity rejected');
        await store.inboxQueue.done(queued.key);
      } else if (entry.attempts + 1 >= MAX_ATTEMPTS) {
        log.warn({ ...about, err: errorText(err) }, 'activity failed too often; dropped');
        await store.inboxQueue.done(queued.key);
      } else {
        log.info({ ...about, err: errorText(err) }, 'activity failed; retrying later');
        const delay = Math.min(MAX_BACKOFF_MS, BACKOFF_MS * 2 ** entry.attempts);
        await store.inboxQueue.retryAt(queued, Date.now() + delay * (0.8 + Math.random() * 0.4));
      }
    }
  }

  private async apply({ entry }: QueuedEntry): Promise<void> {
    const raw = asObject(parseJsonSafely(entry.json));
    if (raw === undefined) throw new ActivityRejected('Expected the queued activity to be an object');
    const activity: InboxActivity = {
      id: entry.activityId,
      type: entry.type,
      actor: { userId: entry.actorUserId, uri: entry.actorUri, host: hostOf(entry.actorUri) ?? '' },
      raw,
      receivedAt: entry.receivedAt,
    };
    const forwarded = await forwardedActivity(activity, this.deps.forwarding);
    if (forwarded !== null) {
      if (await this.deps.store.inboxQueue.enqueue(forwarded)) this.wake();
      // a community's forwarded post is also its boost, which brings the post to the community's followers
      if (forwarded.type === 'Create') await this.handlers.Announce?.(this.deps.context, activity);
      return;
    }
    await this.handlers[activity.type]?.(this.deps.context, activity);
  }

  private async prune(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.deps.store.inboxQueue.pruneSeen(now - SEEN_RETENTION_MS, PRUNE_BATCH);
  }
}

/** An error's message, bounded, for the log (no stack or request data that could carry a secret). */
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);
