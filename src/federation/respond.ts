/** How the federation routes answer: the AS media type, Vary: Accept, and bodies that never leave a client waiting. */
import type { Exchange } from '../gateway/index.js';
import { ACTIVITY_JSON } from './context.js';

export const AS_TYPE = `${ACTIVITY_JSON}; charset=utf-8`;
export const HTML_TYPE = 'text/html; charset=utf-8';
/** Documents change when their record does; a few minutes of caching by other servers is what Misskey allows too. */
export const PUBLIC_CACHE = 'public, max-age=180';

/** An answer without content (an empty body, so keep-alive clients know where it ends). */
export const sendStatus = (exchange: Exchange, status: number, headers: Record<string, string> = {}) =>
  exchange.send(status, '', { 'Cache-Control': 'public, max-age=60', ...headers }, 'text/plain; charset=utf-8');

/** An ActivityStreams document (already serialised), negotiated on Accept. */
export const sendActivity = (exchange: Exchange, json: string) =>
  exchange.send(200, json, { 'Cache-Control': PUBLIC_CACHE, Vary: 'Accept' }, AS_TYPE);

/** The HTML form of a negotiated document. */
export const sendHtml = (exchange: Exchange, html: string) =>
  exchange.send(200, html, { 'Cache-Control': PUBLIC_CACHE, Vary: 'Accept' }, HTML_TYPE);

/** The segments of a request path (`/users/x/outbox` → users, x, outbox). */
export const segments = (url: string) => url.split('/').filter((s) => s.length > 0);
