/**
 * An endpoint is data plus a small handler: a TypeBox schema for params (which validates, types the
 * handler and feeds /api.json), meta (auth, permission kind, rate limit, GET, errors), and a function.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { Command, DomainError, Failures, Mailboxes, Op, Results } from '../actors/index.js';
import type { Config } from '../config/index.js';
import { type Viewer, viewerFor } from '../domain/index.js';
import type { RateLimit, ReceivedFile } from '../gateway/index.js';
import type { NoteQueries, RoleQueries } from '../queries/index.js';
import type { Store, UserRecord } from '../store/index.js';
import { ApiError, internalError, type MisskeyErrorDef } from './errors.js';
import type { RawJson, WrittenJson } from './render/json-sink.js';
import { NoteRenderer } from './render/note-renderer.js';

/** An endpoint answers pre-rendered JSON as is, or writes it into the response buffer (render/json-sink.ts). */
export { RawJson, WrittenJson } from './render/json-sink.js';

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
  /** The file part of a multipart call (endpoints that take one), on disk in a temporary file the pipeline removes after the call unless the handler moved it. */
  upload: ReceivedFile | null;
  /** The store key (hash) of the token this call came with, or null. */
  tokenKey: string | null;
  ip: string;
  config: Config;
  store: Store;
  mailboxes: Mailboxes;
  /** The shared reads, over decoded notes and users shared across requests (always current). */
  queries: NoteQueries;
  /** What roles give each user: policies, moderator and administrator (cached, current). */
  roles: RoleQueries;
  /** Federation's lookups of remote actors (absent when federation is not wired). */
  remote: RemoteLookup | undefined;
  /** The outbox's delivery queue (absent when federation is not wired). */
  deliveries: DeliveryQueue | undefined;
  /** Checks webhook URLs (absent when federation is not wired: no hook URL is accepted). */
  hookUrls: HookUrlCheck | undefined;
  /** Who is calling, for visibility rules (null when signed out); one per call, so follow checks are memoised across it. */
  viewer(): Viewer | null;
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
  /** Only moderators (or administrators, or root) may call it; checked before the handler runs. */
  requireModerator?: boolean;
  /** Only administrators (or root) may call it; checked before the handler runs. */
  requireAdmin?: boolean;
  /** Only callers whose policies allow it (or administrators) may call it, e.g. canSearchUsers; checked before the handler runs. */
  requiredRolePolicy?: string;
  /** Misskey permission kind, e.g. 'write:notes'. */
  kind?: string;
  /** Only a native (16-char) token may call it. */
  secure?: boolean;
  allowGet?: boolean;
  /** Takes a multipart/form-data body with a file part (its other fields are the params). */
  multipart?: boolean;
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

/** What every call shares: the config, the store, the mailboxes and the shared reads. */
/** Why a remote lookup failed, in the terms Misskey's ap/show answers with. */
export type RemoteLookupFailure = 'blocked' | 'invalid' | 'failed' | 'notActor';

/**
 * Finding remote actors, as federation does it (main.ts passes federation's; the Misskey API does not
 * import federation). Resolves to the user id of the stored remote user.
 */
export interface RemoteLookup {
  /** The actor at an ActivityPub URI. */
  userByUri(uri: string): Promise<{ ok: true; userId: string } | { ok: false; reason: RemoteLookupFailure }>;
  /** The actor or note at an ActivityPub URI (ap/show): the stored one, or fetched and stored. */
  objectByUri(
    uri: string,
  ): Promise<{ ok: true; type: 'User' | 'Note'; id: string } | { ok: false; reason: RemoteLookupFailure }>;
  /** `username@host` through WebFinger. */
  userByAcct(
    username: string,
    host: string,
  ): Promise<{ ok: true; userId: string } | { ok: false; reason: RemoteLookupFailure }>;
  /** The ActivityStreams document at a URI of another server, as fetched (signed by the instance actor): ap/get. */
  documentByUri(
    uri: string,
  ): Promise<
    { ok: true; document: Record<string, unknown> } | { ok: false; reason: Exclude<RemoteLookupFailure, 'notActor'> }
  >;
  /** Downloads a file of another server into `path`, at most `maxBytes`; rejects when it cannot, leaving no file. */
  download(url: string, path: string, maxBytes: number): Promise<DownloadedFile>;
}

/** The outbox as operators see it (main.ts passes federation's outbox). */
export interface DeliveryQueue {
  stats(): {
    pending: number;
    inFlight: number;
    delayed: number;
    delivered: number;
    failed: number;
    hosts: [string, number][];
  };
  /** Makes the delayed deliveries (to `host`, or all) due now; answers how many requests moved. */
  retryNow(host: string | null): Promise<number>;
  /** Gives up the waiting deliveries to `host`; answers how many. */
  drop(host: string): Promise<number>;
}

/** Whether a webhook's URL may be called (main.ts passes federation's, which uses its address guard). */
export interface HookUrlCheck {
  /** Why the URL may not be a hook's, or null when it may. */
  refusal(url: string): Promise<string | null>;
}

/** A file `RemoteLookup.download` wrote: its size, and the URL that answered (after redirects). */
export interface DownloadedFile {
  size: number;
  url: string;
}

export interface CallDeps {
  config: Config;
  store: Store;
  mailboxes: Mailboxes;
  queries: NoteQueries;
  roles: RoleQueries;
  /** Absent: remote users are only what is already stored. */
  remote?: RemoteLookup;
  /** Absent: nothing is delivered. */
  deliveries?: DeliveryQueue;
  /** Absent: no webhook URL is accepted. */
  hookUrls?: HookUrlCheck;
}

/** The CallContext of one request: one object, whose viewer and renderer are made on first use. */
class Call {
  readonly config: Config;
  readonly store: Store;
  readonly mailboxes: Mailboxes;
  readonly queries: NoteQueries;
  readonly roles: RoleQueries;
  readonly remote: RemoteLookup | undefined;
  readonly deliveries: DeliveryQueue | undefined;
  readonly hookUrls: HookUrlCheck | undefined;
  private callViewer: Viewer | null | undefined;
  private callRenderer: NoteRenderer | undefined;

  constructor(
    deps: CallDeps,
    private readonly ep: Endpoint,
    readonly user: UserRecord | null,
    readonly tokenKey: string | null,
    readonly ip: string,
    readonly upload: ReceivedFile | null,
  ) {
    this.config = deps.config;
    this.store = deps.store;
    this.mailboxes = deps.mailboxes;
    this.queries = deps.queries;
    this.roles = deps.roles;
    this.remote = deps.remote;
    this.deliveries = deps.deliveries;
    this.hookUrls = deps.hookUrls;
  }

  viewer(): Viewer | null {
    if (this.callViewer === undefined)
      this.callViewer = this.user === null ? null : viewerFor(this.store, this.user.id);
    return this.callViewer;
  }

  renderer(): NoteRenderer {
    if (this.callRenderer === undefined)
      this.callRenderer = new NoteRenderer(this.store, this.viewer(), this.queries.caches);
    return this.callRenderer;
  }

  async call<K extends Op>(command: Extract<Command, { op: K }>, address: string): Promise<Results[K]> {
    // a full mailbox rejects: the API answers it as SERVER_BUSY (apiErrorOf)
    const reply = await this.mailboxes.send(command, address);
    // lmdb-js keeps this thread's read snapshot until a timer turn, and several worker replies can
    // arrive in one turn: read what the command committed, not a snapshot from before it
    this.store.resetReadSnapshot();
    if (reply.ok) return reply.value as Results[K];
    const def = reply.error === 'internal' ? undefined : this.ep.errors?.[reply.error];
    if (def === undefined) throw internalError(new Error(`Unmapped domain error ${reply.error} in ${this.ep.name}`));
    throw new ApiError(def);
  }
}

/** The CallContext of one request. */
export const callContext = (
  deps: CallDeps,
  ep: Endpoint,
  user: UserRecord | null,
  tokenKey: string | null,
  ip: string,
  upload: ReceivedFile | null = null,
): CallContext<DomainFailure> => new Call(deps, ep, user, tokenKey, ip, upload) as CallContext<DomainFailure>;
