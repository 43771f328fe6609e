/**
 * The delivery queue for operators: Misskey's admin/queue/stats and admin/queue/deliver-delayed, and
 * Flock's own admin/queue/deliver-hosts (each troubled host's state) and admin/queue/deliver-host
 * (retry a host's deliveries now, or drop them).
 */
import { Type } from '@sinclair/typebox';
import { endpoint } from '../endpoint.js';
import { Params } from './common.js';

const readQueue = { requireCredential: true, requireModerator: true, kind: 'read:admin:queue' } as const;
const writeQueue = { requireCredential: true, requireModerator: true, kind: 'write:admin:queue' } as const;
const NO_DELIVERIES = { pending: 0, inFlight: 0, delayed: 0, delivered: 0, failed: 0, hosts: [] };

const QueueCount = Type.Object({
  waiting: Type.Integer(),
  active: Type.Integer(),
  completed: Type.Integer(),
  failed: Type.Integer(),
  delayed: Type.Integer(),
});
const EMPTY_COUNT = { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 };
/** A host as deliveries name it: `host[:port]`, lower-case. */
const Host = Type.String({ minLength: 1, maxLength: 261, pattern: '^[a-z0-9.-]+(:[0-9]{1,5})?$' });

export const adminQueueStats = endpoint({
  name: 'admin/queue/stats',
  description:
    "The queues' counts as Misskey reports them: `deliver` (waiting: due now, active: being sent, delayed: waiting for a retry, completed and failed since start), `inbox` (waiting activities), `db` and `objectStorage` (always empty: Flock has no such queues).",
  ...readQueue,
  params: Params({}),
  res: Type.Object({ deliver: QueueCount, inbox: QueueCount, db: QueueCount, objectStorage: QueueCount }),
  handler(_p, ctx) {
    const stats = ctx.deliveries?.stats() ?? NO_DELIVERIES;
    return {
      deliver: {
        waiting: Math.max(0, stats.pending - stats.inFlight - stats.delayed),
        active: stats.inFlight,
        completed: stats.delivered,
        failed: stats.failed,
        delayed: stats.delayed,
      },
      inbox: { ...EMPTY_COUNT, waiting: ctx.store.inboxQueue.pending() },
      db: EMPTY_COUNT,
      objectStorage: EMPTY_COUNT,
    };
  },
});

export const adminQueueDeliverDelayed = endpoint({
  name: 'admin/queue/deliver-delayed',
  description: 'Hosts with deliveries waiting, as `[host, count]` pairs, most first (at most 100).',
  ...readQueue,
  params: Params({}),
  res: Type.Array(Type.Tuple([Type.String(), Type.Integer()])),
  handler(_p, ctx) {
    return (ctx.deliveries?.stats() ?? NO_DELIVERIES).hosts;
  },
});

export const adminQueueDeliverHosts = endpoint({
  name: 'admin/queue/deliver-hosts',
  description:
    'Hosts whose deliveries are failing or that are marked unavailable (a 410 from their shared inbox, or 7 days of failures: only Follow and Undo are still sent there), with their last answer, and how many deliveries wait for each.',
  ...readQueue,
  params: Params({}),
  res: Type.Array(
    Type.Object({
      host: Type.String(),
      failingSince: Type.Union([Type.String(), Type.Null()]),
      unavailableSince: Type.Union([Type.String(), Type.Null()]),
      lastStatus: Type.Union([Type.Integer(), Type.Null()]),
      lastError: Type.Union([Type.String(), Type.Null()]),
      waiting: Type.Integer(),
    }),
  ),
  handler(_p, ctx) {
    const waiting = new Map((ctx.deliveries?.stats() ?? NO_DELIVERIES).hosts);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return ctx.store.deliveryStates.unhealthyHosts(1000).map(({ host, health }) => ({
      host,
      failingSince: iso(health.failingSince),
      unavailableSince: iso(health.unavailableSince),
      lastStatus: health.lastStatus,
      lastError: health.lastError,
      waiting: waiting.get(host) ?? 0,
    }));
  },
});

export const adminQueueDeliverHost = endpoint({
  name: 'admin/queue/deliver-host',
  description:
    "`retry`: forgets the host's failures (and its unavailable mark) and sends its waiting deliveries now; `drop`: gives them up. Answers how many requests or deliveries it moved.",
  ...writeQueue,
  params: Params({ host: Host, action: Type.Union([Type.Literal('retry'), Type.Literal('drop')]) }),
  res: Type.Object({ count: Type.Integer() }),
  async handler(p, ctx) {
    if (ctx.deliveries === undefined) return { count: 0 };
    if (p.action === 'drop') return { count: await ctx.deliveries.drop(p.host) };
    await ctx.store.deliveryStates.clearHostHealth(p.host);
    return { count: await ctx.deliveries.retryNow(p.host) };
  },
});
