/**
 * The gateway: HTTP transport only. A uWebSockets.js App that listens and drains, answers /healthz,
 * and serves the routes client APIs register (each guarded); the pieces every API's request handling
 * uses: the exchange (bounded body reading, corked answers), closed params, JSON limits and the rate
 * limiter.
 */

export { type Closer, closerOf } from './closed-params.js';
export type { FileBody } from './file-response.js';
export { BodyTooLargeError, Exchange, RequestAbortedError, type RequestHead } from './http.js';
export { exceedsJsonDepth, isFaithfulJson, MAX_JSON_DEPTH } from './json-limits.js';
export { type RateDecision, type RateLimit, RateLimiter } from './ratelimit.js';
export {
  type ClientApi,
  type Gateway,
  type GatewayOptions,
  type Health,
  type RouteHandler,
  type Routes,
  startGateway,
} from './server.js';
export {
  FileTooLargeError,
  MalformedMultipartError,
  type Multipart,
  type ReceivedFile,
  type UploadLimits,
} from './upload.js';
export type { Publisher, SocketHandler, SocketHead, StreamSocket, UpgradeDecision } from './websocket.js';
