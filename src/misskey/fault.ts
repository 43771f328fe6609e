/** Test-only (config `faultInjection`): an endpoint whose handler throws, to prove an unexpected error is answered as INTERNAL_ERROR and the server lives on. */
import { Type } from '@sinclair/typebox';
import { endpoint } from './endpoint.js';

export const faultEndpoint = endpoint({
  name: '__fault',
  description: 'Throws an unexpected error (present only when faultInjection is on).',
  requireCredential: false,
  allowGet: true,
  params: Type.Object({}),
  handler() {
    throw new Error('injected fault');
  },
});
