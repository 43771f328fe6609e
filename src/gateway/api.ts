/** The /api/<endpoint> pipeline: token → user, permission, rate limit, TypeBox validation, handler, Misskey-shaped answer. */
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { Config } from '../config/index.js';
import type { Mailboxes } from '../actors/index.js';
import type { Store, UserRecord } from '../store/index.js';
import { ApiError, commonErrors, flockErrors, internalError } from './errors.js';
import { callContext, RawJson, WrittenJson, type Endpoint, type EndpointResult } from './endpoint.js';
import { BodyTooLargeError, readBody, RequestAbortedError, send, sendPreflight, type ResponseState } from './http.js';
import { RateLimiter } from './ratelimit.js';
import { logger } from '../log/index.js';
import { createReadCaches, JsonBytes, type ReadCaches } from '../render/index.js';

const log = logger('gateway');
let requestSeq = 0;

interface Compiled {
  ep: Endpoint;
  check: TypeCheck<TSchema>;
  /** Names of params whose schema is a string (kept raw when they come from a GET query). */
  stringParams: Set<string>;
  /** Top-level defaults, applied without walking the schema on every call. */
  defaults: [string, unknown][];
}

export interface ApiDeps {
  config: Config;
  store: Store;
  mailboxes: Mailboxes;
}

/** Builds the request handler for `/api/*` over a set of endpoints. */
export function createApiHandler(deps: ApiDeps, endpoints: Endpoint[], inflight: { count: number }) {
  const table = new Map<string, Compiled>();
  for (const ep of endpoints) {
    const props = (ep.params as { properties?: Record<string, TSchema> }).properties ?? {};
    const stringParams = new Set(Object.keys(props).filter((k) => props[k]!.type === 'string'));
    const defaults = Object.entries(props).filter(([, s]) => s.default !== undefined).map(([k, s]) => [k, s.default] as [string, unknown]);
    table.set(ep.name, { ep, check: TypeCompiler.Compile(ep.params), stringParams, defaults });
  }
  const limiter = new RateLimiter();
  const output = new JsonBytes();
  const context = { ...deps, caches: createReadCaches(deps.store, deps.config.readCacheEntries) };
  deps.mailboxes.onChanged((changed) => {
    for (const id of changed.notes) context.caches.notes.forget(id);
    for (const id of changed.users) context.caches.users.forget(id);
    for (const token of changed.tokens) context.caches.tokens.forget(token);
    // the next read in this event turn must not re-cache a snapshot from before these commits
    deps.store.env.resetReadTxn();
  });
  let draining = false;

  return {
    limiter,
    /** From now on, answer 503 and close the connection (requests arriving on kept-alive sockets during shutdown). */
    startDraining() {
      draining = true;
    },
    handle(res: HttpResponse, req: HttpRequest): void {
      const method = req.getMethod();
      if (method === 'options') {
        sendPreflight(res);
        return;
      }
      const state: ResponseState = { aborted: false, done: false };
      res.onAborted(() => {
        state.aborted = true;
        state.onAbort?.();
      });
      if (draining) {
        const busy = new ApiError(flockErrors.overloaded);
        send(res, state, busy.status, busy.body(), { 'Retry-After': '5' }, undefined, true);
        return;
      }
      const name = req.getUrl().slice(5);
      const reqId = (++requestSeq).toString(36);
      if (log.isLevelEnabled('debug')) log.debug({ reqId, method, endpoint: name }, 'request');
      const authorization = req.getHeader('authorization');
      const ip = Buffer.from(res.getRemoteAddressAsText()).toString();
      const compiled = table.get(name);
      if (compiled === undefined) {
        fail(res, state, new ApiError(commonErrors.unknownApiEndpoint), reqId);
        return;
      }
      if (method === 'get') {
        if (!compiled.ep.allowGet) {
          fail(res, state, new ApiError(flockErrors.methodNotAllowed), reqId);
          return;
        }
        let params: Record<string, unknown>;
        try {
          params = queryParams(req.getQuery() ?? '', compiled.stringParams);
        } catch (err) {
          fail(res, state, err, reqId);
          return;
        }
        inflight.count++;
        run(compiled, params, authorization, ip, reqId, res, state, true).finally(() => inflight.count--);
        return;
      }
      if (method !== 'post') {
        fail(res, state, new ApiError(flockErrors.methodNotAllowed), reqId);
        return;
      }
      inflight.count++;
      readBody(res, state, deps.config.bodyLimit)
        .then((body) => {
          let params: unknown = {};
          if (body.length > 0) {
            try {
              params = JSON.parse(body);
            } catch {
              throw new ApiError(flockErrors.invalidJson, { param: '#', reason: 'body is not valid JSON' });
            }
          }
          return run(compiled, params, authorization, ip, reqId, res, state, false);
        })
        .catch((err: unknown) => {
          if (err instanceof RequestAbortedError) return;
          fail(res, state, err instanceof BodyTooLargeError ? new ApiError(flockErrors.bodyTooLarge) : err, reqId);
        })
        .finally(() => inflight.count--);
    },
  };

  async function run(compiled: Compiled, params: unknown, authorization: string, ip: string, reqId: string, res: HttpResponse, state: ResponseState, isGet: boolean): Promise<void> {
    const { ep, check } = compiled;
    let rateHeaders: Record<string, string> | undefined;
    try {
      if (params === null || typeof params !== 'object' || Array.isArray(params)) {
        throw new ApiError(commonErrors.invalidParam, { param: '#', reason: 'must be object' });
      }
      const body = params as Record<string, unknown>;
      let token: string | null = null;
      if (authorization.startsWith('Bearer ')) token = authorization.slice(7);
      else if (body.i !== undefined && body.i !== null) {
        if (typeof body.i !== 'string') throw new ApiError(flockErrors.invalidToken);
        token = body.i;
      }
      const user = token === null ? null : authenticate(context.caches, token);
      if (ep.requireCredential && user === null) throw new ApiError(commonErrors.credentialRequired);
      if (ep.limit !== undefined && deps.config.rateLimits) {
        const decision = limiter.check(ep.name, user?.id ?? ip, ep.limit);
        rateHeaders = decision.headers;
        if (!decision.allowed) {
          throw new ApiError(commonErrors.rateLimitExceeded, decision.info, { ...decision.headers, 'Retry-After': String(decision.retryAfter) });
        }
      }
      const withDefaults: Record<string, unknown> = { ...body };
      delete withDefaults.i;
      for (const [key, value] of compiled.defaults) if (withDefaults[key] === undefined) withDefaults[key] = value;
      if (!check.Check(withDefaults)) {
        const first = check.Errors(withDefaults).First();
        throw new ApiError(commonErrors.invalidParam, { param: '#' + (first?.path ?? ''), reason: first?.message ?? 'invalid' });
      }
      const result = await ep.handler(withDefaults, callContext(context, ep, user, token, ip));
      const headers = isGet && ep.cacheSec !== undefined && user === null ? { ...rateHeaders, 'Cache-Control': `public, max-age=${ep.cacheSec}` } : rateHeaders;
      respond(res, state, result, output, headers);
    } catch (err) {
      fail(res, state, err, reqId, rateHeaders);
    }
  }
}

function authenticate(caches: ReadCaches, token: string): UserRecord {
  const record = caches.tokens.get(token);
  const user = record === undefined ? undefined : caches.users.get(record.userId);
  if (user === undefined) throw new ApiError(commonErrors.authenticationFailed);
  return user;
}

function respond(res: HttpResponse, state: ResponseState, result: EndpointResult, output: JsonBytes, headers?: Record<string, string>): void {
  if (result === null || result === undefined) send(res, state, 204, null, headers);
  else if (result instanceof RawJson) send(res, state, 200, result.text, headers);
  else if (result instanceof WrittenJson) {
    if (state.aborted || state.done) return;
    output.reset();
    result.write(output);
    send(res, state, 200, output.bytes(), headers);
  }
  else send(res, state, 200, JSON.stringify(result), headers);
}

/** Answers an error in Misskey's shape; anything unexpected is logged and answered as INTERNAL_ERROR. */
export function fail(res: HttpResponse, state: ResponseState, err: unknown, reqId: string, extraHeaders?: Record<string, string>): void {
  const apiError = err instanceof ApiError ? err : internalError(err);
  if (!(err instanceof ApiError) || apiError.status >= 500) log.error({ err, reqId }, 'request failed');
  else if (log.isLevelEnabled('debug')) log.debug({ reqId, code: apiError.def.code }, 'request refused');
  const headers: Record<string, string> = { ...extraHeaders, ...apiError.headers };
  if (apiError.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="Misskey", error="invalid_token"';
  else if (apiError.status === 400) headers['WWW-Authenticate'] = 'Bearer realm="Misskey", error="invalid_request"';
  send(res, state, apiError.status, apiError.body(), headers);
}

/** GET params: strings stay strings; numbers, booleans, arrays and objects are JSON-decoded as Misskey does (failing that: its cast error). */
function queryParams(query: string, stringParams: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    if (key === 'i' || stringParams.has(key)) {
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
