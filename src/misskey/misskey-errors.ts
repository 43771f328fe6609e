/**
 * Misskey's API error definitions (message, code, id, HTTP status) as its clients expect them: the errors
 * every endpoint may answer and the sign-in and sign-up ones; the per-endpoint tables are in
 * misskey-account-errors.ts and misskey-note-errors.ts. Source: misskey-dev/misskey
 * b9df928097093d715b90204af442961bd51e5d8f ("Release: 2025.9.0") packages/backend/src/server/api.
 */
import { accountEndpointErrors } from './misskey-account-errors.js';
import { driveEndpointErrors } from './misskey-drive-errors.js';
import { federationEndpointErrors } from './misskey-federation-errors.js';
import { listEndpointErrors } from './misskey-list-errors.js';
import { moderationEndpointErrors } from './misskey-moderation-errors.js';
import { noteEndpointErrors } from './misskey-note-errors.js';
import { roleEndpointErrors } from './misskey-role-errors.js';

export interface MisskeyErrorDef {
  readonly message: string;
  readonly code: string;
  readonly id: string;
  readonly httpStatus?: number;
  readonly kind?: 'client' | 'server' | 'permission';
}

// HTTP status rule (ApiCallService #sendApiError): an explicit httpStatus wins; otherwise
// kind 'client' (the default when kind is absent) -> 400, 'permission' -> 403, 'server' -> 500.
// The body is always { error: { message, code, id, kind, info? } } with kind defaulting to 'client'.
// 401 adds `WWW-Authenticate: Bearer realm="Misskey"`; RATE_LIMIT_EXCEEDED adds `Retry-After` (seconds).

/** The HTTP status Misskey answers an error with. */
export const httpStatusOf = (def: MisskeyErrorDef): number =>
  def.httpStatus ?? (def.kind === 'permission' ? 403 : def.kind === 'server' ? 500 : 400);

export const commonErrors = {
  // ApiCallService: no user on a requireCredential endpoint.
  credentialRequired: {
    message: 'Credential required.',
    code: 'CREDENTIAL_REQUIRED',
    id: '1384574d-a912-4b81-8601-c7b1c4085df1',
    httpStatus: 401,
  },
  // ApiCallService #sendAuthenticationError: token not recognised; sent with status 401 and
  // `WWW-Authenticate: Bearer realm="Misskey", error="invalid_token", error_description="<message>"`.
  authenticationFailed: {
    message: 'Authentication failed. Please ensure your token is correct.',
    code: 'AUTHENTICATION_FAILED',
    id: 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14',
    httpStatus: 401,
  },
  // endpoint-base: JSON-schema validation failure; info = { param: <ajv schemaPath>, reason: <ajv message> }.
  invalidParam: { message: 'Invalid param.', code: 'INVALID_PARAM', id: '3d81ceae-475f-4600-b2a8-2bc116157532' },
  // ApiCallService: a GET query / multipart field that JSON.parse rejects;
  // info = { param, reason: 'cannot cast to <type>' }.
  invalidParamCast: { message: 'Invalid param.', code: 'INVALID_PARAM', id: '0b5f1631-7c1a-41a6-b399-cce335f34d85' },
  // endpoint-base: requireFile endpoint called without a file.
  fileRequired: { message: 'File required.', code: 'FILE_REQUIRED', id: '4267801e-70d1-416a-b011-4ee502885d8b' },
  // ApiCallService: info = limiter info { total, remaining, reset, resetMs }.
  rateLimitExceeded: {
    message: 'Rate limit exceeded. Please try again later.',
    code: 'RATE_LIMIT_EXCEEDED',
    id: 'd5826d14-3982-4d2e-8011-b9e9f02499ef',
    httpStatus: 429,
  },
  // ApiCallService: access token lacks the endpoint's `kind` (or endpoint has no kind but needs credentials).
  // Adds `WWW-Authenticate: Bearer realm="Misskey", error="insufficient_scope", error_description="<message>"`.
  permissionDenied: {
    message: 'Your app does not have the necessary permissions to use this endpoint.',
    code: 'PERMISSION_DENIED',
    id: '1370e5b7-d4eb-4566-bb1d-7748ee6a1838',
    kind: 'permission',
  },
  // ApiCallService: `secure` endpoint called with anything but the user's native token (no kind -> 400).
  accessDenied: { message: 'Access denied.', code: 'ACCESS_DENIED', id: '56f35758-7dd5-468b-8439-5d6fb8ec9b8e' },
  // ApiCallService: suspended user on a requireCredential endpoint.
  yourAccountSuspended: {
    message: 'Your account has been suspended.',
    code: 'YOUR_ACCOUNT_SUSPENDED',
    id: 'a8c724b3-6e9c-4b46-b1a8-bc3ed6258370',
    kind: 'permission',
  },
  // ApiCallService: moved user (movedToUri set) on a `prohibitMoved` endpoint.
  yourAccountMoved: {
    message: 'You have moved your account.',
    code: 'YOUR_ACCOUNT_MOVED',
    id: '56f20ec9-fd06-4fa5-841b-edd6d7d4fa31',
    kind: 'permission',
  },
  // ApiCallService: requireModerator / requireAdmin / requiredRolePolicy checks (root user bypasses).
  roleModeratorRequired: {
    message: 'You are not assigned to a moderator role.',
    code: 'ROLE_PERMISSION_DENIED',
    id: 'd33d5333-db36-423d-a8f9-1a2b9549da41',
    kind: 'permission',
  },
  roleAdminRequired: {
    message: 'You are not assigned to an administrator role.',
    code: 'ROLE_PERMISSION_DENIED',
    id: 'c3d38592-54c0-429d-be96-5636b0431a61',
    kind: 'permission',
  },
  rolePolicyRequired: {
    message: 'You are not assigned to a required role.',
    code: 'ROLE_PERMISSION_DENIED',
    id: '7f86f06f-7e15-4057-8561-f4b6d4ac755a',
    kind: 'permission',
  },
  // error.ts default (new ApiError()); for unexpected exceptions
  // info = { e: { message, code: <error name>, id: <random uuid> } }.
  internalError: {
    message: 'Internal error occurred. Please contact us if the error persists.',
    code: 'INTERNAL_ERROR',
    id: '5d37dbcb-891e-41ca-a3d6-e690c97775ac',
    httpStatus: 500,
    kind: 'server',
  },
  // ApiServerService: GET /api/<unknown path> (an unknown POST gets fastify's default 404 instead).
  unknownApiEndpoint: {
    message: 'Unknown API endpoint.',
    code: 'UNKNOWN_API_ENDPOINT',
    id: '2ca3b769-540a-4f08-9dd5-b5a825b6d0f1',
    httpStatus: 404,
    kind: 'client',
  },
} as const satisfies Record<string, MisskeyErrorDef>;
// Bare statuses with an empty body (no error object): GET to an endpoint without allowGet -> 405;
// multipart endpoint without a file part -> 400; file too large -> 413.
// Non-string token (`i` / Bearer): the handler sets 400 but never calls send() while the route returns `reply`,
// so under fastify 5.6.0 no response is ever sent (checked with fastify.inject). A clean 400 is the sane choice.

// Per endpoint: the `meta.errors` object of packages/backend/src/server/api/endpoints/<name>.ts, keys as in source.
export const endpointErrors = {
  ...accountEndpointErrors,
  ...noteEndpointErrors,
  ...listEndpointErrors,
  ...driveEndpointErrors,
  ...roleEndpointErrors,
  ...moderationEndpointErrors,
  ...federationEndpointErrors,
};

// Signin (POST /api/signin-flow, SigninApiService). Error bodies are { error: { id } } — only an id,
// no message/code/kind — except the rate-limit one, which has all three. Hence a separate shape.
export interface MisskeySigninErrorDef {
  readonly id: string;
  readonly httpStatus: number;
  readonly message?: string;
  readonly code?: string;
}

export const signinErrors = {
  // Limiter checked on every signin-flow request before anything else:
  // key 'signin', per IP hash, duration 3600000 ms, max 10, minInterval 1000 ms.
  tooManyAuthenticationFailures: {
    message: 'Too many failed attempts to sign in. Try again later.',
    code: 'TOO_MANY_AUTHENTICATION_FAILURES',
    id: '22d05606-fbcf-421a-a2db-b32610dcfd1b',
    httpStatus: 429,
  },
  // No local user with that username (case-insensitive).
  noSuchUser: { id: '6cc579cc-885d-43d8-95c2-b8c7fc963280', httpStatus: 404 },
  userSuspended: { id: 'e03a5f46-d309-4865-9b69-56282d94e1eb', httpStatus: 403 },
  // Wrong password (also "no password and no passkey login" when 2FA/passkeys are set up). Records a failed signin.
  incorrectPassword: { id: '932c904e-9460-45b7-9ce6-7ed33be7eb2c', httpStatus: 403 },
  // TOTP token rejected.
  twoFactorFailed: { id: 'cdf1235b-ac71-46d4-a3a6-84ccce48df6f', httpStatus: 403 },
  // WebAuthn credential verification failed.
  passkeyFailed: { id: '93b86c4b-72f9-40eb-9815-798928603d1e', httpStatus: 403 },
  // Default of the internal fail() helper; every call site passes its own status/id, so unreachable in 2025.9.0.
  failDefault: { id: '4e30e80c-e338-45a0-8c8f-44455efa3b76', httpStatus: 500 },
} as const satisfies Record<string, MisskeySigninErrorDef>;
// Signin bare statuses: username not a string -> 400 empty body; token present but not a string -> 400 empty body;
// password present but not a string -> 400 empty body.
// No password given -> 200 { finished: false, next: 'password' } if 2FA is on,
// else { finished: false, next: 'captcha' }.
// Captcha failure (only when 2FA is off) -> 400 with fastify's default error body (see signup note below).
// Success -> 200 { finished: true, id, i }; 2FA pending -> 200 { finished: false, next: 'totp' } or
// { finished: false, next: 'passkey', authRequest }.

// Signup (POST /api/signup, SignupApiService + core/SignupService). There are NO Misskey-style error ids here:
// either a bare status with an empty body, or a FastifyReplyError rendered by fastify's default error handler as
// { statusCode: 400, error: 'Bad Request', message: <message> }. `message` below is that field's exact value.
export interface MisskeySignupErrorDef {
  readonly httpStatus: number;
  readonly body: 'empty' | 'fastify-error';
  readonly message?: string;
}

export const signupErrors = {
  // Normal path (no email verification): SignupService throws Error(<CODE>) and the API wraps err.toString(),
  // so the message carries the 'Error: ' prefix.
  // username must match ^\w{1,20}$
  invalidUsername: {
    message: 'Error: INVALID_USERNAME',
    httpStatus: 400,
    body: 'fastify-error',
  },
  // password: string, minLength 1
  invalidPassword: {
    message: 'Error: INVALID_PASSWORD',
    httpStatus: 400,
    body: 'fastify-error',
  },
  duplicatedUsername: { httpStatus: 400, body: 'fastify-error', message: 'Error: DUPLICATED_USERNAME' },
  // Also used for preserved usernames and usernames containing prohibitedWordsForNameOfUser.
  usedUsername: { httpStatus: 400, body: 'fastify-error', message: 'Error: USED_USERNAME' },
  // Race inside the creation transaction (note the leading space in the source string).
  usernameRace: { httpStatus: 400, body: 'fastify-error', message: 'Error:  the username is already used' },
  // emailRequiredForSignup path: checked in SignupApiService itself, plain strings (no 'Error: ' prefix);
  // username/password format are not validated until /api/signup-pending. Success there is a bare 204.
  pendingDuplicatedUsername: { httpStatus: 400, body: 'fastify-error', message: 'DUPLICATED_USERNAME' },
  pendingUsedUsername: { httpStatus: 400, body: 'fastify-error', message: 'USED_USERNAME' },
  pendingDeniedUsername: { httpStatus: 400, body: 'fastify-error', message: 'DENIED_USERNAME' }, // preserved username
  // Bare 400, empty body: email required but missing/not a string, or email not available (validateEmailForAccount);
  // registration closed and invitationCode missing / unknown / already used / expired / pending (30 min) / verified.
  badEmailOrInvitation: { httpStatus: 400, body: 'empty' },
  // Captcha failure (any provider): 400, fastify error body; message is the CaptchaError's toString(),
  // e.g. 'CaptchaError: hcaptcha-failed: no response provided'.
  captchaFailed: { httpStatus: 400, body: 'fastify-error' },
  // /api/signup-pending: code older than 30 min. The inner FastifyReplyError('EXPIRED') is re-wrapped via
  // err.toString(), hence the prefix. Unknown code / other failures -> 400 with message = that error's toString().
  signupPendingExpired: { httpStatus: 400, body: 'fastify-error', message: 'Error: EXPIRED' },
} as const satisfies Record<string, MisskeySignupErrorDef>;
// Signup success: 200 MeDetailed (includeSecrets) plus `token`; with email verification: 204 empty body.
