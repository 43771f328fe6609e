/**
 * The cases the fuzzer sends. A sweep comes first: every transport variant once (fuzz-transport.ts), and
 * every param with every hostile class that fits its type, once, as the attacker, the rest of the body
 * minimal, valid and aimed at real users and notes, so each probe reaches as deep as it can. Random cases
 * follow (several params at once, every auth mode, GET queries, transport again). A case that names a note
 * carries read-backs of it. Generation never looks at responses: a seed gives the same cases on every run.
 */
import {
  ATTACKER_TOKEN,
  BAD_QUERIES,
  Body,
  container,
  DATE_PARAM,
  deepArray,
  deepObject,
  encodeQuery,
  FAR_DATE_STRINGS,
  FAR_DATES,
  GARBAGE_AUTH,
  GARBAGE_I,
  getPath,
  type JsonSchema,
  type Mutation,
  mutationsFor,
  NUMBER_EDGES,
  type Path,
  PROTO_NAMES,
  paramPaths,
  RAW_NUMBERS,
  type Rng,
  schemaAt,
  setOwn,
  singular,
  typeOf,
  UNICODE,
  WRONG_TYPES,
} from './fuzz-values.js';

export interface EndpointSpec {
  name: string;
  params: JsonSchema;
  allowGet: boolean;
}

/** The ids the generator aims at: real ones make valid-ish requests reach the handlers. */
export interface Targets {
  endpoints: EndpointSpec[];
  victimId: string;
  attackerId: string;
  friendId: string;
  victimNoteIds: string[];
  attackerNoteIds: string[];
  /** Notes the attacker can see but not delete: what the sweep aims at, so every probe finds its target there. */
  visibleNoteIds: string[];
}
export type Auth = 'anonymous' | 'attacker' | 'garbage';

export interface TransportContext {
  rng: Rng;
  /** Endpoints that accept GET (the query-string cases go to them). */
  getEndpoints: EndpointSpec[];
  /** A valid JSON body for an endpoint. */
  validBody: (ep: EndpointSpec) => string;
}

/** The malformed-transport cases (fuzz-transport.ts): all of them once for the sweep, or one at random. */
export interface Transport {
  sweep(ctx: TransportContext, endpoints: EndpointSpec[]): (() => Omit<FuzzCase, 'n'>)[];
  random(ctx: TransportContext, ep: EndpointSpec): Omit<FuzzCase, 'n'>;
}

export interface FuzzCase {
  /** Position in the seed's sequence (FLOCK_FUZZ_CASES=n,m replays just those). */
  n: number;
  /** The input class; a class that killed the server is not generated again in the same run. */
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Send the body in several pieces (the server's multi-chunk read path). */
  chunked?: boolean;
  auth: Auth;
  /**
   * Sent after the case when it succeeds: reads of the note it touched, where a bad value it stored shows
   * (a later case may overwrite that value before anything else reads it).
   */
  readBack?: Omit<FuzzCase, 'n' | 'readBack'>[];
}

// ---------------------------------------------------------------------------------------------------------
// Whole-body probes

/** Keys a mass-assignment bug would copy into a stored record; the victim's ids make such a bug visible. */
const extraKeys = (t: Targets): Record<string, unknown> => ({
  id: t.victimId,
  userId: t.victimId,
  username: 'victim',
  host: 'evil.example',
  pinnedNoteIds: [t.victimNoteIds[0]],
  isAdmin: true,
  isModerator: true,
  uri: 'https://evil.example/users/victim',
  createdAt: '1970-01-01T00:00:00.000Z',
  notesCount: -1,
  followersCount: 1e9,
  token: 'AAAAAAAAAAAAAAAA',
  lite: '{}',
  name: 'pwned by fuzz',
});
/** Prototype names as top-level keys, with values that would matter if they were merged into an object. */
const protoKeys = (t: Targets): [string, unknown][] => [
  ['__proto__', { isAdmin: true, id: t.victimId }],
  ['constructor', { prototype: { isAdmin: true } }],
  ['toString', 1],
  ['hasOwnProperty', 'x'],
  ['valueOf', null],
];

// ---------------------------------------------------------------------------------------------------------
// Cases

/** One API probe of the sweep: a param and the class to put in it, or a whole-body class. */
interface SweepItem {
  ep: EndpointSpec;
  probe: { path: Path; mutation: Mutation } | 'extra-keys' | 'extra-keys-no-id' | 'proto-keys';
}

export class Generator {
  private n = 0;
  private sweep: (SweepItem | (() => Omit<FuzzCase, 'n'>))[] = [];
  private transportContext: TransportContext;
  private order: EndpointSpec[];
  private getEndpoints: EndpointSpec[];
  private apiCount = 0;
  private realIdsOnly = false;

  constructor(
    private rng: Rng,
    private t: Targets,
    private transport: Transport,
  ) {
    this.order = rng.shuffle([...t.endpoints].sort((a, b) => a.name.localeCompare(b.name)));
    this.getEndpoints = this.order.filter((e) => e.allowGet);
    this.transportContext = {
      rng,
      getEndpoints: this.getEndpoints,
      validBody: (ep) => JSON.stringify(this.validObject(ep.params, 0.15)),
    };
    this.sweep.push(...transport.sweep(this.transportContext, this.order));
    for (const ep of this.order) {
      // every mass-assignment key at once, and again without id/userId so they would land on the attacker's own record
      this.sweep.push({ ep, probe: 'extra-keys' }, { ep, probe: 'extra-keys-no-id' }, { ep, probe: 'proto-keys' });
      // an endpoint without params gets hostile values under a key it does not know
      const paths = paramPaths(ep.params);
      for (const path of paths.length > 0 ? paths : [['fuzz']]) {
        for (const mutation of mutationsFor(schemaAt(ep.params, path), String(path[path.length - 1])))
          this.sweep.push({ ep, probe: { path, mutation } });
      }
    }
    rng.shuffle(this.sweep);
  }

  /** How many cases the sweep takes before the random ones start. */
  get sweepLength(): number {
    return this.sweep.length;
  }

  /** The next case of the sequence. */
  next(): FuzzCase {
    const n = this.n++;
    if (n < this.sweep.length) {
      const item = this.sweep[n]!;
      return { n, ...(typeof item === 'function' ? item() : this.sweepCase(item)) };
    }
    const roll = this.rng.next();
    // endpoints in turn, so every one gets its share of the random cases too
    const ep = this.order[this.apiCount++ % this.order.length]!;
    if (roll < 0.7) return { n, ...this.apiCase(ep) };
    if (roll < 0.8 && this.getEndpoints.length > 0) return { n, ...this.getCase(this.rng.pick(this.getEndpoints)) };
    return { n, ...this.transport.random(this.transportContext, ep) };
  }

  private sweepCase({ ep, probe }: SweepItem): Omit<FuzzCase, 'n'> {
    const body = new Body();
    // sweep bodies aim only at real users and at notes the attacker can see, so each probe reaches the handler's deepest path
    this.realIdsOnly = true;
    const params = this.validObject(ep.params, 0, ep.name);
    this.realIdsOnly = false;
    let kind: string;
    if (probe === 'extra-keys' || probe === 'extra-keys-no-id') {
      kind = probe;
      const extra = extraKeys(this.t);
      for (const key of Object.keys(extra))
        if (probe === 'extra-keys' || (key !== 'id' && key !== 'userId')) setOwn(params, key, extra[key]);
    } else if (probe === 'proto-keys') {
      kind = 'proto-key';
      for (const [key, value] of protoKeys(this.t)) setOwn(params, key, value);
    } else {
      kind = probe.mutation;
      const value = this.hostileValue(
        probe.mutation,
        schemaAt(ep.params, probe.path),
        params,
        probe.path,
        body,
        200_000,
        true,
      );
      this.setPath(params, ep.params, probe.path, value);
    }
    return this.post(ep, `${ep.name}:${kind}`, params, body, 'attacker');
  }

  /** A random case: a valid-ish body with one hostile class in 1–3 places (or none: 10% stay valid), any auth. */
  private apiCase(ep: EndpointSpec): Omit<FuzzCase, 'n'> {
    const { params, mutation, body } = this.randomParams(ep, 200_000);
    return this.post(ep, `${ep.name}:${mutation}`, params, body, this.auth());
  }

  private post(
    ep: EndpointSpec,
    kind: string,
    params: Record<string, unknown>,
    body: Body,
    auth: Auth,
  ): Omit<FuzzCase, 'n'> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      ...this.applyAuth(auth, params, 'body'),
    };
    const noteId = params.noteId;
    const known = typeof noteId === 'string' && [...this.t.victimNoteIds, ...this.t.attackerNoteIds].includes(noteId);
    const read = (endpoint: string, as: Auth): Omit<FuzzCase, 'n' | 'readBack'> => ({
      kind: `${kind} read-back`,
      method: 'POST',
      path: '/api/' + endpoint,
      auth: as,
      body: JSON.stringify({ noteId }),
      headers: {
        'Content-Type': 'application/json',
        ...(as === 'attacker' ? { Authorization: 'Bearer ' + ATTACKER_TOKEN } : {}),
      },
    });
    const readBack =
      known && ep.name !== 'notes/show'
        ? [read('notes/show', 'attacker'), read('notes/reactions', 'anonymous')]
        : undefined;
    return { kind, method: 'POST', path: '/api/' + ep.name, headers, body: body.text(params), auth, readBack };
  }

  private randomParams(
    ep: EndpointSpec,
    maxBytes: number,
  ): { params: Record<string, unknown>; mutation: string; body: Body } {
    const r = this.rng;
    const body = new Body();
    const params = this.validObject(ep.params, 0.15, ep.name);
    const roll = r.next();
    if (roll < 0.1) return { params, mutation: 'valid', body };
    if (roll < 0.3) {
      // mass-assignment bait or prototype names: a few of them, at the top level or inside an object param
      const extra = extraKeys(this.t);
      const entries: [string, unknown][] = roll < 0.2 ? Object.entries(extra) : protoKeys(this.t);
      const chosen = entries.filter(() => r.chance(0.4));
      const objects = Object.keys(params).filter(
        (k) => params[k] !== null && typeof params[k] === 'object' && !Array.isArray(params[k]),
      );
      const into =
        roll >= 0.2 && objects.length > 0 && r.chance(0.4)
          ? (params[r.pick(objects)] as Record<string, unknown>)
          : params;
      for (const [key, value] of chosen.length > 0 ? chosen : [entries[0]!]) setOwn(into, key, value);
      return { params, mutation: roll < 0.2 ? 'extra-keys' : 'proto-key', body };
    }
    const paths = paramPaths(ep.params);
    const targets = paths.length > 0 ? paths : [['fuzz']];
    const first = r.pick(targets);
    const mutation = r.pick(mutationsFor(schemaAt(ep.params, first), String(first[first.length - 1])));
    // mostly one param: a second bad one is usually refused first and hides what the first would reach
    const count = r.chance(0.7) ? 1 : r.int(2, 3);
    for (let k = 0; k < count; k++) {
      const path = k === 0 ? first : r.pick(targets);
      this.setPath(
        params,
        ep.params,
        path,
        this.hostileValue(mutation, schemaAt(ep.params, path), params, path, body, maxBytes, false),
      );
    }
    return { params, mutation, body };
  }

  /** GET on an allowGet endpoint: the params in the query (non-strings JSON-encoded, as misskey-js does), plus hostile ones. */
  private getCase(ep: EndpointSpec): Omit<FuzzCase, 'n'> {
    // uWS drops a request whose head passes ~96 KB without answering, before Flock sees it: keep the URL well
    // under that (6 KB per overlong value is still far past every maxLength, and percent-encoding triples it)
    const { params, mutation, body } = this.randomParams(ep, 6_000);
    const auth = this.auth();
    const headers = this.applyAuth(auth, params, 'query');
    const query = Object.keys(params)
      .map(
        (k) =>
          `${encodeQuery(k)}=${encodeQuery(typeof params[k] === 'string' && !/^__FUZZ_RAW_/.test(params[k] as string) ? (params[k] as string) : body.text(params[k]))}`,
      )
      .join('&');
    const extra = this.rng.chance(0.5) ? '&' + this.rng.pick(BAD_QUERIES) : '';
    return {
      kind: `GET ${ep.name}:${mutation}`,
      method: 'GET',
      path: `/api/${ep.name}?${query}${extra}`,
      headers,
      auth,
    };
  }

  /** Random cases are mostly the attacker's: a credential endpoint refuses the others before looking at the params. */
  private auth(): Auth {
    const roll = this.rng.next();
    return roll < 0.1 ? 'anonymous' : roll < 0.25 ? 'garbage' : 'attacker';
  }

  /** Puts the claimed identity in the body (or query) `i` or in an Authorization header; answers the headers to add. */
  private applyAuth(auth: Auth, params: Record<string, unknown>, where: 'body' | 'query'): Record<string, string> {
    const r = this.rng;
    if (auth === 'anonymous') return {};
    const inHeader = r.chance(0.5);
    if (auth === 'attacker') {
      if (inHeader) return { Authorization: 'Bearer ' + ATTACKER_TOKEN };
      params.i = ATTACKER_TOKEN;
      return {};
    }
    if (inHeader) return { Authorization: r.pick(GARBAGE_AUTH) };
    params.i = where === 'query' ? r.pick(GARBAGE_I.filter((v) => typeof v === 'string')) : r.pick(GARBAGE_I);
    return {};
  }

  private hostileValue(
    mutation: Mutation,
    schema: JsonSchema,
    params: Record<string, unknown>,
    path: Path,
    body: Body,
    maxBytes: number,
    sweep: boolean,
  ): unknown {
    const r = this.rng;
    const depth = maxBytes < 10_000 ? 1000 : 3000;
    switch (mutation) {
      case 'wrong-type':
        return r.pick(WRONG_TYPES);
      case 'overlong': {
        // 10 KB to 200 KB of UTF-8, in 1-, 3- or 4-byte characters
        const [unit, bytes] = r.pick<[string, number]>([
          ['x', 1],
          ['€', 3],
          ['\ud83d\ude00', 4],
        ]);
        return unit.repeat(Math.floor(r.int(Math.min(10_000, maxBytes), maxBytes) / bytes));
      }
      case 'number-edge':
        return r.pick(NUMBER_EDGES);
      case 'raw-number':
        return body.raw(r.pick(RAW_NUMBERS));
      case 'far-date':
        return typeOf(schema) === 'string' ? r.pick(FAR_DATE_STRINGS) : sweep ? FAR_DATES[0] : r.pick(FAR_DATES);
      // the sweep's is `constructor`, the name most likely to find a plain-object lookup (table[name])
      case 'proto-value':
        return sweep ? 'constructor' : r.pick(PROTO_NAMES);
      case 'deep-array':
        return body.raw(deepArray(depth));
      case 'deep-object':
        return body.raw(deepObject(depth));
      case 'unicode': {
        const odd = r.pick(UNICODE);
        const current = getPath(params, path);
        return typeof current === 'string' && r.chance(0.5) ? current + odd : odd;
      }
    }
  }

  /** Sets a (possibly nested) param, first building valid parents where they are missing. */
  private setPath(root: Record<string, unknown>, schema: JsonSchema, path: Path, value: unknown): void {
    let obj = root as Record<string | number, unknown>;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i]!;
      const sub = container(schemaAt(schema, path.slice(0, i + 1)));
      if (obj[key] === null || typeof obj[key] !== 'object')
        obj[key] = sub.type === 'array' ? [] : this.valid(sub, String(key));
      obj = obj[key] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1]!;
    if (last === '__proto__') setOwn(obj as Record<string, unknown>, last, value);
    else obj[last] = value;
  }

  // -------------------------------------------------------------------------------------------------------
  // Valid values

  /** Required params (except those with a default, which the server fills in), and each optional one with probability `optional`. */
  validObject(schema: JsonSchema, optional: number, endpoint?: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const required = new Set(schema.required ?? []);
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      // notes/create refuses a note with nothing in it before anything else
      const needed =
        (required.has(key) && sub.default === undefined) || (endpoint === 'notes/create' && key === 'text');
      if (needed || this.rng.chance(optional)) out[key] = this.valid(sub, key);
    }
    return out;
  }

  /** A valid value for a param, aimed at the real accounts and notes when its name says what it is. */
  valid(schema: JsonSchema, name: string, depth = 0): unknown {
    const r = this.rng;
    if (schema.const !== undefined) return schema.const;
    if (schema.anyOf) {
      const nonNull = schema.anyOf.filter((s) => s.type !== 'null');
      return nonNull.length > 0 && (nonNull.length === schema.anyOf.length || r.chance(0.8))
        ? this.valid(r.pick(nonNull), name, depth)
        : null;
    }
    switch (schema.type) {
      case 'boolean':
        return r.chance(0.5);
      case 'integer':
      case 'number':
        return this.validNumber(schema, name);
      case 'string':
        return this.validString(schema, name);
      case 'array': {
        const count = Math.max(schema.minItems ?? 0, name === 'choices' ? 2 : r.int(0, 2));
        const item = singular(name);
        // distinct items (uniqueItems): a few spare draws, then as many as asked for
        const items = [
          ...new Set(
            Array.from({ length: count + 2 }, () => JSON.stringify(this.valid(schema.items ?? {}, item, depth + 1))),
          ),
        ];
        return items.slice(0, Math.min(count, schema.maxItems ?? count)).map((s) => JSON.parse(s));
      }
      case 'object':
        return depth > 3 ? {} : this.validObject(schema, 0.3);
      default:
        return r.pick<unknown>([{ a: 1 }, 'value', 42, [1, 'two'], null, true]);
    }
  }

  private validNumber(schema: JsonSchema, name: string): number {
    if (name === 'expiresAt') return 4_102_444_800_000; // 2100-01-01: valid, and not already expired
    if (name === 'expiredAfter') return 3_600_000;
    if (DATE_PARAM.test(name)) return 1_700_000_000_000 + this.rng.int(0, 1e9);
    const lo = schema.minimum ?? 0;
    return this.rng.int(lo, schema.maximum ?? lo + 3);
  }

  private validString(schema: JsonSchema, name: string): string {
    const r = this.rng;
    const t = this.t;
    if (schema.pattern === '^[a-zA-Z0-9]+$') {
      if (/^user/i.test(name))
        return r.pick([t.victimId, t.attackerId, t.friendId, ...(this.realIdsOnly ? [] : [r.word(16)])]);
      if (/note|reply|renote|since|until/i.test(name))
        return r.pick(this.realIdsOnly ? t.visibleNoteIds : [...t.victimNoteIds, ...t.attackerNoteIds, r.word(16)]);
      return r.word(16);
    }
    // registry scopes: the victim keeps a value in scope ['fuzz'], so attacks on that scope are checked
    if (schema.pattern === '^[a-zA-Z0-9_]+$') return r.pick(['fuzz', 'client']);
    if (schema.pattern?.startsWith('^\\w')) return 'fz' + r.word(8); // signup usernames
    if (schema.pattern?.includes('[0-9]{4}')) return '1999-12-31';
    if (schema.pattern?.startsWith('^[a-z]{2,3}')) return r.pick(['en', 'ja-JP']);
    if (schema.pattern?.includes('\\x00')) return r.pick(['example.com', 'fuzz']);
    const byName: Record<string, () => string> = {
      username: () => r.pick(['attacker', 'victim', 'friend', 'fz' + r.word(6)]),
      host: () => r.pick(['127.0.0.1', 'evil.example', 'localhost']),
      password: () => r.pick(['correct horse battery staple', r.word(12)]),
      reaction: () => r.pick(['👍', '❤', 'like', ':fuzz:', '🎉']),
      query: () => r.pick(['vic', '@victim', 'att', 'friend@127.0.0.1', 'a b']),
      token: () => r.word(16),
      endpoint: () => r.pick(t.endpoints).name,
      choice: () => 'choice ' + r.word(4),
      mutedWord: () => r.pick(['word', '/regex/i']),
    };
    const value = (byName[name] ?? (() => 'fuzz ' + r.word(6)))();
    return value.slice(0, schema.maxLength ?? value.length).padEnd(schema.minLength ?? 0, 'x');
  }
}
