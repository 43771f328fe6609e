/** meta, emojis, ping, stats, endpoints, endpoint: what clients read about the instance before anything else. */
import { type TSchema, Type } from '@sinclair/typebox';
import type { InstanceRules, RolePolicies } from '../../domain/index.js';
import type { Store } from '../../store/index.js';
import { endpoint, RawJson } from '../endpoint.js';
import { metaDetailed, metaLite } from '../render/meta.js';
import { Params } from './common.js';

const STATS_TTL_MS = 60_000;

/**
 * meta is the first call of every client session and depends only on the config, the instance
 * settings and the base policies, so its JSON is built once per version of the settings and of the
 * base policies (each change makes new rules, or a new base policies object).
 */
const metaJson = new WeakMap<InstanceRules, WeakMap<RolePolicies, { lite: string; detailed: string }>>();

export const meta = endpoint({
  name: 'meta',
  description: 'Instance metadata (MetaLite, or MetaDetailed when detail is true).',
  requireCredential: false,
  params: Params({ detail: Type.Boolean({ default: true }) }),
  res: Type.Object({ name: Type.Union([Type.String(), Type.Null()]), uri: Type.String(), version: Type.String() }),
  handler(p, ctx) {
    const rules = ctx.queries.caches.instance.rules();
    const policies = ctx.roles.basePolicies();
    let byPolicies = metaJson.get(rules);
    if (byPolicies === undefined) {
      byPolicies = new WeakMap();
      metaJson.set(rules, byPolicies);
    }
    let json = byPolicies.get(policies);
    if (json === undefined) {
      json = {
        lite: JSON.stringify(metaLite(ctx.config, rules.settings, policies)),
        detailed: JSON.stringify(metaDetailed(ctx.config, rules.settings, policies)),
      };
      byPolicies.set(policies, json);
    }
    return new RawJson(p.detail ? json.detailed : json.lite);
  },
});

export const emojis = endpoint({
  name: 'emojis',
  description: 'Custom emojis of this instance (none yet).',
  requireCredential: false,
  allowGet: true,
  cacheSec: 3600,
  params: Params({}),
  res: Type.Object({ emojis: Type.Array(Type.Object({ name: Type.String(), url: Type.String() })) }),
  handler: () => ({ emojis: [] }),
});

export const ping = endpoint({
  name: 'ping',
  description: 'Answers the server clock, for liveness checks and clock skew.',
  requireCredential: false,
  params: Params({}),
  res: Type.Object({ pong: Type.Integer() }),
  handler: () => ({ pong: Date.now() }),
});

interface Stats {
  notesCount: number;
  originalNotesCount: number;
  usersCount: number;
  originalUsersCount: number;
  instances: number;
  driveUsageLocal: number;
  driveUsageRemote: number;
}

/** Counting walks every user record, so one count serves all callers for a minute. */
const statsCache = new WeakMap<Store, { at: number; stats: Stats }>();

function countStats(store: Store): Stats {
  let usersCount = 0;
  let originalUsersCount = 0;
  let originalNotesCount = 0;
  for (const user of store.users.all()) {
    usersCount++;
    if (user.host === null) {
      originalUsersCount++;
      originalNotesCount += store.counts.of(user.id).notesCount;
    }
  }
  const notesCount = store.notes.count();
  return {
    notesCount,
    originalNotesCount,
    usersCount,
    originalUsersCount,
    instances: 0,
    driveUsageLocal: 0,
    driveUsageRemote: 0,
  };
}

export const stats = endpoint({
  name: 'stats',
  description: 'Instance-wide counts of notes and users, refreshed at most once a minute.',
  requireCredential: false,
  params: Params({}),
  res: Type.Object({
    notesCount: Type.Integer(),
    originalNotesCount: Type.Integer(),
    usersCount: Type.Integer(),
    originalUsersCount: Type.Integer(),
    instances: Type.Integer(),
    driveUsageLocal: Type.Integer(),
    driveUsageRemote: Type.Integer(),
  }),
  handler(_p, ctx) {
    const cached = statsCache.get(ctx.store);
    if (cached !== undefined && Date.now() - cached.at < STATS_TTL_MS) return cached.stats;
    const fresh = countStats(ctx.store);
    statsCache.set(ctx.store, { at: Date.now(), stats: fresh });
    return fresh;
  },
});

/** The endpoint list imports this module, so it is loaded on first use rather than at import time. */
const allEndpoints = async () => (await import('./list.js')).endpoints;

export const endpointNames = endpoint({
  name: 'endpoints',
  description: 'Names of every API endpoint this server serves.',
  requireCredential: false,
  params: Params({}),
  res: Type.Array(Type.String()),
  handler: async () => (await allEndpoints()).map((ep) => ep.name),
});

/** Misskey names a param's type by its JSON-schema type, capitalised; a nullable union takes its non-null member's. */
function typeName(schema: TSchema): string {
  const members = (schema.anyOf as TSchema[] | undefined)?.filter((s) => s.type !== 'null');
  const type = members?.length === 1 ? members[0]!.type : schema.type;
  return typeof type === 'string' ? type.charAt(0).toUpperCase() + type.slice(1) : 'Any';
}

export const endpointInfo = endpoint({
  name: 'endpoint',
  description: 'The params of one endpoint as `{params:[{name,type}]}`; no content when there is no such endpoint.',
  requireCredential: false,
  params: Params({ endpoint: Type.String({ maxLength: 256 }) }),
  res: Type.Object({ params: Type.Array(Type.Object({ name: Type.String(), type: Type.String() })) }),
  async handler(p) {
    const ep = (await allEndpoints()).find((e) => e.name === p.endpoint);
    if (ep === undefined) return null;
    const properties = (ep.params as { properties?: Record<string, TSchema> }).properties ?? {};
    return { params: Object.entries(properties).map(([name, schema]) => ({ name, type: typeName(schema) })) };
  },
});
