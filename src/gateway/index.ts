/** The gateway: a uWebSockets.js App serving the Misskey API over the store (reads) and the actor mailboxes (writes). */

import type { ApiDeps } from './api.js';
import type { Endpoint } from './endpoint.js';
import { endpoints } from './endpoints/index.js';
import { faultEndpoint } from './fault.js';
import { type Gateway, startGateway as start } from './server.js';

export type { ApiDeps, Gateway };
export { endpoints };

/** Starts listening with every endpoint registered. */
export const startGateway = (deps: ApiDeps): Promise<Gateway> =>
  start(deps, deps.config.faultInjection ? [...endpoints, faultEndpoint as unknown as Endpoint] : endpoints);
