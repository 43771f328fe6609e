/**
 * What a delivery's outcome means (federation.md's delivery rules, as Mastodon and Misskey apply
 * them): 2xx is delivered; 408, 429 and 5xx, and network errors, may pass and are retried with
 * exponential backoff and jitter; any other 4xx is final; 410 from a shared inbox says the whole
 * server is gone.
 */

export type Outcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; afterMs: number | null }
  | { kind: 'final' }
  | { kind: 'hostGone' };

/** The longest wait between two attempts, and the longest Retry-After honoured. */
export const MAX_DELAY_MS = 6 * 60 * 60 * 1000;
/** A host failing this long without one success is marked unavailable. */
export const UNAVAILABLE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/** The outcome of an answer with `status` (and its Retry-After header) sent to a shared inbox or not. */
export function outcomeOf(status: number, retryAfter: string | undefined, sharedInbox: boolean, now: number): Outcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410 && sharedInbox) return { kind: 'hostGone' };
  if (status === 408 || status === 429 || status >= 500)
    return { kind: 'retry', afterMs: retryAfterMs(retryAfter, now) };
  return { kind: 'final' };
}

/** Retry-After as a delay in ms (delta-seconds or an HTTP date), bounded by MAX_DELAY_MS; null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: number): number | null {
  if (header === undefined || header.length > 64) return null;
  const trimmed = header.trim();
  const ms = /^\d{1,9}$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(MAX_DELAY_MS, Math.max(0, ms));
}

/** The wait before attempt `attempt + 1` after `attempt` failures: base × 2^(attempt−1), ±20 % jitter, capped. */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exact = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(exact * (0.8 + 0.4 * random()));
}
