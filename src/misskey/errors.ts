/**
 * API errors as values: Misskey's registry (per-endpoint ids) plus Flock's own table, so endpoints name
 * errors and never spell out an id.
 */

import { MailboxFullError } from '../actors/index.js';
import { commonErrors, httpStatusOf, type MisskeyErrorDef, signinErrors } from './misskey-errors.js';

export { endpointMeta } from './misskey-endpoint-meta.js';
export { commonErrors, endpointErrors, httpStatusOf, signinErrors } from './misskey-errors.js';
export { moderationErrors } from './misskey-moderation-errors.js';
export type { MisskeyErrorDef };

/**
 * Errors Flock answers with a JSON body where Misskey answers without one or has no such error
 * (misskey-js needs a JSON body on every non-2xx).
 */
export const flockErrors = {
  invalidJson: { ...commonErrors.invalidParam, message: 'Request body is not valid JSON.', httpStatus: 400 },
  bodyTooLarge: {
    message: 'Request body is too large.',
    code: 'PAYLOAD_TOO_LARGE',
    id: '9a2e4e46-1a25-4a0b-b4a4-1f5f2cd1a2c1',
    httpStatus: 413,
  },
  getNotAllowed: {
    message: 'This endpoint does not accept GET.',
    code: 'METHOD_NOT_ALLOWED',
    id: '6f4b1c86-08a4-4d17-9a3a-0fd8d1c5b6e2',
    httpStatus: 405,
  },
  methodNotAllowed: {
    message: 'This method is not allowed here; the API takes POST (and GET where an endpoint allows it).',
    code: 'METHOD_NOT_ALLOWED',
    id: '0c1a7d5e-3b2f-4e8a-9d61-7a4c2e9b1f35',
    httpStatus: 405,
  },
  jsonTooDeep: { ...commonErrors.invalidParam, message: 'The JSON is nested too deeply.', httpStatus: 400 },
  malformedPath: {
    message: 'The request path is not validly percent-encoded.',
    code: 'BAD_REQUEST',
    id: '8e2f4c71-5a9d-4b3e-a0c6-1d7f3b8e5a92',
    httpStatus: 400,
  },
  notFound: { message: 'Not found.', code: 'NOT_FOUND', id: 'c1b7a9e4-0f3d-4e52-8a61-2d9b7f3c5e80', httpStatus: 404 },
  overloaded: {
    message: 'The server is busy; retry shortly.',
    code: 'SERVER_BUSY',
    id: 'a6f3d1b2-7e0c-4c55-9f3e-5d2b8c1e4f70',
    httpStatus: 503,
    kind: 'server',
  },
  registrationClosed: {
    message: 'Sign-up is disabled on this instance.',
    code: 'REGISTRATION_CLOSED',
    id: '1f0e2d47-8b6a-4d1c-93a8-0c5e7b2a9d14',
    httpStatus: 403,
  },
  // Misskey answers a missing, unknown, used or expired code with a bare 400 (misskey-errors.ts, signupErrors).
  invalidInvitationCode: {
    message: 'The invitation code is unknown, used or expired.',
    code: 'INVALID_INVITATION_CODE',
    id: 'c2f7e9a4-51d3-4b8e-9f06-3a7d2b1e8c45',
    httpStatus: 400,
  },
  invalidToken: { ...commonErrors.invalidParam, message: 'The token must be a string.', httpStatus: 400 },
  // Misskey's sign-up answers fastify's error body, which has no id (misskey-errors.ts, signupErrors).
  usernameTaken: {
    message: 'The username is already taken.',
    code: 'DUPLICATED_USERNAME',
    id: 'b4d5e8f2-3c1a-4e7b-9a60-52f1d8c3e7a4',
  },
  // Misskey takes any URL for a webhook; Flock calls only what its address guard lets it reach.
  webhookUrlRefused: {
    message: 'The webhook URL may not be called.',
    code: 'WEBHOOK_URL_REFUSED',
    id: '4c8e2b91-6d3f-4a57-b0e9-1f7a5c3d8e26',
  },
  // Misskey's sign-in sends only the id: the status and id are Misskey's, message and code Flock's.
  signinNoSuchUser: { ...signinErrors.noSuchUser, message: 'No such user.', code: 'NO_SUCH_USER' },
  signinSuspended: { ...signinErrors.userSuspended, message: 'This account is suspended.', code: 'USER_SUSPENDED' },
  signinIncorrectPassword: {
    ...signinErrors.incorrectPassword,
    message: 'Incorrect password.',
    code: 'INCORRECT_PASSWORD',
  },
} as const satisfies Record<string, MisskeyErrorDef>;

/**
 * What an endpoint Flock does not serve yet answers (unavailable.ts). Misskey's code for a feature its
 * server does not offer is UNAVAILABLE, with an id per endpoint; where Misskey has one it is used, the
 * rest share Flock's.
 */
export const unavailableErrors = {
  notYetServed: {
    message: 'This feature is not available on this server yet.',
    code: 'UNAVAILABLE',
    id: '6d2c9a1e-4f7b-4e0a-b8c3-91e5d0a47f26',
  },
  byEndpoint: new Map<string, MisskeyErrorDef>([
    // ep/notes/search.ts: the role policy canSearchNotes is off
    [
      'notes/search',
      { message: 'Search of notes unavailable.', code: 'UNAVAILABLE', id: '0b44998d-77aa-4427-80d0-d2c9b8523011' },
    ],
    // ep/notes/translate.ts: no translator configured
    [
      'notes/translate',
      { message: 'Translate of notes unavailable.', code: 'UNAVAILABLE', id: '50a70314-2d8a-431b-b433-efa5cc56444c' },
    ],
  ]),
} as const;

/** What a command about the caller answers when the caller's account, whose token was just accepted, is not stored. */
export const callerAccountGone = commonErrors.internalError;

/** A failed API call: the Misskey error definition, optional info, and extra headers (Retry-After). */
export class ApiError extends Error {
  constructor(
    readonly def: MisskeyErrorDef,
    readonly info?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(def.message);
  }

  get status(): number {
    return httpStatusOf(this.def);
  }

  /** The body Misskey sends: `{error:{message, code, id, kind, info?}}`. */
  body(): string {
    const { message, code, id } = this.def;
    const error: Record<string, unknown> = { message, code, id, kind: this.def.kind ?? 'client' };
    if (this.info !== undefined) error.info = this.info;
    return JSON.stringify({ error });
  }
}

export const internalError = (e: unknown) =>
  new ApiError(commonErrors.internalError, {
    e: {
      message: e instanceof Error ? e.message : String(e),
      code: 'INTERNAL_ERROR',
      id: commonErrors.internalError.id,
    },
  });

/** The API error a failure is answered with: its own, SERVER_BUSY for a full mailbox, INTERNAL_ERROR for anything else. */
export function apiErrorOf(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof MailboxFullError) return new ApiError(flockErrors.overloaded, undefined, { 'Retry-After': '1' });
  return internalError(err);
}
