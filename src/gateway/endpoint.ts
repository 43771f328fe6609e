/**
 * An endpoint is data plus a small handler: a TypeBox schema for params (which validates, types the
 * handler and feeds /api.json), meta (auth, permission kind, rate limit, GET, errors), and a function.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { Command, DomainError, Failures, Mailboxes, Op, Results } from '../actors/index.js';
import { MailboxFullError } from '../actors/index.js';
import type { Config } from '../config/index.js';
import { type JsonSink, NoteRenderer, type ReadCaches, viewerFor } from '../render/index.js';
import type { Store, UserRecord } from '../store/index.js';
import { ApiError, flockErrors, internalError, type MisskeyErrorDef } from './errors.js';

export interface RateLimit {
  /** Window length in ms. */
  duration?: number;
  /** Calls allowed per window. */
  max?: number;
  /** Least ms between two calls. */
  minInterval?: number;
}

/** Pre-rendered JSON, sent as is (timelines splice stored fragments instead of serialising). */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * JSON that `write` puts straight into the gateway's reused output buffer, as UTF-8, when the
 * response is sent (lists of notes: their stored fragments are copied as bytes, see render/json-sink.ts).
 * It runs synchronously just before the answer is written, so no other request can use the buffer in between.
 */
export class WrittenJson {
  constructor(readonly write: (out: JsonSink) => void) {}
}

export type EndpointResult = RawJson | WrittenJson | object | string | number | boolean | null | undefined;

/** A failure an actor answers a command with; 'internal' (the command threw) is always INTERNAL_ERROR. */
export type DomainFailure = DomainError;

/** Op K's failures that an endpoint mapping failures F leaves unanswered. */
type Unmapped<K extends Op, F extends DomainFailure> = Exclude<Failures[K], F>;

/** Nothing when every failure is mapped; otherwise a property no argument has, so the compiler names the failures. */
type MappedCheck<U> = [U] extends [never] ? unknown : { endpointErrorsLack: U };

/** The Misskey error answering each failure F, keyed by failure. */
type FailureErrors<F extends DomainFailure> = { readonly [K in F]: MisskeyErrorDef };

/** The context of a call to an endpoint whose `errors` map failures F. */
export interface CallContext<F extends DomainFailure = never> {
  user: UserRecord | null;
  /** Decoded notes and users shared across requests (always current). */
  caches: ReadCaches;
  /** The store key (hash) of the token this call came with, or null. */
  tokenKey: string | null;
  ip: string;
  config: Config;
  store: Store;
  mailboxes: Mailboxes;
  /** A renderer for this call's viewer. */
  renderer(): NoteRenderer;
  /**
   * Sends a command and returns its value, turning a domain failure into this endpoint's Misskey error.
   * It does not compile when the endpoint's `errors` leave a failure of the op unmapped: the address is
   * then refused, its expected type naming the failures.
   */
  call<K extends Op>(
    command: Extract<Command, { op: K }>,
    address: string & MappedCheck<Unmapped<K, F>>,
  ): Promise<Results[K]>;
}

export interface Endpoint<P extends TSchema = TSchema, F extends DomainFailure = DomainFailure> {
  name: string;
  description: string;
  params: P;
  /** Response schema for the OpenAPI document (omitted for 204 endpoints). */
  res?: TSchema;
  requireCredential: boolean;
  /** Misskey permission kind, e.g. 'write:notes'. */
  kind?: string;
  /** Only a native (16-char) token may call it. */
  secure?: boolean;
  allowGet?: boolean;
  cacheSec?: number;
  limit?: RateLimit;
  /**
   * Set on endpoints used before one has a token (sign-up, sign-in): any token sent is ignored, `limit`
   * counts per client IP, and `perAccount` counts per the account `target` names, from any address.
   */
  preAuth?: { target(params: Static<P>): string; perAccount: RateLimit };
  /** The error a refused call gets, when not RATE_LIMIT_EXCEEDED (sign-in answers TOO_MANY_AUTHENTICATION_FAILURES, as Misskey's does). */
  limitError?: MisskeyErrorDef;
  /** Domain failures the actors may answer with, mapped to this endpoint's Misskey errors (listed in /api.json too). */
  errors?: FailureErrors<F>;
  handler(params: Static<P>, ctx: CallContext<F>): Promise<EndpointResult> | EndpointResult;
}

/** Declares an endpoint with its params type inferred from the schema and its failures from `errors`. */
export const endpoint = <P extends TSchema, F extends DomainFailure = never>(def: Endpoint<P, F>): Endpoint<P, F> =>
  def;

/** The CallContext of one request. */
export function callContext(
  base: { config: Config; store: Store; mailboxes: Mailboxes; caches: ReadCaches },
  ep: Endpoint,
  user: UserRecord | null,
  tokenKey: string | null,
  ip: string,
): CallContext<DomainFailure> {
  let renderer: NoteRenderer | undefined;
  return {
    ...base,
    user,
    tokenKey,
    ip,
    renderer: () =>
      (renderer ??= new NoteRenderer(base.store, user === null ? null : viewerFor(base.store, user.id), base.caches)),
    async call(command, address) {
      let reply;
      try {
        reply = await base.mailboxes.send(command, address);
      } catch (err) {
        if (err instanceof MailboxFullError)
          throw new ApiError(flockErrors.overloaded, undefined, { 'Retry-After': '1' });
        throw err;
      }
      // lmdb-js keeps this thread's read snapshot until a timer turn, and several worker replies can
      // arrive in one turn: read what the command committed, not a snapshot from before it
      if (command.op !== 'timeline.page') base.store.resetReadSnapshot();
      if (reply.ok) return reply.value;
      const def = reply.error === 'internal' ? undefined : ep.errors?.[reply.error];
      if (def === undefined) throw internalError(new Error(`Unmapped domain error ${reply.error} in ${ep.name}`));
      throw new ApiError(def);
    },
  };
}
