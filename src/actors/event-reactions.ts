/**
 * What the actors do about a command's own domain events, inside its transaction (batch-runner.ts), so
 * that it commits with the change that caused it or not at all: a notification written, a webhook
 * journalled. Each subscriber is one line here.
 */
import type { DomainEvent } from '../domain/index.js';
import type { ActorContext } from './context.js';
import { notifyFor } from './notifications.js';
import { journalHooksFor } from './outgoing-hooks.js';

/**
 * Reacts to the events the command emitted from `from` on. Events a subscriber emits meanwhile (a
 * notificationCreated) are appended to the same list and are not reacted to again.
 */
export function reactToEvents(ctx: ActorContext, events: DomainEvent[], from: number): void {
  const end = events.length;
  for (let i = from; i < end; i++) {
    const event = events[i]!;
    notifyFor(ctx, event);
    journalHooksFor(ctx, event);
  }
}
