/** The uWebSockets.js App: /api/*, /api.json, /healthz, /identicon/*; listening, and draining on shutdown. */
import uWS from 'uWebSockets.js';
import type { Endpoint } from './endpoint.js';
import { createApiHandler, type ApiDeps } from './api.js';
import { openApiDocument } from './openapi.js';
import { identiconSvg } from './identicon.js';
import { send, type ResponseState } from './http.js';
import { logger } from '../log/index.js';

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
  app.get('/api.json', (res) => send(res, { aborted: false, done: false }, 200, apiJson));
  app.get('/healthz', (res) => {
    const state: ResponseState = { aborted: false, done: false };
    res.onAborted(() => {
      state.aborted = true;
    });
    void health(deps).then((healthy) => send(res, state, healthy.ok ? 200 : 503, JSON.stringify(healthy)));
  });
  app.get('/identicon/*', (res, req) => {
    const seed = decodeURIComponent(req.getUrl().slice('/identicon/'.length));
    send(res, { aborted: false, done: false }, 200, identiconSvg(seed), { 'Cache-Control': 'public, max-age=86400' }, 'image/svg+xml');
  });
  app.any('/*', (res) => send(res, { aborted: false, done: false }, 404, JSON.stringify({ error: { message: 'Not found.', code: 'NOT_FOUND', id: 'c1b7a9e4-0f3d-4e52-8a61-2d9b7f3c5e80', kind: 'client' } })));

  return new Promise((resolve, reject) => {
    app.listen(deps.config.host, deps.config.port, (socket) => {
      if (socket === false) {
        reject(new Error(`Expected to listen on ${deps.config.host}:${deps.config.port}, got a refusal (port in use?)`));
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

async function health(deps: ApiDeps): Promise<{ ok: boolean; store: boolean; workers: boolean; queued: number }> {
  let store = false;
  try {
    deps.store.users.getStats();
    store = true;
  } catch {
    store = false;
  }
  const workers = await deps.mailboxes.ping(2000);
  return { ok: store && workers, store, workers, queued: deps.mailboxes.depth() };
}
