/** HTTP over uWebSockets.js: one exchange per request, with bounded body reading and corked writes that respect aborts. */
import type { HttpResponse } from 'uWebSockets.js';
import { type FileBody, sendFile } from './file-response.js';
import { type Multipart, receiveMultipart, type UploadLimits } from './upload.js';

/**
 * The fixed parts of every answer, as UTF-8 bytes: uWS converts a JS string argument to UTF-8 in a
 * fresh heap buffer on every call, a dozen times per response otherwise.
 */
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

const STATUS_LINE: Record<number, Uint8Array> = Object.fromEntries(
  Object.entries({
    200: '200 OK',
    204: '204 No Content',
    206: '206 Partial Content',
    301: '301 Moved Permanently',
    302: '302 Found',
    400: '400 Bad Request',
    401: '401 Unauthorized',
    403: '403 Forbidden',
    404: '404 Not Found',
    405: '405 Method Not Allowed',
    406: '406 Not Acceptable',
    410: '410 Gone',
    413: '413 Payload Too Large',
    416: '416 Range Not Satisfiable',
    422: '422 Unprocessable Entity',
    429: '429 Too Many Requests',
    500: '500 Internal Server Error',
    503: '503 Service Unavailable',
  }).map(([status, line]) => [status, bytes(line)]),
);

const API_HEADERS: [string, Uint8Array, Uint8Array][] = [
  ['Access-Control-Allow-Origin', '*'],
  ['Access-Control-Expose-Headers', 'Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset'],
  ['Cache-Control', 'private, max-age=0, must-revalidate'],
].map(([name, value]) => [name!, bytes(name!), bytes(value!)]);

const CONTENT_TYPE = bytes('Content-Type');
const JSON_TYPE = 'application/json; charset=utf-8';
const JSON_TYPE_BYTES = bytes(JSON_TYPE);

/** What a route handler reads from the request, synchronously (uWS forbids touching the request after an await). */
export interface RequestHead {
  getUrl(): string;
  getHeader(lowerCaseKey: string): string;
  getQuery(): string | undefined;
  /** Every header, lower-case names (HTTP signatures may cover any of them). */
  forEach(callback: (key: string, value: string) => void): void;
}

/** Raised when a body passes the limit readBody was given. */
export class BodyTooLargeError extends Error {}

/** Raised when the client goes away while its body is being read. */
export class RequestAbortedError extends Error {}

/**
 * One request's response, and the state a handler needs after its first await: whether the client
 * went away, and whether an answer was already sent (one answer per request, written in one cork).
 */
export class Exchange {
  aborted = false;
  done = false;
  /** Set while a body is being read, so an abort settles the read instead of leaving it pending. */
  private abortHandler: (() => void) | undefined = undefined;
  /** A HEAD request: headers only. */
  readonly head: boolean;

  constructor(
    private readonly res: HttpResponse,
    readonly method: string,
  ) {
    this.head = method === 'head';
  }

  /** Notes when the client goes away; call before answering after an await (uWS requires it of async answers). */
  watchAborts(): void {
    this.res.onAborted(() => {
      this.aborted = true;
      this.abortHandler?.();
    });
  }

  /** The client's address as text. */
  remoteAddress(): string {
    return Buffer.from(this.res.getRemoteAddressAsText()).toString();
  }

  /** Writes a whole response in one cork, unless the client went away or a response was already sent. */
  send(
    status: number,
    body: string | Uint8Array | null,
    headers?: Record<string, string>,
    contentType = JSON_TYPE,
    closeConnection = false,
  ): void {
    if (this.aborted || this.done) return;
    this.done = true;
    const res = this.res;
    res.cork(() => {
      res.writeStatus(STATUS_LINE[status] ?? String(status));
      // A header the caller sets (e.g. Cache-Control on cacheable GETs) replaces the default instead of being sent twice.
      for (const [name, nameBytes, value] of API_HEADERS)
        if (headers?.[name] === undefined) res.writeHeader(nameBytes, value);
      if (headers) for (const k in headers) res.writeHeader(k, headers[k]!);
      if (body === null || this.head) {
        res.endWithoutBody();
        return;
      }
      res.writeHeader(CONTENT_TYPE, contentType === JSON_TYPE ? JSON_TYPE_BYTES : contentType);
      res.end(body, closeConnection);
    });
  }

  /**
   * Reads the request body, as UTF-8 text, up to `limit` bytes; rejects with BodyTooLargeError past it,
   * RequestAbortedError if the client goes away (after watchAborts). Call synchronously in the handler.
   * A body that comes in one piece (nearly all) is decoded straight from uWS's chunk, which is valid
   * during the callback.
   */
  readBody(limit: number): Promise<string> {
    return new Promise((resolve, reject) => {
      this.abortHandler = () => reject(new RequestAbortedError());
      let chunks: Buffer[] | null = null;
      let size = 0;
      let failed = false;
      this.res.onData((chunk, isLast) => {
        if (failed) return;
        size += chunk.byteLength;
        if (size > limit) {
          failed = true;
          reject(new BodyTooLargeError());
          return;
        }
        if (isLast && chunks === null) {
          resolve(Buffer.from(chunk).toString('utf8'));
          return;
        }
        if (chunks === null) chunks = [];
        chunks.push(Buffer.from(chunk.slice(0)));
        if (isLast) resolve(Buffer.concat(chunks).toString('utf8'));
      });
    });
  }

  /** Runs `handler` if the client goes away (after watchAborts); one handler at a time. */
  onAbort(handler: () => void): void {
    this.abortHandler = handler;
  }

  /**
   * Streams a multipart/form-data body: text fields, and the file part to `limits.path` while hashing it
   * (upload.ts). Rejects with FileTooLargeError, MalformedMultipartError or RequestAbortedError, having
   * removed the partial file. Call synchronously in the handler, after watchAborts.
   */
  receiveMultipart(contentType: string, limits: UploadLimits): Promise<Multipart> {
    return receiveMultipart(this.res, this, contentType, limits);
  }

  /**
   * Answers with (part of) a file streamed from disk under back-pressure (file-response.ts); resolves
   * once it is sent, or the client went away. Call after watchAborts.
   */
  sendFile(status: number, headers: Record<string, string>, body: FileBody): Promise<void> {
    if (this.aborted || this.done) return Promise.resolve();
    this.done = true;
    return sendFile(this.res, this, STATUS_LINE[status] ?? String(status), headers, body);
  }

  /** Answers a CORS preflight. */
  sendPreflight(): void {
    const res = this.res;
    this.done = true;
    res.cork(() => {
      res.writeStatus('204 No Content');
      res.writeHeader('Access-Control-Allow-Origin', '*');
      res.writeHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.writeHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
      res.writeHeader('Access-Control-Max-Age', '86400');
      res.endWithoutBody();
    });
  }
}
