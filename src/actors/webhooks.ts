/**
 * Users' webhooks, written by their owner's shard: made, changed, deleted, and the outbox's record of
 * each call (sent to the main thread, which runs it here, so the outbox never writes a user's records).
 */

import { genId, type WebhookRecord } from '../store/index.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import type { Handler } from './handler.js';

/** The user's hooks with `hookId`'s replaced by what `change` makes of it, or undefined when it is not theirs. */
function changed(
  ctx: ActorContext,
  userId: string,
  hookId: string,
  change: (hook: WebhookRecord) => WebhookRecord | null,
): WebhookRecord[] | undefined {
  const hooks = ctx.store.webhooks.of(userId);
  const at = hooks.findIndex((hook) => hook.id === hookId);
  if (at < 0) return undefined;
  const replaced = change(hooks[at]!);
  return replaced === null ? hooks.filter((_, i) => i !== at) : hooks.map((hook, i) => (i === at ? replaced : hook));
}

const create: Handler<'webhook.create'> = (ctx, a) => {
  const hooks = ctx.store.webhooks.of(a.userId);
  if (hooks.length >= a.limit) return fail('tooManyWebhooks');
  const hook: WebhookRecord = {
    id: genId(),
    userId: a.userId,
    ...a.hook,
    on: [...new Set(a.hook.on)],
    active: true,
    latestSentAt: null,
    latestStatus: null,
  };
  ctx.store.webhooks.replace(a.userId, [...hooks, hook]);
  return ok({ webhookId: hook.id });
};

const update: Handler<'webhook.update'> = (ctx, a) => {
  const { on, ...rest } = a.patch;
  const hooks = changed(ctx, a.userId, a.webhookId, (hook) => ({
    ...hook,
    ...rest,
    ...(on === undefined ? {} : { on: [...new Set(on)] }),
  }));
  if (hooks === undefined) return fail('noSuchWebhook');
  ctx.store.webhooks.replace(a.userId, hooks);
  return ok(null);
};

const remove: Handler<'webhook.delete'> = (ctx, a) => {
  const hooks = changed(ctx, a.userId, a.webhookId, () => null);
  if (hooks === undefined) return fail('noSuchWebhook');
  ctx.store.webhooks.replace(a.userId, hooks);
  return ok(null);
};

/** Journals the test call for the outbox, which renders a sample body (webhook-calls.ts). */
const test: Handler<'webhook.test'> = (ctx, a) => {
  if (ctx.store.webhooks.find(a.userId, a.webhookId) === undefined) return fail('noSuchWebhook');
  ctx.store.federationJournal.add(genId(), {
    kind: 'webhookTest',
    userId: a.userId,
    hookId: a.webhookId,
    event: a.event,
    url: a.url,
    secret: a.secret,
    at: Date.now(),
  });
  return ok(null);
};

const recordCall: Handler<'webhook.recordCall'> = (ctx, a) => {
  const hooks = changed(ctx, a.userId, a.webhookId, (hook) => ({
    ...hook,
    latestSentAt: a.sentAt,
    latestStatus: a.status,
    active: hook.active && !a.deactivate,
  }));
  if (hooks === undefined) return fail('noSuchWebhook');
  ctx.store.webhooks.replace(a.userId, hooks);
  return ok(null);
};

export const webhookHandlers = {
  'webhook.create': create,
  'webhook.update': update,
  'webhook.delete': remove,
  'webhook.test': test,
  'webhook.recordCall': recordCall,
};
