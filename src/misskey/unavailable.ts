/**
 * The Misskey endpoints a client may call that Flock does not serve yet (drive, notifications, antennas,
 * channels, admin, …): every name misskey-js knows minus the ones Flock implements, so an endpoint drops
 * out of this set the moment it is implemented. Each answers UNAVAILABLE, Misskey's error for a feature
 * this server does not offer, rather than UNKNOWN_API_ENDPOINT (which would tell a client the endpoint
 * does not exist at all) or a pretend success. They are routed only: /api.json and `endpoints` do not
 * list them.
 */
import { Type } from '@sinclair/typebox';
import { type Endpoint, endpoint } from './endpoint.js';
import { ApiError, type MisskeyErrorDef, unavailableErrors } from './errors.js';
import { misskeyJsEndpointNames } from './misskey-js-endpoints.js';

/** Endpoints that answer UNAVAILABLE, one for each misskey-js endpoint not among `served`. */
export function unavailableEndpoints(served: readonly Endpoint[]): Endpoint[] {
  const servedNames = new Set(served.map((ep) => ep.name));
  return misskeyJsEndpointNames.filter((name) => !servedNames.has(name)).map(unavailableEndpoint);
}

function unavailableEndpoint(name: string): Endpoint {
  const error: MisskeyErrorDef = unavailableErrors.byEndpoint.get(name) ?? unavailableErrors.notYetServed;
  return endpoint({
    name,
    description: `Not served by Flock yet: answers ${error.code}.`,
    // whatever is sent is dropped, not judged: the answer does not depend on it
    params: Type.Object({}),
    requireCredential: false,
    handler() {
      throw new ApiError(error);
    },
  }) as unknown as Endpoint;
}
