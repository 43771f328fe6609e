/**
 * The load generator, a child process of run.ts (so it never shares an event loop with a server):
 * receives one LoadSpec over IPC, runs autocannon against 127.0.0.1, and answers one LoadResult.
 * Bounded in time (spec.duration, plus a hard exit) and in count (spec.maxRequests).
 * Latencies are recorded per response with sub-millisecond precision (autocannon's own histogram
 * rounds to whole milliseconds).
 */
import autocannon from 'autocannon';

export type LoadKind = 'timeline' | 'create';

export interface LoadSpec {
  /** Origin, always http://127.0.0.1:<port>. */
  origin: string;
  kind: LoadKind;
  connections: number;
  /** Seconds. */
  duration: number;
  maxRequests: number;
  /** Tokens rotated through, one per request, in order. */
  tokens: string[];
  /** Timeline page size. */
  limit: number;
}

export interface Latency {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export interface LoadResult {
  kind: LoadKind;
  connections: number;
  seconds: number;
  /** Completed responses, and those answered 2xx. */
  responses: number;
  ok: number;
  /** 2xx responses per second. */
  rps: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Milliseconds, every completed response. */
  latency: Latency;
  /** Response bytes per second. */
  bytesPerSec: number;
}

const PATHS: Record<LoadKind, string> = { timeline: '/api/notes/timeline', create: '/api/notes/create' };
const TEXT = 'Benchmark note from the load generator: checking the cost of a fan-out to two hundred followers.';

/** Runs one load; exported for run.ts's types, called here when a spec arrives. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (!spec.origin.startsWith('http://127.0.0.1:')) throw new Error(`Expected a loopback origin, got ${spec.origin}`);
  const latencies = new Float64Array(spec.maxRequests + spec.connections);
  const statusCodes: Record<string, number> = {};
  let count = 0;
  let ok = 0;
  let next = 0;
  const bodies = spec.kind === 'timeline' ? spec.tokens.map((i) => JSON.stringify({ i, limit: spec.limit })) : [];
  const body =
    spec.kind === 'timeline'
      ? () => bodies[next++ % bodies.length]!
      : () => {
          const n = next++;
          return JSON.stringify({ i: spec.tokens[n % spec.tokens.length], text: `${TEXT} #${n}` });
        };

  return new Promise((resolve, reject) => {
    let startedAt = 0;
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        duration: spec.duration,
        maxOverallRequests: spec.maxRequests,
        pipelining: 1,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: PATHS[spec.kind],
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: body() }),
          },
        ],
      },
      (err, result) => {
        if (err) {
          reject(err);
          return;
        }
        const seconds = (performance.now() - startedAt) / 1000;
        resolve({
          kind: spec.kind,
          connections: spec.connections,
          seconds: round(seconds, 2),
          responses: count,
          ok,
          rps: Math.round(ok / seconds),
          non2xx: result.non2xx,
          statusCodes,
          errors: result.errors,
          timeouts: result.timeouts,
          latency: summarise(latencies.subarray(0, count)),
          bytesPerSec: Math.round(result.throughput.total / seconds),
        });
      },
    );
    instance.on('start', () => {
      startedAt = performance.now();
    });
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (count < latencies.length) latencies[count++] = responseTime;
      if (statusCode >= 200 && statusCode < 300) ok++;
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    });
  });
}

function summarise(values: Float64Array): Latency {
  if (values.length === 0) return { mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!, 2);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    mean: round(sum / sorted.length, 2),
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: round(sorted[sorted.length - 1]!, 2),
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

if (process.send !== undefined) {
  process.once('message', (message: { spec: LoadSpec }) => {
    const { spec } = message;
    // a hard bound on top of autocannon's own duration
    setTimeout(
      () => {
        process.stderr.write(`load: still running ${spec.duration + 30} s after start; exiting\n`);
        process.exit(2);
      },
      (spec.duration + 30) * 1000,
    ).unref();
    runLoad(spec).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (err: unknown) => {
        process.stderr.write(`load: ${(err as Error).stack ?? String(err)}\n`);
        process.exit(1);
      },
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ waiting: true });
}
