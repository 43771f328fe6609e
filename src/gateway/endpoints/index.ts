/** Every API endpoint Flock serves, in one list (the gateway routes and /api.json both read it). */
import type { Endpoint } from '../endpoint.js';
import * as auth from './auth.js';
import * as notes from './notes.js';

export const endpoints: Endpoint[] = [
  ...Object.values(auth),
  ...Object.values(notes),
] as unknown as Endpoint[];
