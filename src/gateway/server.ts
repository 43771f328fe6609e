/** The uWebSockets.js App: /api/*, /api.json, /healthz, /identicon/*; listening, and draining on shutdown. */
import uWS, { type HttpRequest, type HttpResponse } from 'uWebSockets.js';
import { logger } from '../log/index.js';
import { type ApiDeps, createApiHandler, fail } from './api.js';
import type { Endpoint } from './endpoint.js';
import { ApiError, flockErrors } from './errors.js';
import { type ResponseState, send } from './http.js';
import { identiconSvg } from './identicon.js';
import { openApiDocument } from './openapi.js';

const log = logger('gateway');

export interface Gateway {
  port: number;
  /** Stops accepting connections and waits (up to `timeoutMs`) for in-flight requests to be answered. */
  stop(timeoutMs: number): Promise<void>;
}

export function startGateway(deps: ApiDeps, endpoints: Endpoint[]): Promise<Gateway> {
  const inflight = { count: 0 };
  const api = createApiHandler(deps, endpoints, inflight);
  const apiJson = JSON.stringify(openApiDocument(deps.config, endpoints));
  const app = uWS.App();

  app.any('/api/*', (res, req) => api.handle(res, req));
  app.get(
    '/api.json',
    guarded((res, state) => send(res, state, 200, apiJson)),
  );
  app.get(
    '/healthz',
    guarded((res, state) => {
      res.onAborted(() => {
        state.aborted = true;
      });
      void health(deps).then((healthy) => send(res, state, healthy.ok ? 200 : 503, JSON.stringify(healthy)));
    }),
  );
  app.get(
    '/identicon/*',
    guarded((res, state, req) => {
      let seed: string;
      try {
        seed = decodeURIComponent(req.getUrl().slice('/identicon/'.length));
      } catch {
        throw new ApiError(flockErrors.malformedPath);
      }
      send(res, state, 200, identiconSvg(seed), { 'Cache-Control': 'public, max-age=86400' }, 'image/svg+xml');
    }),
  );
  if (deps.config.faultInjection) {
    // test-only: an unexpected throw inside a route handler, to prove the guard answers and the server lives on
    app.any(
      '/__fault',
      guarded(() => {
        throw new Error('injected fault');
      }),
    );
  }
  app.any(
    '/*',
    guarded((res, state) => fail(res, state, new ApiError(flockErrors.notFound), 'route')),
  );

  return new Promise((resolve, reject) => {
    app.listen(deps.config.host, deps.config.port, (socket) => {
      if (socket === false) {
        reject(
          new Error(`Expected to listen on ${deps.config.host}:${deps.config.port}, got a refusal (port in use?)`),
        );
        return;
      }
      const port = uWS.us_socket_local_port(socket as unknown as uWS.us_socket);
      log.info({ host: deps.config.host, port }, 'listening');
      resolve({
        port,
        async stop(timeoutMs) {
          api.startDraining();
          uWS.us_listen_socket_close(socket);
          const deadline = Date.now() + timeoutMs;
          while (inflight.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
          api.limiter.close();
        },
      });
    });
  });
}

type RouteHandler = (res: HttpResponse, state: ResponseState, req: HttpRequest) => void;

/**
 * A route whose synchronous failures are answered instead of thrown into uWS (a throw there ends the
 * process): an ApiError with its own status, anything else logged and answered as INTERNAL_ERROR.
 */
function guarded(handler: RouteHandler): (res: HttpResponse, req: HttpRequest) => void {
  return (res, req) => {
    const state: ResponseState = { aborted: false, done: false, head: req.getMethod() === 'head' };
    try {
      handler(res, state, req);
    } catch (err) {
      fail(res, state, err, 'route');
    }
  };
}

async function health(deps: ApiDeps): Promise<{ ok: boolean; store: boolean; workers: boolean; queued: number }> {
  const store = deps.store.isReadable();
  const workers = await deps.mailboxes.ping(2000);
  return { ok: store && workers, store, workers, queued: deps.mailboxes.depth() };
}
