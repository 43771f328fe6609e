/** uWebSockets.js response helpers: bounded body reading, corked writes that respect aborts, Misskey's headers. */
import type { HttpResponse } from 'uWebSockets.js';

/** Per-response state we need after the first await (uWS forbids touching HttpRequest then). */
export interface ResponseState {
  aborted: boolean;
  done: boolean;
  /** Set while a body is being read, so an abort settles the read instead of leaving it pending. */
  onAbort?: () => void;
  /** A HEAD request: headers only. */
  head?: boolean;
}

/**
 * The fixed parts of every answer, as UTF-8 bytes: uWS converts a JS string argument to UTF-8 in a
 * fresh heap buffer on every call, a dozen times per response otherwise.
 */
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

const STATUS_LINE: Record<number, Uint8Array> = Object.fromEntries(
  Object.entries({
    200: '200 OK',
    204: '204 No Content',
    400: '400 Bad Request',
    401: '401 Unauthorized',
    403: '403 Forbidden',
    404: '404 Not Found',
    405: '405 Method Not Allowed',
    413: '413 Payload Too Large',
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

/** Writes a whole response in one cork, unless the client went away or a response was already sent. */
export function send(
  res: HttpResponse,
  state: ResponseState,
  status: number,
  body: string | Uint8Array | null,
  headers?: Record<string, string>,
  contentType = JSON_TYPE,
  closeConnection = false,
): void {
  if (state.aborted || state.done) return;
  state.done = true;
  res.cork(() => {
    res.writeStatus(STATUS_LINE[status] ?? String(status));
    // A header the caller sets (e.g. Cache-Control on cacheable GETs) replaces the default instead of being sent twice.
    for (const [name, nameBytes, value] of API_HEADERS)
      if (headers?.[name] === undefined) res.writeHeader(nameBytes, value);
    if (headers) for (const k in headers) res.writeHeader(k, headers[k]!);
    if (body === null || state.head === true) {
      res.endWithoutBody();
      return;
    }
    res.writeHeader(CONTENT_TYPE, contentType === JSON_TYPE ? JSON_TYPE_BYTES : contentType);
    res.end(body, closeConnection);
  });
}

export class BodyTooLargeError extends Error {}

export class RequestAbortedError extends Error {}

/**
 * Reads the request body, as UTF-8 text, up to `limit` bytes; rejects with BodyTooLargeError past it,
 * RequestAbortedError if the client goes away. Call synchronously in the handler. A body that comes in
 * one piece (nearly all) is decoded straight from uWS's chunk, which is valid during the callback.
 */
export function readBody(res: HttpResponse, state: ResponseState, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    state.onAbort = () => reject(new RequestAbortedError());
    let chunks: Buffer[] | null = null;
    let size = 0;
    let failed = false;
    res.onData((chunk, isLast) => {
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
      (chunks ??= []).push(Buffer.from(chunk.slice(0)));
      if (isLast) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** Preflight answer for CORS. */
export function sendPreflight(res: HttpResponse): void {
  res.cork(() => {
    res.writeStatus('204 No Content');
    res.writeHeader('Access-Control-Allow-Origin', '*');
    res.writeHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.writeHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
    res.writeHeader('Access-Control-Max-Age', '86400');
    res.endWithoutBody();
  });
}
