/** The uWebSockets.js App: /healthz and the routes of the client APIs, each guarded; listening, and draining on shutdown. */
import uWS, { type HttpRequest, type HttpResponse } from 'uWebSockets.js';
import type { Config } from '../config/index.js';
import { logger } from '../log/index.js';
import { Exchange, type RequestHead } from './http.js';
import { addSocketRoute, type Publisher, type SocketHandler, type SocketLimits } from './websocket.js';

const log = logger('gateway');

/**
 * Handles one request: reads what it needs from `request` synchronously, and answers through
 * `exchange`. An answer given after an await is returned as a promise (which must not reject), so
 * the gateway waits for it before stopping.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a synchronous handler returns nothing, which TypeScript types as void
export type RouteHandler = (exchange: Exchange, request: RequestHead) => void | Promise<unknown>;

/** Where a client API adds its routes (uWS URL patterns, e.g. `/api/*`). */
export interface Routes {
  any(pattern: string, handler: RouteHandler): void;
  get(pattern: string, handler: RouteHandler): void;
  /**
   * GET and HEAD requests whose path starts with `prefix` and that no pattern matched (uWS patterns
   * cannot say `/@<name>`: a parameter is a whole segment); tried before any API's `/*`.
   */
  getPrefixed(prefix: string, handler: RouteHandler): void;
  /** A WebSocket route (upgrades on `pattern`), with the gateway's socket limits; answers its publisher. */
  ws<S>(pattern: string, handler: SocketHandler<S>): Publisher;
}

/**
 * Every socket's limits: inbound frames are small commands; 256 KiB waiting to be sent is minutes of a
 * busy timeline, so a reader that far behind is closed (it reconnects) rather than buffered; a socket
 * silent for two minutes is closed, uWS pinging it before.
 */
const SOCKET_LIMITS = { maxPayloadLength: 64 * 1024, maxBackpressure: 256 * 1024, idleTimeout: 120 };

/** How a client API (Misskey's; Mastodon's beside it later) plugs into the gateway. */
export interface ClientApi {
  /** Adds its routes. */
  register(routes: Routes): void;
  /** Answers, in the API's own error shape, what one of its routes threw (a throw there would end the process). */
  fail(exchange: Exchange, err: unknown): void;
  /** The gateway has stopped listening: requests still arriving on kept-alive connections should be turned away. */
  startDraining(): void;
  /** Every request has been answered (or the wait ran out): release timers. */
  close(): void;
}

/** What /healthz answers (with the open WebSockets' count added): `ok` decides 200 or 503, the rest is shown as is. */
export interface Health {
  ok: boolean;
  [detail: string]: unknown;
}

export interface GatewayOptions {
  config: Pick<Config, 'host' | 'port' | 'streamingMaxSockets'>;
  /** The client APIs, in the order their routes are added; the first also answers failures of /healthz. */
  apis: ClientApi[];
  /** Whether the process can serve (store readable, workers answering), for /healthz. */
  health(): Promise<Health>;
}

export interface Gateway {
  port: number;
  /** Stops accepting connections and waits (up to `timeoutMs`) for in-flight requests to be answered. */
  stop(timeoutMs: number): Promise<void>;
}

export function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, apis } = options;
  let inflight = 0;
  const app = uWS.App();
  const settle = () => {
    inflight--;
  };

  /** A route whose synchronous failures are answered by `api` instead of thrown into uWS. */
  const guarded = (api: ClientApi, handler: RouteHandler) => (res: HttpResponse, req: HttpRequest) => {
    const exchange = new Exchange(res, req.getMethod());
    try {
      const pending = handler(exchange, req);
      if (pending === undefined) return;
      inflight++;
      void pending.then(settle, settle);
    } catch (err) {
      api.fail(exchange, err);
    }
  };

  /** The WebSocket routes' publishers: /healthz shows how many sockets are open. */
  const publishers: Publisher[] = [];
  app.get(
    '/healthz',
    guarded(apis[0]!, (exchange) => {
      exchange.watchAborts();
      // not counted as in flight: a stop does not wait for a probe
      void options.health().then(
        (health) => {
          let sockets = 0;
          for (const publisher of publishers) sockets += publisher.openSockets();
          exchange.send(health.ok ? 200 : 503, JSON.stringify({ ...health, sockets }));
        },
        (err: unknown) => apis[0]!.fail(exchange, err),
      );
    }),
  );
  const prefixed: { prefix: string; route: ReturnType<typeof guarded> }[] = [];
  let fallback: ReturnType<typeof guarded> | undefined;
  for (const api of apis) {
    api.register({
      any: (pattern, handler) => {
        // the catch-all is registered once, below, behind the prefixed routes
        if (pattern === '/*') fallback ??= guarded(api, handler);
        else app.any(pattern, guarded(api, handler));
      },
      get: (pattern, handler) => app.get(pattern, guarded(api, handler)),
      getPrefixed: (prefix, handler) => prefixed.push({ prefix, route: guarded(api, handler) }),
      ws: (pattern, handler) => {
        const limits: SocketLimits = { ...SOCKET_LIMITS, maxSockets: config.streamingMaxSockets };
        const publisher = addSocketRoute(app, pattern, limits, handler);
        publishers.push(publisher);
        return publisher;
      },
    });
  }
  if (prefixed.length > 0 || fallback !== undefined) {
    app.any('/*', (res, req) => {
      const method = req.getMethod();
      if (method === 'get' || method === 'head') {
        const url = req.getUrl();
        for (const { prefix, route } of prefixed) if (url.startsWith(prefix)) return route(res, req);
      }
      if (fallback !== undefined) return fallback(res, req);
      res.writeStatus('404 Not Found').end();
    });
  }

  return new Promise((resolve, reject) => {
    app.listen(config.host, config.port, (socket) => {
      if (socket === false) {
        reject(new Error(`Expected to listen on ${config.host}:${config.port}, got a refusal (port in use?)`));
        return;
      }
      const port = uWS.us_socket_local_port(socket as unknown as uWS.us_socket);
      log.info({ host: config.host, port }, 'listening');
      resolve({
        port,
        async stop(timeoutMs) {
          for (const api of apis) api.startDraining();
          uWS.us_listen_socket_close(socket);
          const deadline = Date.now() + timeoutMs;
          while (inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
          for (const api of apis) api.close();
        },
      });
    });
  });
}
