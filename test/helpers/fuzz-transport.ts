/**
 * Malformed transport around a real endpoint: bad percent-encoding and very long paths, hostile query
 * strings on GET endpoints, odd content types, bodies that are not JSON objects, truncated JSON, invalid
 * UTF-8, duplicate keys, bodies sent in chunks, and methods the routes do not serve. The sweep sends every
 * variant once; random cases pick among them.
 */
import type { EndpointSpec, FuzzCase, Transport, TransportContext } from './fuzz-inputs.js';
import { ATTACKER_TOKEN, BAD_QUERIES } from './fuzz-values.js';

type Case = Omit<FuzzCase, 'n'>;

/** The transport variants of one kind, each a function of the endpoint it wraps. */
type Variants = ((ep: EndpointSpec) => Case)[];

function variants({ rng: r, getEndpoints, validBody }: TransportContext, sweep: boolean): Record<string, Variants> {
  // the sweep sends every variant as the attacker; random cases are anonymous half the time
  const who = () => (sweep || r.chance(0.5) ? 'attacker' : 'anonymous') as FuzzCase['auth'];
  const headers = (auth: FuzzCase['auth'], json = true): Record<string, string> => ({
    ...(json ? { 'Content-Type': 'application/json' } : {}),
    ...(auth === 'attacker' ? { Authorization: 'Bearer ' + ATTACKER_TOKEN } : {}),
  });
  const long = () => r.int(2000, 20000);
  const post =
    (
      kind: string,
      body: (ep: EndpointSpec) => string | Uint8Array | undefined,
      contentType = 'application/json',
      extra: Partial<Case> = {},
    ) =>
    (ep: EndpointSpec): Case => {
      const auth = who();
      const h = headers(auth, false);
      if (contentType !== '') h['Content-Type'] = contentType;
      return {
        kind: `${kind}:/api/${ep.name}`,
        method: 'POST',
        path: '/api/' + ep.name,
        headers: h,
        body: body(ep),
        auth,
        ...extra,
      };
    };
  // a crashing route must get a GET (the only method it serves); the sweep sends every path that way
  const path =
    (route: string, p: (ep: EndpointSpec) => string) =>
    (ep: EndpointSpec): Case => {
      const auth = who();
      return {
        kind: `bad-path:${route}`,
        method: sweep || r.chance(0.5) ? 'GET' : 'POST',
        path: p(ep),
        headers: headers(auth),
        auth,
      };
    };
  return {
    'bad-path': [
      path('/identicon/*', () => '/identicon/%ZZ'),
      path('/identicon/*', () => '/identicon/%E0%A4%A'),
      path('/identicon/*', () => '/identicon/%F0%9F%98'),
      path('/identicon/*', () => '/identicon/' + 'a'.repeat(long())),
      path('/identicon/*', () => '/identicon/%00%2F..%2F..'),
      path('/api/*', () => '/api/%ZZ'),
      path('/api/*', () => '/api/notes/%E0%A4%A'),
      path('/api/*', () => '/api/' + 'a'.repeat(long())),
      path('/api/*', () => '/api/__proto__'),
      path('/api/*', () => '/api/constructor'),
      path('/api/*', () => '/api/toString'),
      path('/api/*', (ep) => `/api/${ep.name}%00`),
      path('/api/*', (ep) => `/api/${ep.name}/`),
      path('/api/*', (ep) => `/api//${ep.name}`),
      path('/api/*', (ep) => `/api/${ep.name.toUpperCase()}`),
      path('/api/*', (ep) => '/api/' + encodeURIComponent(ep.name)),
      path('/*', () => '/%ZZ'),
      path('/*', () => '/' + 'b'.repeat(long())),
      path('/*', () => '/healthz%00'),
      path('/*', () => '/api.json/%ZZ'),
    ],
    // every hostile query string on every GET endpoint (in the sweep), alone or paired with another
    'bad-query': BAD_QUERIES.flatMap((query) =>
      getEndpoints.map((target) => (): Case => {
        const auth = who();
        const path = `/api/${target.name}?${query}${!sweep && r.chance(0.5) ? '&' + r.pick(BAD_QUERIES) : ''}`;
        return { kind: `bad-query:/api/${target.name}`, method: 'GET', path, headers: headers(auth, false), auth };
      }),
    ),
    'content-type': [
      post('content-type', validBody, 'text/plain'),
      post('content-type', () => 'noteId=abc&userId=def&i=x', 'application/x-www-form-urlencoded'),
      post('content-type', validBody, 'application/x-www-form-urlencoded'),
      post(
        'content-type',
        () => '--xyz\r\nContent-Disposition: form-data; name="i"\r\n\r\n\x00\xff garbage\r\n--xy',
        'multipart/form-data; boundary=xyz',
      ),
      post('content-type', () => 'garbage without a boundary', 'multipart/form-data'),
      post('content-type', validBody, 'application/json; charset=utf-16'),
      post('content-type', validBody, ''),
      post('content-type', () => '\x00\x01\x02', 'application/octet-stream'),
      post('content-type', (ep) => '\ufeff' + validBody(ep)),
      post('empty-body', () => undefined),
    ],
    'not-object': ['[]', '[{}]', '"text"', '42', 'null', 'true', '1e309', '', ' ', '\n\n', '{}garbage']
      .map((text) => post('not-object', () => text))
      .concat(post('not-object', (ep) => `[${validBody(ep)}]`)),
    'truncated-json': [
      post('truncated-json', (ep) => {
        const text = validBody(ep);
        return text.slice(0, r.int(1, Math.max(1, text.length - 1)));
      }),
    ],
    // overlong, surrogate, out-of-range and cut-short UTF-8 sequences inside the last string of a valid body
    'invalid-utf8': [
      [0xff, 0xfe],
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ].map((bad) =>
      post('invalid-utf8', (ep) => {
        const text = validBody(ep);
        const cut = Math.max(1, text.lastIndexOf('"'));
        return new Uint8Array(
          Buffer.concat([Buffer.from(text.slice(0, cut)), Buffer.from(bad), Buffer.from(text.slice(cut))]),
        );
      }),
    ),
    // the same key twice, once valid and once an object carrying __proto__, in either order
    'duplicate-keys': [
      post('duplicate-keys', (ep) => {
        const params = JSON.parse(validBody(ep)) as Record<string, unknown>;
        const key = Object.keys(params)[0] ?? 'i';
        const pair = [
          `${JSON.stringify(key)}:${JSON.stringify(params[key] ?? 'x')}`,
          `${JSON.stringify(key)}:{"__proto__":{"isAdmin":true}}`,
        ];
        return `{${(r.chance(0.5) ? pair : pair.reverse()).join(',')}}`;
      }),
    ],
    // padded past one read so the server assembles the body from several chunks
    chunked: [
      post('chunked', (ep) => validBody(ep) + ' '.repeat(r.int(0, 70_000)), 'application/json', { chunked: true }),
    ],
    // only standard methods: uWS itself drops the connection on others (PROPFIND, FOO) before Flock sees them
    method: ['PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'].flatMap((method) =>
      [
        ['/api/*', (ep: EndpointSpec) => '/api/' + ep.name],
        ['/api/*', () => '/api/nope'],
        ['/healthz', () => '/healthz'],
        ['/api.json', () => '/api.json'],
        ['/identicon/*', () => '/identicon/abc'],
        ['/*', () => '/'],
        ['/*', () => '/nope'],
      ].map(([route, p]) => (ep: EndpointSpec): Case => {
        const auth = who();
        const body = method === 'HEAD' || r.chance(0.5) ? undefined : validBody(ep);
        return {
          kind: `method:${method} ${route}`,
          method,
          path: (p as (ep: EndpointSpec) => string)(ep),
          headers: headers(auth),
          body,
          auth,
        };
      }),
    ),
  };
}

export const transport: Transport = {
  /** Every variant once, each around a random endpoint. */
  sweep: (ctx, endpoints) =>
    Object.values(variants(ctx, true))
      .flat()
      .map((build) => () => build(ctx.rng.pick(endpoints))),
  /** A random kind, then a random variant of it, around `ep`. */
  random: (ctx, ep) => ctx.rng.pick(ctx.rng.pick(Object.values(variants(ctx, false))))(ep),
};
