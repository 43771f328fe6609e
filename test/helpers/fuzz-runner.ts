/**
 * How the fuzzer sends its cases and judges the answers: a bounded pool of requests in flight, each with a
 * short timeout; failures collected by class rather than asserted one by one; and when the server dies or
 * hangs, a restart on the same data directory, a one-at-a-time replay of the requests that were in flight
 * to name the one that killed it, and the rest of the run without that input class.
 */

import type { FuzzCase } from './fuzz-inputs.js';
import { ATTACKER_TOKEN } from './fuzz-values.js';
import { type Server, startServer } from './server.js';

export interface Sent {
  c: FuzzCase;
  status?: number;
  headers?: Headers;
  text?: string;
  /** The attacker token substituted into the request. */
  token?: string;
  /** Set when no HTTP answer came back (connection closed or refused, or the timeout). */
  error?: string;
  timedOut?: boolean;
}

export type Health = 'ok' | 'unhealthy' | 'down' | 'hung';

/** One failure class: the same cause (status and server message, or kind of misbehaviour), on however many routes. */
export interface Failure {
  cause: string;
  count: number;
  /** `METHOD route` → how often, and with which input classes. */
  routes: Map<string, { count: number; kinds: Set<string> }>;
  /** The first example on each of the first few routes. */
  examples: string[];
}

export interface RunOptions {
  total: number;
  concurrency: number;
  requestTimeoutMs: number;
  /** Give up restarting after this many deaths. */
  maxCrashes: number;
  endpoints: Set<string>;
  /** Only these case numbers are sent (the others are generated and skipped, to replay a failure). */
  only?: Set<number>;
  replayHint: string;
  attacker: { username: string; password: string };
}

const MISSKEY_KINDS = new Set(['client', 'server', 'permission']);
const EXAMPLE_ROUTES = 4;
const EXCERPT = 300;

const excerpt = (s: string, n = EXCERPT) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** The route a path belongs to, so failures group by route rather than by every odd path. */
export function routeOf(path: string, endpoints: Set<string>): string {
  const p = path.split('?')[0]!;
  if (p.startsWith('/api/')) return endpoints.has(p.slice(5)) ? p : '/api/<unknown>';
  if (p.startsWith('/identicon/')) return '/identicon/*';
  return p === '/healthz' || p === '/api.json' ? p : '/<other>';
}

/**
 * What is wrong with an answer, as a failure cause, or null when it is fine: any 5xx but a 503 with
 * Retry-After; a 2xx that says it is JSON but does not parse; and a 4xx whose body is not Misskey's
 * `{error:{message, code, id, kind}}` JSON. HEAD answers are exempt from the body checks (HTTP forbids a
 * body), and so is /identicon/*, an image route whose errors only ever reach an <img> tag. Every other
 * route, /api/* and the catch-all 404 alike, answers JSON errors.
 */
/** The message a 5xx body carries (INTERNAL_ERROR puts the original one in info.e). */
function messageOf(text: string): string | undefined {
  try {
    const e = JSON.parse(text)?.error;
    return e?.info?.e?.message ?? e?.message;
  } catch {
    return undefined;
  }
}

export function judge(s: Sent, endpoints: Set<string>): string | null {
  if (s.status === undefined) return null;
  let body: any = null;
  let parses = true;
  try {
    body = JSON.parse(s.text ?? '');
  } catch {
    parses = false;
  }
  if (s.status >= 500 && !(s.status === 503 && s.headers?.get('retry-after'))) {
    // the server's own message names the cause (INTERNAL_ERROR carries it in info.e); numbers in it vary
    const reason = messageOf(s.text ?? '') ?? excerpt(s.text ?? '', 80);
    return `${s.status} ${String(reason)
      .replace(/\d{3,}/g, '#')
      .slice(0, 120)}`;
  }
  const json = /^application\/json/.test(s.headers?.get('content-type') ?? '');
  if (s.status >= 200 && s.status < 300 && s.c.method !== 'HEAD' && json && (s.text ?? '') !== '' && !parses) {
    return `${s.status} whose application/json body does not parse`;
  }
  if (s.status >= 400 && s.status < 500 && s.c.method !== 'HEAD' && routeOf(s.c.path, endpoints) !== '/identicon/*') {
    if (!json) return `${s.status} without a JSON content type`;
    const e = body?.error;
    const shaped =
      e !== null &&
      typeof e === 'object' &&
      ['message', 'code', 'id'].every((k) => typeof e[k] === 'string') &&
      MISSKEY_KINDS.has(e.kind);
    if (!shaped) return `${s.status} whose body is not {error:{message, code, id, kind}}`;
  }
  return null;
}

/** GET /healthz: 'down' when nothing answers, 'hung' when the connection is taken but no answer comes. */
export async function probe(url: string, timeoutMs = 3000): Promise<Health> {
  try {
    const res = await fetch(url + '/healthz', { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status === 200 ? 'ok' : 'unhealthy';
  } catch (err) {
    return (err as Error).name === 'TimeoutError' ? 'hung' : 'down';
  }
}

/**
 * The server's own account of a 5xx, from its (pino JSON) log: the latest `request failed` line with this
 * message and, when the worker failed first, the `batch failed` line before it; the top frames of each.
 */
function serverLog(logs: string, message: string): string {
  type Line = {
    msg?: string;
    module?: string;
    err?: { type?: string; message?: string; stack?: string; info?: { e?: { message?: string } } };
  } | null;
  const parsed: Line[] = logs
    .trim()
    .split('\n')
    .slice(-200)
    .map((l) => {
      try {
        return JSON.parse(l) as Line;
      } catch {
        return null;
      }
    });
  let at = parsed.length - 1;
  while (
    at >= 0 &&
    !(
      parsed[at]?.msg === 'request failed' &&
      (parsed[at]?.err?.message === message || parsed[at]?.err?.info?.e?.message === message)
    )
  )
    at--;
  if (at < 0) return '';
  const show = (j: Line) => {
    const frames = (j?.err?.stack ?? '')
      .split('\n')
      .slice(1, 4)
      .map((f) => f.trim())
      .join(' ← ');
    return `    ${j?.module} ${j?.msg}: ${j?.err?.type}: ${j?.err?.message} ${frames}`.slice(0, 600);
  };
  const batch = parsed
    .slice(Math.max(0, at - 20), at)
    .reverse()
    .find((j) => j?.msg === 'batch failed');
  return [
    '  server log:',
    ...(message.startsWith('Unmapped domain error') && batch ? [show(batch)] : []),
    show(parsed[at]!),
  ].join('\n');
}

function describe(s: Sent, replayHint: string): string {
  const body =
    s.c.body === undefined
      ? ''
      : typeof s.c.body === 'string'
        ? s.c.body
        : `<bytes> ${Buffer.from(s.c.body).toString('latin1')}`;
  const headers = Object.entries(s.c.headers)
    .map(([k, v]) => `${k}: ${excerpt(v, 60)}`)
    .join('; ');
  const answer = s.status !== undefined ? `${s.status} ${excerpt(s.text ?? '')}` : `no answer: ${s.error}`;
  return [
    `case #${s.c.n} [${s.c.kind}] as ${s.c.auth}${s.c.chunked ? ', body sent in chunks' : ''} (replay: ${replayHint} FLOCK_FUZZ_CASES=${s.c.n})`,
    `  ${s.c.method} ${excerpt(s.c.path, 200)}`,
    headers === '' ? '' : `  headers: ${headers}`,
    body === '' ? '' : `  body: ${excerpt(body)}`,
    `  → ${answer}`,
  ]
    .filter((l) => l !== '')
    .join('\n');
}

export class FuzzRun {
  readonly failures = new Map<string, Failure>();
  readonly statuses = new Map<string, number>();
  readonly perEndpoint = new Map<string, number>();
  /** Input classes that killed the server: not sent again, so one crash does not end the run. */
  readonly blocked = new Set<string>();
  sent = 0;
  crashes = 0;
  private attackerToken: string;
  private refreshing: Promise<void> | null = null;
  private logLookups: Promise<void>[] = [];
  /** No new request is started after this time (ms since the epoch). */
  private deadline = 0;

  constructor(
    public server: Server,
    attackerToken: string,
    private opts: RunOptions,
  ) {
    this.attackerToken = attackerToken;
  }

  get token(): string {
    return this.attackerToken;
  }

  fail(cause: string, c: FuzzCase, example: string): void {
    const f: Failure = this.failures.get(cause) ?? { cause, count: 0, routes: new Map(), examples: [] };
    const where = `${c.method} ${routeOf(c.path, this.opts.endpoints)}`;
    const route = f.routes.get(where) ?? { count: 0, kinds: new Set<string>() };
    if (route.count === 0 && f.examples.length < EXAMPLE_ROUTES) f.examples.push(example);
    f.count++;
    route.count++;
    route.kinds.add(`${c.kind} as ${c.auth}`);
    f.routes.set(where, route);
    this.failures.set(cause, f);
  }

  /** Sends one case; transport errors and timeouts come back as `error`, never as a throw. */
  async send(c: FuzzCase, timeoutMs = this.opts.requestTimeoutMs): Promise<Sent> {
    const token = this.attackerToken;
    const sub = (s: string) => s.split(ATTACKER_TOKEN).join(token);
    const headers = Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, sub(v)]));
    let body: BodyInit | undefined =
      typeof c.body === 'string' ? sub(c.body) : c.body === undefined ? undefined : Buffer.from(c.body);
    const init: RequestInit & { duplex?: 'half' } = {
      method: c.method,
      headers,
      signal: AbortSignal.timeout(timeoutMs),
    };
    if (c.chunked && typeof body === 'string') {
      const bytes = Buffer.from(body);
      body = new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 16_384)
            controller.enqueue(new Uint8Array(bytes.subarray(i, i + 16_384)));
          controller.close();
        },
      });
      init.duplex = 'half';
    }
    if (body !== undefined) init.body = body;
    try {
      const res = await fetch(this.server.url + sub(c.path), init);
      return { c, token, status: res.status, headers: res.headers, text: await res.text() };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      return {
        c,
        token,
        error: `${e.name}: ${e.cause?.code ?? e.cause?.message ?? e.message}`,
        timedOut: e.name === 'TimeoutError',
      };
    }
  }

  /** Sends every case `next` gives until the count (`total`, else the options'), the deadline or the crash budget runs out. */
  async run(next: () => FuzzCase, deadline: number, total = this.opts.total): Promise<void> {
    const { maxCrashes } = this.opts;
    this.deadline = deadline;
    let n = 0;
    // skips blocked classes and, when replaying, everything not asked for; bounded so a seed cannot spin
    const take = (): FuzzCase | null => {
      for (let tries = 0; tries < 100_000; tries++) {
        if (n >= total) return null;
        const c = next();
        n = c.n + 1;
        if (!this.blocked.has(c.kind) && (this.opts.only === undefined || this.opts.only.has(c.n))) return c;
      }
      return null;
    };
    while (Date.now() < deadline && this.crashes <= maxCrashes) {
      const death = await this.epoch(take);
      if (death === null) break;
      await this.recover(death);
    }
    await Promise.all(this.logLookups);
  }

  /** Runs the pool until the cases run out (null) or the server dies (the cases in flight then, and how it died). */
  private async epoch(take: () => FuzzCase | null): Promise<{ suspects: FuzzCase[]; how: Health } | null> {
    const inflight = new Set<FuzzCase>();
    let death: { suspects: FuzzCase[]; how: Health } | null = null;
    let probing: Promise<Health> | null = null;
    const sharedProbe = () => (probing ??= probe(this.server.url).finally(() => (probing = null)));
    // sends a case and records its answer, unless the server died meanwhile (then false, and `death` says how)
    const attempt = async (c: FuzzCase): Promise<Sent | null> => {
      inflight.add(c);
      this.sent++;
      let s = await this.send(c);
      if (s.error !== undefined && death === null) {
        const suspects = [...inflight];
        const health = await sharedProbe();
        if (health === 'down' || health === 'hung') {
          death ??= { suspects, how: health };
        } else if (!s.timedOut) {
          // a kept-alive connection the server had just closed: retry once on a fresh one before blaming the server
          s = await this.send(c);
        }
      }
      inflight.delete(c);
      if (death !== null) return null;
      this.record(s);
      // the attacker may revoke its own tokens (i/revoke-token); a refresh may also have run while the server was down
      if (c.auth === 'attacker' && s.status === 401 && s.token === this.attackerToken) await this.refreshAttacker();
      return s;
    };
    const worker = async () => {
      while (death === null && Date.now() < this.deadline) {
        const c = take();
        if (c === null) return;
        const s = await attempt(c);
        if (s?.status === undefined || s.status >= 300) continue;
        for (const read of c.readBack ?? []) if ((await attempt({ ...read, n: c.n })) === null) break;
      }
    };
    // a throw in one worker (a bug in the generator) stops the others rather than leaving them sending
    let thrown: unknown;
    const guarded = () =>
      worker().catch((err: unknown) => {
        thrown ??= err;
        death ??= { suspects: [], how: 'ok' };
      });
    await Promise.all(Array.from({ length: this.opts.concurrency }, guarded));
    if (thrown !== undefined) throw thrown;
    return death;
  }

  private record(s: Sent): void {
    const route = routeOf(s.c.path, this.opts.endpoints);
    if (route.startsWith('/api/') && route !== '/api/<unknown>')
      this.perEndpoint.set(route.slice(5), (this.perEndpoint.get(route.slice(5)) ?? 0) + 1);
    const status = s.status === undefined ? (s.timedOut ? 'timeout' : 'no answer') : String(s.status);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    const cause =
      s.status === undefined
        ? `${s.timedOut ? `no answer within ${this.opts.requestTimeoutMs} ms` : 'connection closed without an answer'} (the server stayed up)`
        : judge(s, this.opts.endpoints);
    if (cause === null) return;
    const message = s.status !== undefined && s.status >= 500 ? messageOf(s.text ?? '') : undefined;
    const isNew = !this.failures.has(cause);
    this.fail(cause, s.c, describe(s, this.opts.replayHint));
    if (message === undefined || !isNew) return;
    // the server logs asynchronously: its line usually arrives after the answer, so look a little later
    const f = this.failures.get(cause)!;
    const server = this.server;
    this.logLookups.push(
      new Promise<void>((res) => setTimeout(res, 300)).then(() => {
        const log = serverLog(server.logs(), message);
        if (log !== '') f.examples[0] += '\n' + log;
      }),
    );
  }

  /** The attacker's token stopped working (it revoked it, a legitimate call): sign in again so the rest of the run stays authenticated. */
  private refreshAttacker(): Promise<void> {
    this.refreshing ??= (async () => {
      const { username, password } = this.opts.attacker;
      const res = await fetch(this.server.url + '/api/signin', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
        signal: AbortSignal.timeout(5000),
      }).catch(() => null);
      const body = res === null ? null : ((await res.json().catch(() => null)) as { token?: string } | null);
      if (typeof body?.token === 'string') this.attackerToken = body.token;
    })().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /**
   * The server died or hung: restart it on the same data, replay the suspects one at a time to find the one
   * that kills it, record the crash with the server's last output, and block that input class.
   */
  private async recover(death: { suspects: FuzzCase[]; how: Health }): Promise<void> {
    this.crashes++;
    let logs = await this.restart();
    let culprit: Sent | null = null;
    let replayed = 0;
    for (const c of death.suspects.sort((a, b) => a.n - b.n)) {
      if (Date.now() > this.deadline) break;
      replayed++;
      const s = await this.send(c);
      const health = s.error === undefined ? 'ok' : await probe(this.server.url);
      if (health === 'down' || health === 'hung') {
        culprit = s;
        logs = await this.restart();
        break;
      }
    }
    const what = death.how === 'down' ? 'the server process died' : 'the server stopped answering (hung)';
    const tail = logs.trim().split('\n').slice(-12).join('\n').slice(-2500);
    if (culprit !== null) {
      this.blocked.add(culprit.c.kind);
      this.fail(
        `${what} [${culprit.c.kind}]`,
        culprit.c,
        `${describe(culprit, this.opts.replayHint)}\n  server output:\n${tail}`,
      );
    } else {
      for (const c of death.suspects) this.blocked.add(c.kind);
      const list = death.suspects
        .map((c) => describe({ c, error: 'in flight when it died' }, this.opts.replayHint))
        .join('\n');
      this.fail(
        `${what}; replaying ${replayed} of the ${death.suspects.length} requests in flight one by one did not do it again`,
        death.suspects[0]!,
        `${list}\n  server output:\n${tail}`,
      );
    }
  }

  /** Kills whatever is left of the server and starts a new one on the same data directory; answers the old one's output. */
  async restart(): Promise<string> {
    const old = this.server;
    await old.kill();
    this.server = await startServer({ dataDir: old.dataDir });
    return old.logs();
  }
}
