/**
 * Users' webhooks. Every hook of a user is in one record (a user has at most `webhookLimit` of them, a
 * handful), so listing, finding one and asking which of a user's hooks listen to an event are one get.
 * Beside them, in one small record, how many active hooks listen to each event anywhere: an event nobody
 * listens to costs the command that caused it one get (absent while no hook is active). Plain msgpack maps.
 */
import type { Database } from 'lmdb';

/** Misskey's webhook events (`on`), which the seed's `events` name alike. */
export const WEBHOOK_EVENTS = [
  'mention',
  'unfollow',
  'follow',
  'followed',
  'note',
  'reply',
  'renote',
  'reaction',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Which API made the hook, and so which payload it gets: Misskey's envelope or the seed's `{type, data, timestamp}`. */
export type WebhookFlavour = 'misskey' | 'seed';

export interface WebhookRecord {
  /** aidx: its time part is when it was made. */
  id: string;
  userId: string;
  name: string;
  url: string;
  /** Sent with every call and the key of its HMAC; never logged. */
  secret: string;
  on: WebhookEvent[];
  active: boolean;
  /** When it was last called (ms), and the answer's status (1: no answer), null before the first call. */
  latestSentAt: number | null;
  latestStatus: number | null;
  flavour: WebhookFlavour;
}

/** How many active hooks listen to each event (an event no active hook listens to is absent). */
export type WebhookListeners = Partial<Record<WebhookEvent, number>>;

/** The one key of the listener counts. */
const LISTENERS = 'active';

export class Webhooks {
  constructor(
    /** userId → the user's hooks. */
    private readonly hooks: Database<WebhookRecord[], string>,
    /** `active` → the listener counts. */
    private readonly listeners: Database<WebhookListeners, string>,
  ) {}

  /** A user's hooks, oldest first. */
  of(userId: string): WebhookRecord[] {
    return this.hooks.get(userId) ?? [];
  }

  /** One of the user's hooks; another user's hook is not found. */
  find(userId: string, hookId: string): WebhookRecord | undefined {
    return this.of(userId).find((hook) => hook.id === hookId);
  }

  /** How many active hooks, anyone's, listen to each event; null while none is active. */
  listening(): WebhookListeners | null {
    return this.listeners.get(LISTENERS) ?? null;
  }

  /** The user's active hooks that listen to `event`. */
  activeFor(userId: string, event: WebhookEvent): WebhookRecord[] {
    return this.of(userId).filter((hook) => hook.active && hook.on.includes(event));
  }

  /** Replaces a user's hooks, keeping the per-event counts of active hooks; inside a write transaction. */
  replace(userId: string, hooks: readonly WebhookRecord[]): void {
    const change = new Map<WebhookEvent, number>();
    const count = (list: readonly WebhookRecord[], by: number) => {
      for (const hook of list)
        if (hook.active) for (const event of hook.on) change.set(event, (change.get(event) ?? 0) + by);
    };
    count(this.of(userId), -1);
    count(hooks, 1);
    if ([...change.values()].some((by) => by !== 0)) {
      const counts: WebhookListeners = { ...this.listening() };
      for (const [event, by] of change) {
        const left = (counts[event] ?? 0) + by;
        if (left > 0) counts[event] = left;
        else delete counts[event];
      }
      if (Object.keys(counts).length === 0) void this.listeners.remove(LISTENERS);
      else void this.listeners.put(LISTENERS, counts);
    }
    if (hooks.length === 0) void this.hooks.remove(userId);
    else void this.hooks.put(userId, [...hooks]);
  }
}
