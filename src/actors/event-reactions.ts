/**
 * What the domain events of a command cause inside that command's own transaction, so it commits (or
 * rolls back) with the change: a SIGKILL right after the client's 200 loses none of it. Each reaction
 * is one subscriber of the events (a webhook call, a notification...), called once per event.
 */
import type { DomainEvent } from '../domain/index.js';
import type { ActorContext } from './context.js';
import { journalHooksFor } from './outgoing-hooks.js';

/**
 * Reacts to the events the command emitted from `from` on. Events the reactions emit themselves are
 * appended to `events` and not reacted to again.
 */
export function reactToEvents(ctx: ActorContext, events: DomainEvent[], from: number): void {
  const end = events.length;
  for (let i = from; i < end; i++) {
    const event = events[i]!;
    journalHooksFor(ctx, event);
  }
}
