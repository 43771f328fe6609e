/** Per-endpoint rate limits keyed by user (or IP when anonymous): a fixed window of `max` calls plus a minimum interval, as Misskey's table sets them. */

/** A rate limit as Misskey's endpoint meta states one. */
export interface RateLimit {
  /** Window length in ms. */
  duration?: number;
  /** Calls allowed per window. */
  max?: number;
  /** Least ms between two calls. */
  minInterval?: number;
}

export interface RateDecision {
  allowed: boolean;
  /** X-RateLimit-* headers (only for limits with a max). */
  headers: Record<string, string>;
  /** Seconds to wait, when refused. */
  retryAfter: number;
  info: { total: number; remaining: number; reset: number; resetMs: number };
}

interface Window {
  count: number;
  resetAt: number;
  lastAt: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  /** Counts a call of `endpoint` by `who` and says whether it may go ahead. */
  check(endpoint: string, who: string, limit: RateLimit): RateDecision {
    const now = this.now();
    const key = endpoint + '\u0000' + who;
    const duration = limit.duration ?? 0;
    let w = this.windows.get(key);
    if (w === undefined || (duration > 0 && now >= w.resetAt)) {
      w = { count: 0, resetAt: now + duration, lastAt: 0 };
      this.windows.set(key, w);
    }
    const max = limit.max ?? Infinity;
    const tooSoon = limit.minInterval !== undefined && w.lastAt > 0 && now - w.lastAt < limit.minInterval;
    const full = w.count >= max;
    const allowed = !tooSoon && !full;
    if (allowed) {
      w.count++;
      w.lastAt = now;
    }
    const remaining = Number.isFinite(max) ? Math.max(0, max - w.count) : 0;
    const resetMs = full
      ? w.resetAt - now
      : tooSoon
        ? limit.minInterval! - (now - w.lastAt)
        : Math.max(0, w.resetAt - now);
    const headers: Record<string, string> = Number.isFinite(max)
      ? {
          'X-RateLimit-Limit': String(max),
          'X-RateLimit-Remaining': String(remaining),
          'X-RateLimit-Reset': String(Math.ceil(w.resetAt / 1000)),
        }
      : {};
    return {
      allowed,
      headers,
      retryAfter: Math.max(1, Math.ceil(resetMs / 1000)),
      info: { total: Number.isFinite(max) ? max : 1, remaining, reset: Math.ceil(resetMs / 1000), resetMs },
    };
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, w] of this.windows) if (now >= w.resetAt && now - w.lastAt > 3_600_000) this.windows.delete(key);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
