/**
 * The guarded fetcher: every GET this server sends to another server goes through it (federation.md
 * §5.6, items 14–17). Addresses are checked after DNS resolution, in the socket's own lookup, so the
 * connection goes to the address that was checked (no second resolution to race); IP literals are
 * checked before connecting; redirects are followed by hand, at most 5, same scheme, no URL twice,
 * each hop checked again. Bodies are capped at 1 MiB (declared length and while streaming), with
 * connect, read and total timeouts. Requests are signed by the instance actor (draft-cavage, the
 * query left out, and signed with it on a 401 as GoToSocial does), so authorized-fetch servers answer.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { AddressGuard, FetchRefusedError } from './address-guard.js';

export { FetchRefusedError };

export interface FetcherOptions {
  /** `allowedPrivateNetworks`: CIDR list of otherwise refused networks that may be reached (tests, private deployments). */
  allowedNetworks: readonly string[];
  /** Signs a GET: the headers to add (Date, Host, Signature). */
  sign?: (url: string, withQuery: boolean) => Promise<Record<string, string>>;
  /** Largest body in bytes (default 1 MiB). */
  maxBytes?: number;
  /** ms (defaults: connect 5 s, read 10 s, total 30 s). */
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  totalTimeoutMs?: number;
  /** This server's origin: never fetched (our own documents are read from the store, and a response from ourselves proves nothing). */
  ownOrigin?: string;
}

export interface Fetched {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  contentType: string;
  body: Buffer;
}

const MAX_REDIRECTS = 5;
/** Most bytes of a delivery's response read (and thrown away) before its connection is dropped. */
const MAX_DELIVERY_ANSWER = 64 * 1024;
/** How often deliveries are checked against their deadlines (ms). */
const DEADLINE_SWEEP_MS = 500;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A response whose headers have arrived, its body still to read. */
export type Response = Awaited<ReturnType<typeof request>>;

export class GuardedFetcher {
  private readonly guard: AddressGuard;
  private readonly agents: { https: Agent; http: Agent };
  private readonly maxBytes: number;
  private readonly inFlight = new Set<DeliveryHandler>();
  private deadlineTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: FetcherOptions) {
    this.guard = new AddressGuard(options.allowedNetworks);
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    const agent = (plainHttp: boolean) =>
      new Agent({
        connect: { timeout: options.connectTimeoutMs ?? 5_000, lookup: this.checkedLookup(plainHttp) },
        headersTimeout: options.readTimeoutMs ?? 10_000,
        bodyTimeout: options.readTimeoutMs ?? 10_000,
        connections: 16,
      });
    this.agents = { https: agent(false), http: agent(true) };
  }

  /** A DNS lookup that fails unless every address the name resolves to may be reached. */
  private checkedLookup(plainHttp: boolean): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err, '', 0);
        const bad = addresses.find((a) => !this.guard.permits(a.address, plainHttp));
        if (bad !== undefined || addresses.length === 0) {
          const refusal = new FetchRefusedError(`${hostname} resolves to an address that may not be fetched`);
          return callback(refusal as NodeJS.ErrnoException, '', 0);
        }
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
  }

  /** Refuses a URL before any connection: scheme, credentials, our own origin, a literal address. */
  private checkUrl(url: URL): void {
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new FetchRefusedError(`Expected an http(s) URL, got ${url.protocol}`);
    if (url.username !== '' || url.password !== '') throw new FetchRefusedError('Expected a URL without credentials');
    if (this.options.ownOrigin !== undefined && url.origin === this.options.ownOrigin)
      throw new FetchRefusedError('Expected another server, got this one');
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    if (isIP(host) !== 0 && !this.guard.permits(host, url.protocol === 'http:'))
      throw new FetchRefusedError(`${host} may not be fetched`);
  }

  /** GETs `target`, following redirects under the rules above, and reads the body (at most `maxBytes`). */
  async get(target: string, accept: string): Promise<Fetched> {
    const { res, url } = await this.open(target, accept, { signed: true });
    const contentType = String(res.headers['content-type'] ?? '');
    return { status: res.statusCode, url, contentType, body: await this.read(res) };
  }

  /**
   * GETs `target`, following redirects under the rules above, and answers the response with its body
   * unread (the caller consumes or destroys it) and the URL that answered. `signed: false` sends no
   * signature (media downloads); `totalTimeoutMs` overrides the total timeout.
   */
  async open(
    target: string,
    accept: string,
    options: { signed: boolean; totalTimeoutMs?: number },
  ): Promise<{ res: Response; url: string }> {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new FetchRefusedError('Expected a URL');
    }
    const signal = AbortSignal.timeout(options.totalTimeoutMs ?? this.options.totalTimeoutMs ?? 30_000);
    const sign = options.signed ? this.options.sign : undefined;
    const scheme = url.protocol;
    const seen = new Set<string>();
    for (let hop = 0; ; hop++) {
      this.checkUrl(url);
      if (url.protocol !== scheme) throw new FetchRefusedError('A redirect changed the scheme');
      if (seen.has(url.href)) throw new FetchRefusedError('A redirect loop');
      seen.add(url.href);
      let res = await this.send(url, accept, sign, false, signal);
      if ((res.statusCode === 401 || res.statusCode === 403) && url.search !== '' && sign) {
        await res.body.dump();
        res = await this.send(url, accept, sign, true, signal);
      }
      if (REDIRECTS.has(res.statusCode)) {
        await res.body.dump();
        const location = res.headers.location;
        if (hop >= MAX_REDIRECTS || typeof location !== 'string')
          throw new FetchRefusedError('Too many redirects, or a redirect without a location');
        url = new URL(location, url);
        continue;
      }
      return { res, url: url.href };
    }
  }

  /**
   * POSTs `body` to `target` (a delivery): the same address rules as a GET, no redirects followed (an
   * inbox that moved answers 3xx, which the caller treats as final). Answers the status and the
   * Retry-After header as soon as they arrive; the response body is discarded (at most 64 KiB of it,
   * then the connection is dropped). `timeoutMs` bounds the whole exchange, the body's reading
   * included. Sent through undici's dispatcher with a handler of its own: a delivery needs no
   * response stream, and the outbox sends thousands a second.
   */
  post(
    target: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<{ status: number; retryAfter: string | undefined }> {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return Promise.reject(new FetchRefusedError('Expected a URL'));
    }
    try {
      this.checkUrl(url);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      const delivery = new DeliveryHandler(resolve, reject, Date.now() + timeoutMs, this.inFlight);
      this.watchDeadlines();
      const dispatcher = url.protocol === 'http:' ? this.agents.http : this.agents.https;
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: url.pathname + url.search,
          method: 'POST',
          headers: { 'User-Agent': 'Flock (ActivityPub)', ...headers },
          body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        delivery,
      );
    });
  }

  /** Aborts deliveries past their deadline (a server dripping its answer): one timer for all, not one each. */
  private watchDeadlines(): void {
    if (this.deadlineTimer !== null) return;
    this.deadlineTimer = setInterval(() => {
      const now = Date.now();
      for (const delivery of this.inFlight) if (delivery.deadline <= now) delivery.timeOut();
      if (this.inFlight.size === 0 && this.deadlineTimer !== null) {
        clearInterval(this.deadlineTimer);
        this.deadlineTimer = null;
      }
    }, DEADLINE_SWEEP_MS);
    this.deadlineTimer.unref();
  }

  private async send(url: URL, accept: string, sign: FetcherOptions['sign'], withQuery: boolean, signal: AbortSignal) {
    const signed = sign ? await sign(url.href, withQuery) : {};
    return request(url, {
      method: 'GET',
      headers: { Accept: accept, 'User-Agent': 'Flock (ActivityPub)', ...signed },
      dispatcher: url.protocol === 'http:' ? this.agents.http : this.agents.https,
      signal,
    });
  }

  private async read(res: Response): Promise<Buffer> {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      res.body.destroy();
      throw new FetchRefusedError(`The response is larger than ${this.maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > this.maxBytes) {
        res.body.destroy();
        throw new FetchRefusedError(`The response is larger than ${this.maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  async close(): Promise<void> {
    if (this.deadlineTimer !== null) clearInterval(this.deadlineTimer);
    await Promise.all([this.agents.https.close(), this.agents.http.close()]);
  }
}

/**
 * A delivery's answer as undici's dispatcher reports it: settled by the status line and headers (the
 * status and Retry-After are all a delivery needs); the body is then read and dropped, at most 64 KiB
 * of it and within the deadline, so the connection can serve the next request.
 */
class DeliveryHandler {
  private abort: ((err: Error) => void) | null = null;
  private answered = false;
  private bodyBytes = 0;

  constructor(
    private readonly resolve: (answer: { status: number; retryAfter: string | undefined }) => void,
    private readonly reject: (err: Error) => void,
    readonly deadline: number,
    private readonly inFlight: Set<DeliveryHandler>,
  ) {
    inFlight.add(this);
  }

  timeOut(): void {
    this.abort?.(new Error('The delivery took longer than its timeout'));
  }

  onConnect(abort: (err: Error) => void): void {
    this.abort = abort;
  }

  onHeaders(status: number, rawHeaders: Buffer[]): boolean {
    if (status < 200 || this.answered) return true;
    let retryAfter: string | undefined;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!;
      if (name.length === 11 && name.toString('latin1').toLowerCase() === 'retry-after')
        retryAfter = rawHeaders[i + 1]!.toString('latin1');
    }
    this.answered = true;
    this.resolve({ status, retryAfter });
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.bodyBytes += chunk.length;
    if (this.bodyBytes > MAX_DELIVERY_ANSWER) this.abort?.(new Error('The answer to a delivery was too long'));
    return true;
  }

  onComplete(): void {
    this.inFlight.delete(this);
  }

  onError(err: Error): void {
    this.inFlight.delete(this);
    if (!this.answered) this.reject(err);
  }
}
