/** The Misskey API as a client API of the gateway: /api/*, /streaming, /api.json, /identicon/*, and Misskey-shaped 404s for the rest. */
import type { ClientApi } from '../gateway/index.js';
import { createApiHandler, fail } from './api.js';
import type { CallDeps, Endpoint } from './endpoint.js';
import { endpoints } from './endpoints/list.js';
import { ApiError, flockErrors } from './errors.js';
import { faultEndpoint } from './fault.js';
import { serveFile } from './file-server.js';
import { identiconSvg } from './identicon.js';
import { openApiDocument } from './openapi.js';
import { StreamHub } from './streaming/hub.js';
import { unavailableEndpoints } from './unavailable.js';

/** The Misskey API over the store, the actors and the shared queries. */
export function createMisskeyApi(deps: CallDeps): ClientApi {
  const served = deps.config.faultInjection ? [...endpoints, faultEndpoint as unknown as Endpoint] : endpoints;
  // routed, but left out of /api.json: they do not work
  const api = createApiHandler(deps, [...served, ...unavailableEndpoints(served)]);
  const apiJson = JSON.stringify(openApiDocument(deps.config, served));
  const stream = new StreamHub(deps);
  return {
    register(routes) {
      stream.attach(routes.ws('/streaming', stream));
      routes.any('/api/*', api.handle);
      routes.get('/api.json', (exchange) => exchange.send(200, apiJson));
      routes.any('/files/*', serveFile(deps.store));
      routes.get('/identicon/*', (exchange, req) => {
        let seed: string;
        try {
          seed = decodeURIComponent(req.getUrl().slice('/identicon/'.length));
        } catch {
          throw new ApiError(flockErrors.malformedPath);
        }
        exchange.send(200, identiconSvg(seed), { 'Cache-Control': 'public, max-age=86400' }, 'image/svg+xml');
      });
      if (deps.config.faultInjection) {
        // test-only: an unexpected throw inside a route handler, to prove the guard answers and the server lives on
        routes.any('/__fault', () => {
          throw new Error('injected fault');
        });
      }
      routes.any('/*', (exchange) => fail(exchange, new ApiError(flockErrors.notFound), 'route'));
    },
    fail: (exchange, err) => fail(exchange, err, 'route'),
    startDraining: () => api.startDraining(),
    close: () => {
      stream.closeAll();
      api.limiter.close();
    },
  };
}
