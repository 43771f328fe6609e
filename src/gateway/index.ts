/** The gateway: a uWebSockets.js App serving the Misskey API over the store (reads) and the actor mailboxes (writes). */
import { startGateway as start, type Gateway } from './server.js';
import { endpoints } from './endpoints/index.js';
import type { ApiDeps } from './api.js';
import type { Endpoint } from './endpoint.js';
import { faultEndpoint } from './fault.js';

export type { Gateway, ApiDeps };
export { endpoints };

/** Starts listening with every endpoint registered. */
export const startGateway = (deps: ApiDeps): Promise<Gateway> =>
  start(deps, deps.config.faultInjection ? [...endpoints, faultEndpoint as unknown as Endpoint] : endpoints);
