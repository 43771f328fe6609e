/**
 * The outbox: delivers the outgoing-activity queue (store.outgoingActivities) to other servers.
 * Each host has its own lane (at most `deliveryHostConcurrency` requests at once) under a global cap,
 * and lanes take turns, so a slow or dead host only ever holds its own few slots: healthy hosts are
 * never queued behind it. Deliveries of one activity to recipients on one server share a request to
 * its shared inbox. A failure that may pass is rescheduled in LMDB before the next attempt, so a
 * restart resumes every delivery on its schedule (at least once to each inbox; receivers dedupe by id).
 */
import type { Config } from '../../config/index.js';
import { logger } from '../../log/index.js';
import {
  type DeliveryAttempts,
  type HostHealth,
  idAtTime,
  type OutgoingActivity,
  type Store,
} from '../../store/index.js';
import { prepareCavage } from '../cavage.js';
import { cryptoThreads } from '../crypto-threads.js';
import { FetchRefusedError, type GuardedFetcher } from '../fetcher.js';
import type { ActorKeyService } from '../keys.js';
import type { FederationUrls } from '../urls.js';
import { BatchSigner } from './batch-signer.js';
import { expandJournal } from './expand.js';
import { backoffMs, type Outcome, outcomeOf, UNAVAILABLE_AFTER_MS } from './retry-policy.js';
import { type HookCallReport, hookHeaders } from './webhook-calls.js';

const log = logger('outbox');

/** How often the queue is read for new deliveries and delayed ones are looked at (ms). */
const TICK_MS = 50;
/**
 * How often the journal is looked at for new changes (ms): a key read, so it can be far more often than
 * the tick, and a post's deliveries start within a few ms of its commit.
 */
const JOURNAL_CHECK_MS = 5;
/** Entries are committed by several threads with ids taken a little earlier: each read looks this far back. */
const LOOKBACK_MS = 10_000;
/** Most entries taken from the queue per read. */
const READ_BATCH = 2_000;
/**
 * Requests signed ahead of a free slot: the signing thread works on the next requests while the slots'
 * requests are answered, instead of waiting for a slot to free before each signature.
 */
const SIGN_AHEAD = 64;
/** Jobs looked at per look for requests to sign ahead (webhook calls are not signed so). */
const SIGN_AHEAD_SCAN = 4 * SIGN_AHEAD;
/** A signature made ahead that waited longer is made again: receivers check the Date it covers. */
const SIGNED_AHEAD_MAX_AGE_MS = 10_000;
/** Activity types still tried at a host marked unavailable (they change relationships, not timelines). */
const ALWAYS_TRIED = new Set(['Follow', 'Undo']);

/** One request: an activity to one inbox, standing for one or more queued deliveries. */
interface Job {
  host: string;
  target: string;
  toSharedInbox: boolean;
  activityId: string;
  activityType: string;
  signerId: string;
  json: string;
  deliveryIds: string[];
  attempts: number;
  nextAt: number;
  /** A webhook call's hook (signerId owns it), null for an ActivityPub delivery. */
  hookId: string | null;
  /** A test call's (tried once, never turns its hook off), null otherwise. */
  hookTest: { secret: string | null } | null;
  /** The request's headers, signed ahead of its slot, and when; null when not (yet). */
  signedAhead: { headers: Promise<Record<string, string>>; at: number } | null;
}

interface Lane {
  ready: Job[];
  active: number;
}

export interface OutboxStats {
  /** Deliveries queued and not yet delivered or given up on. */
  pending: number;
  /** Requests being sent now. */
  inFlight: number;
  /** Requests waiting for their retry time. */
  delayed: number;
  /** Deliveries ended since start, by how. */
  delivered: number;
  failed: number;
  /** Waiting requests per host (delayed and ready), largest first, at most 100. */
  hosts: [string, number][];
}

export interface OutboxDeps {
  config: Config;
  store: Store;
  urls: FederationUrls;
  keys: ActorKeyService;
  fetcher: GuardedFetcher;
  now?: () => number;
  /** Told after each webhook call, so the hook's owner records it (the outbox writes no user's records). */
  onHookCall?: (report: HookCallReport) => void;
}

export class Outbox {
  private readonly lanes = new Map<string, Lane>();
  private delayed: Job[] = [];
  /** Queue ids taken into a job (pending or in flight), so a re-read never takes one twice. */
  private readonly taken = new Set<string>();
  private readonly forming = new Map<string, Job>();
  /** Jobs waiting in lanes with their requests signed ahead. */
  private readonly signedAhead = new Set<Job>();
  private inFlight = 0;
  private delivered = 0;
  private failed = 0;
  private timer: NodeJS.Timeout | null = null;
  private journalTimer: NodeJS.Timeout | null = null;
  private stopping = false;
  private expanding = false;
  private readonly signer: BatchSigner;
  private readonly running = new Set<Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly deps: OutboxDeps) {
    this.now = deps.now ?? Date.now;
    this.signer = new BatchSigner(cryptoThreads(deps.config.deliverySigningThreads));
  }

  /** Takes every queued delivery (each on its stored schedule) and starts delivering. */
  start(): void {
    this.readQueue(undefined);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.journalTimer = setInterval(() => {
      if (!this.expanding && !this.deps.store.federationJournal.isEmpty()) this.expand();
    }, JOURNAL_CHECK_MS);
    this.pump();
  }

  /** Stops taking requests and waits (up to `timeoutMs`) for those in flight; the rest stay queued. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    if (this.timer !== null) clearInterval(this.timer);
    if (this.journalTimer !== null) clearInterval(this.journalTimer);
    const settled = Promise.allSettled([...this.running]);
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    await this.signer.close();
  }

  /** Makes every delayed request due now (an operator's retry), for one host or all. */
  retryNow(host?: string): number {
    let moved = 0;
    for (const job of this.delayed) {
      if (host !== undefined && job.host !== host) continue;
      job.nextAt = 0;
      moved++;
    }
    this.tick();
    return moved;
  }

  /** Gives up every waiting request to `host` (an operator's drop); in-flight ones finish. */
  async drop(host: string): Promise<number> {
    const dropped: Job[] = this.delayed.filter((job) => job.host === host);
    this.delayed = this.delayed.filter((job) => job.host !== host);
    const lane = this.lanes.get(host);
    if (lane !== undefined) dropped.push(...lane.ready.splice(0));
    for (const job of dropped) {
      this.signedAhead.delete(job);
      await this.end(job, false);
    }
    return dropped.reduce((sum, job) => sum + job.deliveryIds.length, 0);
  }

  stats(): OutboxStats {
    const perHost = new Map<string, number>();
    for (const job of this.delayed) perHost.set(job.host, (perHost.get(job.host) ?? 0) + 1);
    for (const [host, lane] of this.lanes)
      if (lane.ready.length > 0) perHost.set(host, (perHost.get(host) ?? 0) + lane.ready.length);
    const hosts = [...perHost].sort((a, b) => b[1] - a[1]).slice(0, 100);
    return {
      pending: this.taken.size,
      inFlight: this.inFlight,
      delayed: this.delayed.length,
      delivered: this.delivered,
      failed: this.failed,
      hosts,
    };
  }

  private tick(): void {
    if (this.stopping) return;
    this.readQueue(idAtTime(this.now() - LOOKBACK_MS));
    const now = this.now();
    if (this.delayed.some((job) => job.nextAt <= now)) {
      const due = this.delayed.filter((job) => job.nextAt <= now);
      this.delayed = this.delayed.filter((job) => job.nextAt > now);
      for (const job of due) this.enqueue(job);
    }
    this.pump();
  }

  /**
   * Expands the journal's oldest entries into deliveries (asked by the journal check whenever entries
   * wait); one expansion at a time, since an entry leaves the journal only when its deliveries commit.
   */
  private expand(): void {
    this.expanding = true;
    expandJournal(this.deps.store, this.deps.urls, this.deps.keys)
      .then((expanded) => {
        // the deliveries just committed start now rather than at the next tick
        if (expanded > 0 && !this.stopping) {
          this.readQueue(idAtTime(this.now() - LOOKBACK_MS));
          this.pump();
        }
      })
      .catch((err) => log.error({ err }, 'expanding the federation journal failed'))
      .finally(() => {
        this.expanding = false;
      });
  }

  /** Takes queue entries after `after` that no job holds yet, merging one activity's recipients per inbox. */
  private readQueue(after: string | undefined): void {
    const { store, config } = this.deps;
    let cursor = after;
    for (;;) {
      // ids only: most of the look-back window is deliveries already taken, decoded once when first seen
      const ids = store.outgoingActivities.idsAfter(READ_BATCH, cursor);
      for (const deliveryId of ids) {
        cursor = deliveryId;
        if (this.taken.has(deliveryId)) continue;
        const entry = store.outgoingActivities.get(deliveryId);
        if (entry === undefined) continue;
        this.taken.add(deliveryId);
        this.add(deliveryId, entry, store.deliveryStates.attemptsOf(deliveryId), config.deliverySharedInbox);
      }
      if (ids.length < READ_BATCH) break;
    }
    for (const job of this.forming.values()) {
      if (job.nextAt <= this.now()) this.enqueue(job);
      else this.delayed.push(job);
    }
    this.forming.clear();
  }

  private add(deliveryId: string, entry: OutgoingActivity, attempts: DeliveryAttempts | undefined, shared: boolean) {
    const toSharedInbox = shared && entry.sharedInbox !== null;
    const target = toSharedInbox ? entry.sharedInbox! : entry.inbox;
    const nextAt = attempts?.nextAt ?? 0;
    const key = `${entry.activityId}\n${target}\n${nextAt}`;
    const job = this.forming.get(key);
    if (job !== undefined) {
      job.deliveryIds.push(deliveryId);
      return;
    }
    let host: string;
    try {
      host = new URL(target).host.toLowerCase();
    } catch {
      host = '';
    }
    this.forming.set(key, {
      host,
      target,
      toSharedInbox,
      activityId: entry.activityId,
      activityType: entry.hookId === undefined ? typeOfJson(entry.json) : 'webhook',
      signerId: entry.signerId,
      json: entry.json,
      deliveryIds: [deliveryId],
      attempts: attempts?.attempts ?? 0,
      nextAt,
      hookId: entry.hookId ?? null,
      hookTest: entry.hookTest ?? null,
      signedAhead: null,
    });
  }

  private enqueue(job: Job): void {
    let lane = this.lanes.get(job.host);
    if (lane === undefined) {
      lane = { ready: [], active: 0 };
      this.lanes.set(job.host, lane);
    }
    lane.ready.push(job);
  }

  /** Starts requests while there is room, one per host per round, so hosts take turns. */
  private pump(): void {
    const { deliveryConcurrency, deliveryHostConcurrency } = this.deps.config;
    let started = true;
    while (started && this.inFlight < deliveryConcurrency && !this.stopping) {
      started = false;
      for (const [host, lane] of this.lanes) {
        if (this.inFlight >= deliveryConcurrency) break;
        if (lane.ready.length === 0) {
          if (lane.active === 0) this.lanes.delete(host);
          continue;
        }
        if (lane.active >= deliveryHostConcurrency) continue;
        const job = lane.ready.shift()!;
        this.signedAhead.delete(job);
        lane.active++;
        this.inFlight++;
        started = true;
        const run = this.send(job).finally(() => {
          lane.active--;
          this.inFlight--;
          this.running.delete(run);
          this.pump();
        });
        this.running.add(run);
      }
    }
    this.signAhead();
  }

  /** Asks for the signatures of the next requests to start (in the order pump takes them), up to SIGN_AHEAD. */
  private signAhead(): void {
    let scanned = 0;
    for (const lane of this.lanes.values()) {
      for (const job of lane.ready) {
        if (this.stopping || this.signedAhead.size >= SIGN_AHEAD || ++scanned > SIGN_AHEAD_SCAN) return;
        if (job.hookId !== null || job.signedAhead !== null) continue;
        const headers = this.sign(job);
        // awaited when the request starts; a failure then is the delivery's
        headers.catch(() => undefined);
        job.signedAhead = { headers, at: this.now() };
        this.signedAhead.add(job);
      }
    }
  }

  /** The request's signed headers: those signed ahead while fresh, else signed now. */
  private signedHeaders(job: Job): Promise<Record<string, string>> {
    const ahead = job.signedAhead;
    job.signedAhead = null;
    if (ahead !== null && this.now() - ahead.at <= SIGNED_AHEAD_MAX_AGE_MS) return ahead.headers;
    return this.sign(job);
  }

  private async send(job: Job): Promise<void> {
    const { store, config, fetcher } = this.deps;
    const health = store.deliveryStates.hostHealth(job.host);
    // a hook's calls are tried until its owner's hook is turned off, never skipped unseen
    const skipped = job.hookId === null && !ALWAYS_TRIED.has(job.activityType);
    if (health?.unavailableSince != null && skipped) return this.end(job, false);
    const hookCall =
      job.hookId === null
        ? null
        : hookHeaders(store, this.deps.urls, {
            userId: job.signerId,
            hookId: job.hookId,
            body: job.json,
            test: job.hookTest,
          });
    if (job.hookId !== null && hookCall === null) return this.end(job, false);
    let outcome: Outcome;
    let status: number | null = null;
    let error: string | null = null;
    try {
      const headers = hookCall ?? (await this.signedHeaders(job));
      const answer = await fetcher.post(job.target, job.json, headers, config.deliveryTimeoutMs);
      status = answer.status;
      outcome = outcomeOf(answer.status, answer.retryAfter, job.toSharedInbox, this.now());
    } catch (err) {
      error = err instanceof Error ? err.message.slice(0, 200) : 'delivery failed';
      // an address the guard refuses will not become allowed by waiting
      outcome = err instanceof FetchRefusedError ? { kind: 'final' } : { kind: 'retry', afterMs: null };
    }
    // a test is one try, like Misskey's
    if (job.hookTest !== null && outcome.kind === 'retry') outcome = { kind: 'final' };
    await this.settle(job, outcome, health, status, error);
    if (job.hookId !== null) this.reportHookCall(job, job.hookId, outcome, status);
  }

  /** Tells the hook's owner of a call: its status, and whether it failed for good (then the hook is turned off). */
  private reportHookCall(job: Job, hookId: string, outcome: Outcome, status: number | null): void {
    const ended = !this.taken.has(job.deliveryIds[0]!);
    this.deps.onHookCall?.({
      userId: job.signerId,
      webhookId: hookId,
      sentAt: this.now(),
      status: status ?? 1,
      deactivate: ended && outcome.kind !== 'delivered' && job.hookTest === null,
    });
  }

  private async sign(job: Job): Promise<Record<string, string>> {
    const { keys, urls } = this.deps;
    const keyId = urls.key(urls.actorOf(job.signerId));
    const pair = keys.peek(job.signerId) ?? (await keys.of(job.signerId));
    const prepared = prepareCavage({ method: 'POST', url: job.target, keyId, body: job.json });
    const signature = await this.signer.sign(job.signerId, () => pair.privateKeyPem, prepared.signingString);
    return { ...prepared.finish(signature), 'Content-Type': 'application/activity+json' };
  }

  private async settle(
    job: Job,
    outcome: Outcome,
    health: HostHealth | undefined,
    status: number | null,
    error: string | null,
  ) {
    const { store, config } = this.deps;
    const now = this.now();
    switch (outcome.kind) {
      case 'delivered':
        if (health !== undefined) await store.deliveryStates.clearHostHealth(job.host);
        return this.end(job, true);
      case 'final':
        log.info({ host: job.host, status, error, type: job.activityType }, 'delivery refused for good');
        return this.end(job, false);
      case 'hostGone':
        log.warn({ host: job.host }, 'shared inbox answered 410: host marked unavailable');
        await store.deliveryStates.setHostHealth(job.host, {
          failingSince: health?.failingSince ?? now,
          unavailableSince: now,
          lastStatus: status,
          lastError: error,
          lastAttemptAt: now,
        });
        return this.end(job, false);
      case 'retry': {
        const failingSince = health?.failingSince ?? now;
        await store.deliveryStates.setHostHealth(job.host, {
          failingSince,
          unavailableSince: health?.unavailableSince ?? (now - failingSince >= UNAVAILABLE_AFTER_MS ? now : null),
          lastStatus: status,
          lastError: error,
          lastAttemptAt: now,
        });
        job.attempts++;
        if (job.attempts >= config.deliveryMaxAttempts) return this.end(job, false);
        job.nextAt = now + (outcome.afterMs ?? backoffMs(job.attempts, config.deliveryRetryBaseMs));
        const state = { attempts: job.attempts, nextAt: job.nextAt, lastStatus: status, lastError: error };
        await Promise.all(job.deliveryIds.map((id) => store.deliveryStates.reschedule(id, state)));
        if (this.stopping) return;
        this.delayed.push(job);
      }
    }
  }

  /** Ends a job's deliveries for good: delivered, or given up on. */
  private async end(job: Job, delivered: boolean): Promise<void> {
    await this.deps.store.deliveryStates.finish(job.deliveryIds);
    for (const id of job.deliveryIds) this.taken.delete(id);
    if (delivered) this.delivered += job.deliveryIds.length;
    else this.failed += job.deliveryIds.length;
  }
}

/** The activity's type, from its JSON (written by this server, so parsing it is safe). */
function typeOfJson(json: string): string {
  try {
    const type = (JSON.parse(json) as { type?: unknown }).type;
    return typeof type === 'string' ? type : '';
  } catch {
    return '';
  }
}
