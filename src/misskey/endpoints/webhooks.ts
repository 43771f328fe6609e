/**
 * Webhooks, through Misskey's i/webhooks/* and the seed's webhooks/*: one store behind both (a hook made
 * through either is listed by both), each hook remembering which payload it gets. Written by the owner's
 * actor; a user sees and changes only their own hooks (another user's id is no hook at all). A URL is
 * accepted only when the outbox could call it (federation's address guard, after DNS).
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { idDate, WEBHOOK_EVENTS, type WebhookRecord } from '../../store/index.js';
import { type CallContext, type DomainFailure, endpoint } from '../endpoint.js';
import { ApiError, endpointErrors as E, flockErrors, endpointMeta as M, type MisskeyErrorDef } from '../errors.js';
import { Id, Nullable, Params } from './common.js';

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Url = Type.String({ minLength: 1, maxLength: 1024 });
const Secret = Type.String({ maxLength: 1024 });
const Events = Type.Array(Type.Union(WEBHOOK_EVENTS.map((event) => Type.Literal(event))), { maxItems: 16 });
const WebhookId = Id;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const UserWebhookSchema = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  on: Type.Array(Type.String()),
  url: Type.String(),
  secret: Type.String(),
  active: Type.Boolean(),
  latestSentAt: Nullable(Type.String()),
  latestStatus: Nullable(Type.Integer()),
});

/** Misskey's UserWebhook. */
const userWebhook = (hook: WebhookRecord) => ({
  id: hook.id,
  userId: hook.userId,
  name: hook.name,
  on: hook.on,
  url: hook.url,
  secret: hook.secret,
  active: hook.active,
  latestSentAt: iso(hook.latestSentAt),
  latestStatus: hook.latestStatus,
});

const SeedWebhookSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  secret: Type.String(),
  active: Type.Boolean(),
  createdAt: Type.String(),
  latestSentAt: Nullable(Type.String()),
  latestStatus: Nullable(Type.Integer()),
});

/** The seed's webhook: its own names (`events`) and its creation time. */
const seedWebhook = (hook: WebhookRecord) => ({
  id: hook.id,
  url: hook.url,
  events: hook.on,
  secret: hook.secret,
  active: hook.active,
  createdAt: idDate(hook.id),
  latestSentAt: iso(hook.latestSentAt),
  latestStatus: hook.latestStatus,
});

/** Refuses a URL the outbox could not call (a private address, a scheme other than http(s)...). */
async function checkUrl<F extends DomainFailure>(ctx: CallContext<F>, url: string): Promise<void> {
  const refusal = ctx.hookUrls === undefined ? 'Webhooks are not served here' : await ctx.hookUrls.refusal(url);
  if (refusal !== null) throw new ApiError(flockErrors.webhookUrlRefused, { reason: refusal });
}

/** One of the caller's hooks, or the endpoint's "no such webhook". */
function ownHook<F extends DomainFailure>(
  ctx: CallContext<F>,
  webhookId: string,
  noSuchWebhook: MisskeyErrorDef,
): WebhookRecord {
  const hook = ctx.store.webhooks.find(ctx.user!.id, webhookId);
  if (hook === undefined) throw new ApiError(noSuchWebhook);
  return hook;
}

const listOf = <S extends TSchema>(schema: S) => Type.Array(schema);

export const webhooksCreate = endpoint({
  name: 'i/webhooks/create',
  description:
    "Makes a webhook: the URL is called (POST, Misskey's payload) on each event in `on`, with `X-Misskey-Hook-Secret` and `X-Flock-Signature: sha256=<HMAC of the body under the secret>`. At most `webhookLimit`.",
  ...M['i/webhooks/create'],
  params: Params({ name: Name, url: Url, secret: Type.Optional(Secret), on: Events }),
  res: UserWebhookSchema,
  errors: { tooManyWebhooks: E['i/webhooks/create'].tooManyWebhooks },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await checkUrl(ctx, p.url);
    const hook = { name: p.name, url: p.url, secret: p.secret ?? '', on: p.on, flavour: 'misskey' as const };
    const args = { userId: me, hook, limit: ctx.roles.policiesOf(me).webhookLimit };
    const { webhookId } = await ctx.call({ op: 'webhook.create', args }, me);
    return userWebhook(ctx.store.webhooks.find(me, webhookId)!);
  },
});

export const webhooksList = endpoint({
  name: 'i/webhooks/list',
  description: 'Your webhooks, oldest first.',
  ...M['i/webhooks/list'],
  params: Params({}),
  res: listOf(UserWebhookSchema),
  handler: (_p, ctx) => ctx.store.webhooks.of(ctx.user!.id).map(userWebhook),
});

export const webhooksShow = endpoint({
  name: 'i/webhooks/show',
  description: 'One of your webhooks.',
  ...M['i/webhooks/show'],
  params: Params({ webhookId: WebhookId }),
  res: UserWebhookSchema,
  handler: (p, ctx) => userWebhook(ownHook(ctx, p.webhookId, E['i/webhooks/show'].noSuchWebhook)),
});

export const webhooksUpdate = endpoint({
  name: 'i/webhooks/update',
  description: 'Changes one of your webhooks; a null secret empties it. Turning it on again resumes its calls.',
  ...M['i/webhooks/update'],
  params: Params({
    webhookId: WebhookId,
    name: Type.Optional(Name),
    url: Type.Optional(Url),
    secret: Type.Optional(Nullable(Secret)),
    on: Type.Optional(Events),
    active: Type.Optional(Type.Boolean()),
  }),
  errors: { noSuchWebhook: E['i/webhooks/update'].noSuchWebhook },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    ownHook(ctx, p.webhookId, E['i/webhooks/update'].noSuchWebhook);
    if (p.url !== undefined) await checkUrl(ctx, p.url);
    const patch = {
      ...(p.name === undefined ? {} : { name: p.name }),
      ...(p.url === undefined ? {} : { url: p.url }),
      ...(p.secret === undefined ? {} : { secret: p.secret ?? '' }),
      ...(p.on === undefined ? {} : { on: p.on }),
      ...(p.active === undefined ? {} : { active: p.active }),
    };
    await ctx.call({ op: 'webhook.update', args: { userId: me, webhookId: p.webhookId, patch } }, me);
    return null;
  },
});

export const webhooksDelete = endpoint({
  name: 'i/webhooks/delete',
  description: 'Deletes one of your webhooks; its calls still queued are dropped.',
  ...M['i/webhooks/delete'],
  params: Params({ webhookId: WebhookId }),
  errors: { noSuchWebhook: E['i/webhooks/delete'].noSuchWebhook },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'webhook.delete', args: { userId: me, webhookId: p.webhookId } }, me);
    return null;
  },
});

export const webhooksTest = endpoint({
  name: 'i/webhooks/test',
  description:
    'Calls one of your webhooks once with a sample body of event `type` (its latestStatus records the answer; it is never turned off by it), or `override.url` / `override.secret` instead of its own.',
  ...M['i/webhooks/test'],
  params: Params({
    webhookId: WebhookId,
    type: Type.Union(WEBHOOK_EVENTS.map((event) => Type.Literal(event))),
    override: Type.Optional(Type.Object({ url: Type.Optional(Url), secret: Type.Optional(Secret) })),
  }),
  errors: { noSuchWebhook: E['i/webhooks/test'].noSuchWebhook },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    ownHook(ctx, p.webhookId, E['i/webhooks/test'].noSuchWebhook);
    const url = p.override?.url ?? null;
    if (url !== null) await checkUrl(ctx, url);
    const args = { userId: me, webhookId: p.webhookId, event: p.type, url, secret: p.override?.secret ?? null };
    await ctx.call({ op: 'webhook.test', args }, me);
    return null;
  },
});

/** The seed's endpoints answer an unknown id with its NOT_FOUND (404), as its other resources. */
const seedNotFound = flockErrors.notFound;
const SeedEvents = Type.Array(Type.Union(WEBHOOK_EVENTS.map((event) => Type.Literal(event))), {
  minItems: 1,
  maxItems: 16,
});

export const seedWebhooksCreate = endpoint({
  name: 'webhooks/create',
  description:
    "The seed API's webhook registration: `{url, events, secret}`; calls carry `{type, data, timestamp}` and the same secret headers as Misskey's hooks.",
  requireCredential: true,
  kind: 'write:account',
  params: Params({ url: Url, events: SeedEvents, secret: Type.Optional(Secret) }),
  res: SeedWebhookSchema,
  errors: { tooManyWebhooks: E['i/webhooks/create'].tooManyWebhooks },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await checkUrl(ctx, p.url);
    const name = new URL(p.url).host.slice(0, 100) || 'webhook';
    const hook = { name, url: p.url, secret: p.secret ?? '', on: p.events, flavour: 'seed' as const };
    const args = { userId: me, hook, limit: ctx.roles.policiesOf(me).webhookLimit };
    const { webhookId } = await ctx.call({ op: 'webhook.create', args }, me);
    return seedWebhook(ctx.store.webhooks.find(me, webhookId)!);
  },
});

export const seedWebhooksList = endpoint({
  name: 'webhooks/list',
  description: "Your webhooks in the seed API's shape, oldest first.",
  requireCredential: true,
  kind: 'read:account',
  params: Params({}),
  res: listOf(SeedWebhookSchema),
  handler: (_p, ctx) => ctx.store.webhooks.of(ctx.user!.id).map(seedWebhook),
});

export const seedWebhooksShow = endpoint({
  name: 'webhooks/show',
  description: "One of your webhooks in the seed API's shape.",
  requireCredential: true,
  kind: 'read:account',
  params: Params({ webhookId: WebhookId }),
  res: SeedWebhookSchema,
  handler: (p, ctx) => seedWebhook(ownHook(ctx, p.webhookId, seedNotFound)),
});

export const seedWebhooksUpdate = endpoint({
  name: 'webhooks/update',
  description:
    "Changes one of your webhooks (`url`, `events`, `secret`, `active`); answers it in the seed API's shape.",
  requireCredential: true,
  kind: 'write:account',
  params: Params({
    webhookId: WebhookId,
    url: Type.Optional(Url),
    events: Type.Optional(SeedEvents),
    secret: Type.Optional(Secret),
    active: Type.Optional(Type.Boolean()),
  }),
  res: SeedWebhookSchema,
  errors: { noSuchWebhook: seedNotFound },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    ownHook(ctx, p.webhookId, seedNotFound);
    if (p.url !== undefined) await checkUrl(ctx, p.url);
    const patch = {
      ...(p.url === undefined ? {} : { url: p.url }),
      ...(p.secret === undefined ? {} : { secret: p.secret }),
      ...(p.events === undefined ? {} : { on: p.events }),
      ...(p.active === undefined ? {} : { active: p.active }),
    };
    await ctx.call({ op: 'webhook.update', args: { userId: me, webhookId: p.webhookId, patch } }, me);
    return seedWebhook(ctx.store.webhooks.find(me, p.webhookId)!);
  },
});

export const seedWebhooksDelete = endpoint({
  name: 'webhooks/delete',
  description: 'Deletes one of your webhooks.',
  requireCredential: true,
  kind: 'write:account',
  params: Params({ webhookId: WebhookId }),
  errors: { noSuchWebhook: seedNotFound },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'webhook.delete', args: { userId: me, webhookId: p.webhookId } }, me);
    return null;
  },
});
