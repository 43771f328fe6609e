/** The /api/<endpoint> pipeline: token → user, permission, rate limit, TypeBox validation, handler, Misskey-shaped answer. */
import type { TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import {
  BodyTooLargeError,
  type Closer,
  closerOf,
  type Exchange,
  exceedsJsonDepth,
  FileTooLargeError,
  MAX_JSON_DEPTH,
  MalformedMultipartError,
  type Multipart,
  type RateLimit,
  RateLimiter,
  type ReceivedFile,
  RequestAbortedError,
  type RequestHead,
} from '../gateway/index.js';
import { logger } from '../log/index.js';
import type { ReadCaches } from '../queries/index.js';
import { tokenKey, type UserRecord } from '../store/index.js';
import { ActiveDays } from './active-days.js';
import { type CallDeps, callContext, type Endpoint, type EndpointResult, RawJson, WrittenJson } from './endpoint.js';
import { ApiError, apiErrorOf, commonErrors, endpointErrors, flockErrors } from './errors.js';
import { JsonBytes } from './render/json-sink.js';

const log = logger('gateway');
let requestSeq = 0;

interface Compiled {
  ep: Endpoint;
  check: TypeCheck<TSchema>;
  /** Copies params keeping only the keys the schema declares. */
  close: Closer;
  /** Names of params whose schema is a string (kept raw when they come from a GET query). */
  stringParams: Set<string>;
  /** Names of params whose schema is a boolean or number (JSON-decoded when they come from a multipart field). */
  castParams: Set<string>;
  /** Top-level defaults, applied without walking the schema on every call. */
  defaults: [string, unknown][];
}

/** Longest token accepted; anything longer cannot be one Flock issued. */
const MAX_TOKEN_LENGTH = 256;

/** Builds the request handler for `/api/*` over a set of endpoints. */
export function createApiHandler(deps: CallDeps, endpoints: Endpoint[]) {
  const table = new Map<string, Compiled>();
  const activeDays = new ActiveDays(deps.mailboxes);
  for (const ep of endpoints) {
    const props = (ep.params as { properties?: Record<string, TSchema> }).properties ?? {};
    const stringParams = new Set(Object.keys(props).filter((k) => props[k]!.type === 'string'));
    const castParams = new Set(
      Object.keys(props).filter((k) => ['boolean', 'number', 'integer'].includes(props[k]!.type as string)),
    );
    const defaults = Object.entries(props)
      .filter(([, s]) => s.default !== undefined)
      .map(([k, s]) => [k, s.default] as [string, unknown]);
    table.set(ep.name, {
      ep,
      check: TypeCompiler.Compile(ep.params),
      close: closerOf(ep.params),
      stringParams,
      castParams,
      defaults,
    });
  }
  const limiter = new RateLimiter();
  const output = new JsonBytes();
  let draining = false;

  return {
    limiter,
    /** From now on, answer 503 and close the connection (requests arriving on kept-alive sockets during shutdown). */
    startDraining() {
      draining = true;
    },
    /** Answers one /api/ request; the promise (which never rejects) settles once it is answered. */
    handle(exchange: Exchange, req: RequestHead): Promise<void> | undefined {
      if (exchange.method === 'options') {
        exchange.sendPreflight();
        return undefined;
      }
      exchange.watchAborts();
      const reqId = (++requestSeq).toString(36);
      try {
        return route(exchange, req, reqId);
      } catch (err) {
        // nothing that runs before an endpoint's own error handling may take the process down
        fail(exchange, err, reqId);
        return undefined;
      }
    },
  };

  function route(exchange: Exchange, req: RequestHead, reqId: string): Promise<void> | undefined {
    const method = exchange.method;
    if (draining) {
      const busy = new ApiError(flockErrors.overloaded);
      exchange.send(busy.status, busy.body(), { 'Retry-After': '5' }, undefined, true);
      return undefined;
    }
    const name = req.getUrl().slice(5);
    if (log.isLevelEnabled('debug')) log.debug({ reqId, method, endpoint: name }, 'request');
    const authorization = req.getHeader('authorization');
    const ip = exchange.remoteAddress();
    const compiled = table.get(name);
    if (compiled === undefined) {
      fail(exchange, new ApiError(commonErrors.unknownApiEndpoint), reqId);
      return undefined;
    }
    if (method === 'get') {
      if (!compiled.ep.allowGet) {
        fail(exchange, new ApiError(flockErrors.getNotAllowed), reqId, { Allow: 'POST, OPTIONS' });
        return undefined;
      }
      const params = queryParams(req.getQuery() ?? '', compiled.stringParams);
      return run(compiled, params, authorization, ip, reqId, exchange, true);
    }
    if (method !== 'post') {
      fail(exchange, new ApiError(flockErrors.methodNotAllowed), reqId, {
        Allow: compiled.ep.allowGet ? 'GET, POST, OPTIONS' : 'POST, OPTIONS',
      });
      return undefined;
    }
    const contentType = req.getHeader('content-type');
    if (compiled.ep.multipart && contentType.toLowerCase().startsWith('multipart/form-data'))
      return receiveUpload(compiled, contentType, authorization, ip, reqId, exchange);
    return exchange
      .readBody(deps.config.bodyLimit)
      .then((body) => run(compiled, parseBody(body), authorization, ip, reqId, exchange, false))
      .catch((err: unknown) => {
        if (err instanceof RequestAbortedError) return;
        fail(exchange, err instanceof BodyTooLargeError ? new ApiError(flockErrors.bodyTooLarge) : err, reqId);
      });
  }

  /** A multipart call: the file part streamed to a temporary file, the other fields as params; the file is gone once the call is answered unless the handler kept it. */
  function receiveUpload(
    compiled: Compiled,
    contentType: string,
    authorization: string,
    ip: string,
    reqId: string,
    exchange: Exchange,
  ): Promise<void> {
    const { store } = deps;
    return exchange
      .receiveMultipart(contentType, {
        path: store.blobs.uploadPath(),
        fileBytes: (fieldsBefore) => maxFileBytes(authorization, fieldsBefore),
        fieldBytes: UPLOAD_FIELD_BYTES,
        fields: UPLOAD_FIELDS,
      })
      .then(
        async (upload: Multipart) => {
          try {
            const params = formParams(upload.fields, compiled.castParams);
            await run(compiled, params, authorization, ip, reqId, exchange, false, upload.file);
          } catch (err) {
            failCall(exchange, err, reqId);
          } finally {
            if (upload.file !== null) await store.blobs.discard(upload.file.path);
          }
        },
        (err: unknown) => {
          if (err instanceof RequestAbortedError) return;
          // answered at once; what the client still sends is dropped, not stored
          const refusal =
            err instanceof FileTooLargeError
              ? new ApiError(endpointErrors['drive/files/create'].maxFileSizeExceeded)
              : err instanceof MalformedMultipartError
                ? new ApiError(commonErrors.invalidParam, { param: '#', reason: 'malformed multipart body' })
                : apiErrorOf(err);
          exchange.send(refusal.status, refusal.body());
        },
      );
  }

  /**
   * The caller's maxFileSizeMb policy, when the token came before the file (misskey-js sends `i`
   * first) or in the Authorization header; otherwise the base policy (the call fails authentication
   * afterwards anyway if the token is bad).
   */
  function maxFileBytes(authorization: string, fieldsBefore: Readonly<Record<string, string>>): number {
    let userId: string | null = null;
    try {
      const token = tokenOf(authorization, fieldsBefore);
      if (token !== null) userId = authenticate(deps.queries.caches, token).id;
    } catch {
      // not signed in (yet): the base limit
    }
    const policies = userId === null ? deps.roles.basePolicies() : deps.roles.policiesOf(userId);
    return policies.maxFileSizeMb * 1024 * 1024;
  }

  async function run(
    compiled: Compiled,
    params: unknown,
    authorization: string,
    ip: string,
    reqId: string,
    exchange: Exchange,
    isGet: boolean,
    upload: ReceivedFile | null = null,
  ): Promise<void> {
    const { ep, check } = compiled;
    let rateHeaders: Record<string, string> | undefined;
    try {
      if (params === null || typeof params !== 'object' || Array.isArray(params)) {
        throw new ApiError(commonErrors.invalidParam, { param: '#', reason: 'must be object' });
      }
      const body = params as Record<string, unknown>;
      // endpoints used before one has a token ignore any token sent, so a token cannot move their limits
      const token = ep.preAuth === undefined ? tokenOf(authorization, body) : null;
      const user = token === null ? null : authenticate(deps.queries.caches, token);
      // a suspended account's tokens stop working at once (its state is a set lookup on this thread)
      if (user !== null && deps.queries.caches.accounts.isSuspended(user.id))
        throw new ApiError(commonErrors.yourAccountSuspended);
      if (ep.requireCredential && user === null) throw new ApiError(commonErrors.credentialRequired);
      if (user !== null) activeDays.seen(user.id);
      if (ep.limit !== undefined && deps.config.rateLimits) {
        // the caller's rateLimitFactor policy stretches the window and the interval; 0 lifts the limit
        const factor = user === null ? 1 : deps.roles.policiesOf(user.id).rateLimitFactor;
        if (factor > 0)
          rateHeaders = limit(ep, ep.name, user?.id ?? ip, factor === 1 ? ep.limit : scaled(ep.limit, factor));
      }
      if (ep.requireModerator === true || ep.requireAdmin === true) {
        if (user === null) throw new ApiError(commonErrors.credentialRequired);
        checkRole(ep, user.id);
      }
      if (ep.requiredRolePolicy !== undefined && user !== null) checkPolicy(ep.requiredRolePolicy, user.id);
      const closed = compiled.close(body) as Record<string, unknown>;
      for (const [key, value] of compiled.defaults) if (closed[key] === undefined) closed[key] = value;
      if (!check.Check(closed)) {
        const first = check.Errors(closed).First();
        throw new ApiError(commonErrors.invalidParam, {
          param: '#' + (first?.path ?? ''),
          reason: first?.message ?? 'invalid',
        });
      }
      if (ep.preAuth !== undefined && deps.config.rateLimits) {
        rateHeaders = limit(ep, ep.name + '\u0000account', ep.preAuth.target(closed), ep.preAuth.perAccount);
      }
      const result = await ep.handler(
        closed,
        callContext(deps, ep, user, token === null ? null : tokenKey(token), ip, upload),
      );
      const headers =
        isGet && ep.cacheSec !== undefined && user === null
          ? { ...rateHeaders, 'Cache-Control': `public, max-age=${ep.cacheSec}` }
          : rateHeaders;
      respond(exchange, result, output, headers);
    } catch (err) {
      if (ep.preAuth === undefined) failCall(exchange, err, reqId, rateHeaders);
      else fail(exchange, err, reqId, rateHeaders);
    }
  }

  /** Misskey's role gates: an admin-only endpoint refuses non-administrators, a moderators' one non-moderators (root passes both). */
  function checkRole(ep: Endpoint, userId: string): void {
    const roles = deps.roles.of(userId);
    if (ep.requireAdmin === true && !roles.isAdministrator) throw new ApiError(commonErrors.roleAdminRequired);
    if (ep.requireModerator === true && !roles.isModerator) throw new ApiError(commonErrors.roleModeratorRequired);
  }

  /** Misskey's policy gate: a policy the caller's roles turn off refuses the call, unless they administer (root passes). */
  function checkPolicy(name: string, userId: string): void {
    const roles = deps.roles.of(userId);
    if (roles.isAdministrator) return;
    // a policy Flock does not know (canUpdateContent) is never off
    if ((roles.policies as unknown as Record<string, unknown>)[name] === false)
      throw new ApiError(commonErrors.rolePolicyRequired);
  }

  /** Counts a call against `limit` for `who`; answers the X-RateLimit headers, or throws the endpoint's limit error. */
  function limit(ep: Endpoint, name: string, who: string, rateLimit: RateLimit): Record<string, string> {
    const decision = limiter.check(name, who, rateLimit);
    if (!decision.allowed) {
      throw new ApiError(ep.limitError ?? commonErrors.rateLimitExceeded, decision.info, {
        ...decision.headers,
        'Retry-After': String(decision.retryAfter),
      });
    }
    return decision.headers;
  }
}

/** A rate limit with its window and interval stretched by `factor`. */
function scaled(limit: RateLimit, factor: number): RateLimit {
  return {
    max: limit.max,
    duration: limit.duration === undefined ? undefined : limit.duration * factor,
    minInterval: limit.minInterval === undefined ? undefined : limit.minInterval * factor,
  };
}

/** The request's token (Authorization: Bearer, else body `i`), or null; one that cannot be a token fails authentication. */
function tokenOf(authorization: string, body: Record<string, unknown>): string | null {
  let token: string | null = null;
  if (authorization.startsWith('Bearer ')) token = authorization.slice(7);
  else if (body.i !== undefined && body.i !== null) {
    if (typeof body.i !== 'string') throw new ApiError(flockErrors.invalidToken);
    token = body.i;
  }
  if (token !== null && (token.length === 0 || token.length > MAX_TOKEN_LENGTH))
    throw new ApiError(commonErrors.authenticationFailed);
  return token;
}

/** A POST body as a value: empty is `{}`; too deep or not JSON is INVALID_PARAM. */
function parseBody(body: string): unknown {
  if (body.length === 0) return {};
  if (exceedsJsonDepth(body))
    throw new ApiError(flockErrors.jsonTooDeep, { param: '#', reason: `nesting deeper than ${MAX_JSON_DEPTH}` });
  try {
    return JSON.parse(body);
  } catch {
    throw new ApiError(flockErrors.invalidJson, { param: '#', reason: 'body is not valid JSON' });
  }
}

function authenticate(caches: ReadCaches, token: string): UserRecord {
  const record = caches.tokens.get(tokenKey(token));
  const user = record === undefined ? undefined : caches.users.get(record.userId);
  if (user === undefined) throw new ApiError(commonErrors.authenticationFailed);
  return user;
}

function respond(
  exchange: Exchange,
  result: EndpointResult,
  output: JsonBytes,
  headers?: Record<string, string>,
): void {
  if (result === null || result === undefined) exchange.send(204, null, headers);
  else if (result instanceof RawJson) exchange.send(200, result.text, headers);
  else if (result instanceof WrittenJson) {
    if (exchange.aborted || exchange.done) return;
    output.reset();
    result.write(output);
    exchange.send(200, output.bytes(), headers);
  } else exchange.send(200, JSON.stringify(result), headers);
}

/** Answers an error in Misskey's shape; anything unexpected is logged and answered as INTERNAL_ERROR. */
export function fail(exchange: Exchange, err: unknown, reqId: string, extraHeaders?: Record<string, string>): void {
  answerError(exchange, apiErrorOf(err), err, reqId, extraHeaders);
}

/** Like `fail`, for an error an endpoint call ended with: it also carries Misskey's `WWW-Authenticate` challenge. */
function failCall(exchange: Exchange, err: unknown, reqId: string, extraHeaders?: Record<string, string>): void {
  const apiError = apiErrorOf(err);
  const challenge = challengeOf(apiError);
  answerError(
    exchange,
    apiError,
    err,
    reqId,
    challenge === undefined ? extraHeaders : { ...extraHeaders, 'WWW-Authenticate': challenge },
  );
}

function answerError(
  exchange: Exchange,
  apiError: ApiError,
  err: unknown,
  reqId: string,
  extraHeaders: Record<string, string> | undefined,
): void {
  if (!(err instanceof ApiError) || apiError.status >= 500) log.error({ err, reqId }, 'request failed');
  else if (log.isLevelEnabled('debug')) log.debug({ reqId, code: apiError.def.code }, 'request refused');
  exchange.send(apiError.status, apiError.body(), { ...extraHeaders, ...apiError.headers });
}

/**
 * The `WWW-Authenticate` value Misskey's ApiCallService sends with an endpoint call's error (RFC 6750):
 * a refused token is `invalid_token`; any other 401 names the realm only; a rate limit sends none; a
 * client error is `invalid_request` whatever its status; an app token without the permission is
 * `insufficient_scope`; server errors and other permission errors send none. Errors answered before an
 * endpoint is called (unknown endpoint, method, body) and the sign-up and sign-in routes send none, as
 * Misskey's are not answered by ApiCallService either.
 */
function challengeOf(apiError: ApiError): string | undefined {
  const { def } = apiError;
  // a quote or backslash would end the quoted string early
  const description = def.message.replace(/["\\]/g, '');
  if (def.code === commonErrors.authenticationFailed.code)
    return `Bearer realm="Misskey", error="invalid_token", error_description="${description}"`;
  if (apiError.status === 401) return 'Bearer realm="Misskey"';
  if (def.code === commonErrors.rateLimitExceeded.code) return undefined;
  const kind = def.kind ?? 'client';
  if (kind === 'client') return `Bearer realm="Misskey", error="invalid_request", error_description="${description}"`;
  if (def.code === commonErrors.permissionDenied.code)
    return `Bearer realm="Misskey", error="insufficient_scope", error_description="${description}"`;
  return undefined;
}

/** A multipart call's text fields: at most this many, each at most this long (comments run to 512 characters). */
const UPLOAD_FIELDS = 32;
const UPLOAD_FIELD_BYTES = 64 * 1024;

/** Multipart fields are strings; as in Misskey, those of boolean and number params are JSON-decoded (failing that: its cast error). */
function formParams(fields: Record<string, string>, castParams: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const key in fields) {
    const value = fields[key]!;
    if (!castParams.has(key)) {
      out[key] = value;
      continue;
    }
    try {
      out[key] = JSON.parse(value);
    } catch {
      throw new ApiError(commonErrors.invalidParamCast, { param: key, reason: 'cannot cast to the expected type' });
    }
  }
  return out;
}

/** GET params: strings stay strings; numbers, booleans, arrays and objects are JSON-decoded as Misskey does (failing that: its cast error). */
function queryParams(query: string, stringParams: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of new URLSearchParams(query)) {
    if (key === 'i' || stringParams.has(key)) {
      out[key] = value;
      continue;
    }
    if (exceedsJsonDepth(value))
      throw new ApiError(flockErrors.jsonTooDeep, { param: key, reason: `nesting deeper than ${MAX_JSON_DEPTH}` });
    try {
      out[key] = JSON.parse(value);
    } catch {
      throw new ApiError(commonErrors.invalidParamCast, { param: key, reason: 'cannot cast to the expected type' });
    }
  }
  return out;
}
