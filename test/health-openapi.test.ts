/** GET /healthz, and /api.json: an OpenAPI 3 document listing every endpoint with its params schema. */
import t from 'tap';
import { api, http, type Server, startServer } from './helpers/server.js';

let server: Server;

t.before(async () => {
  server = await startServer();
});

/** Endpoints the Misskey clients need that Flock serves (each must be documented and routed). */
const EXPECTED = [
  'signup',
  'signin',
  'signin-flow',
  'i/revoke-token',
  'meta',
  'i',
  'i/update',
  'users/show',
  'users/notes',
  'users/followers',
  'users/following',
  'users/relation',
  'following/create',
  'following/delete',
  'following/requests/list',
  'following/requests/accept',
  'following/requests/reject',
  'notes/create',
  'notes/show',
  'notes/delete',
  'notes/unrenote',
  'notes/show-partial-bulk',
  'notes/timeline',
  'notes/local-timeline',
  'notes/global-timeline',
  'notes/hybrid-timeline',
  'notes/mentions',
  'notes/reactions/create',
  'notes/reactions/delete',
  'notes/reactions',
];

t.test('GET /healthz → 200 {ok: true}', async (t) => {
  const res = await http(server.url, '/healthz');
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type') ?? '', /^application\/json/);
  t.equal(res.body?.ok, true);
});

/** Finds a key anywhere in a JSON schema (through anyOf/oneOf/allOf). */
function findKeyword(schema: unknown, key: string): unknown[] {
  if (schema === null || typeof schema !== 'object') return [];
  const out: unknown[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (k === key) out.push(v);
    if (v !== null && typeof v === 'object') out.push(...findKeyword(v, key));
  }
  return out;
}

t.test('GET /api.json is an OpenAPI 3 document with every endpoint and its params', async (t) => {
  const res = await http(server.url, '/api.json');
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const doc = res.body;
  t.match(doc?.openapi, /^3\./, 'openapi 3.x');
  t.type(doc?.info?.title, 'string');
  const paths = (doc?.paths ?? {}) as Record<string, Record<string, any>>;
  for (const name of EXPECTED) {
    const op = paths['/' + name]?.post;
    t.ok(op, `/${name} is documented as POST`);
    const schema = op?.requestBody?.content?.['application/json']?.schema;
    t.equal(schema?.type, 'object', `/${name} has an object params schema`);
  }
  const create = paths['/notes/create']?.post?.requestBody?.content?.['application/json']?.schema;
  const text = create?.properties?.text;
  t.ok(text, 'notes/create documents `text`');
  t.ok(findKeyword(text, 'maxLength').includes(3000), 'text has maxLength 3000');
  t.ok(
    findKeyword(create?.properties?.visibility, 'const').length +
      findKeyword(create?.properties?.visibility, 'enum').length >
      0,
    'visibility lists its values',
  );
  const limit = paths['/users/notes']?.post?.requestBody?.content?.['application/json']?.schema?.properties?.limit;
  t.match(limit, { minimum: 1, maximum: 100, default: 10 }, 'paging limit 1..100, default 10');
  const show = paths['/notes/show']?.post;
  t.ok(
    show?.requestBody?.content?.['application/json']?.schema?.required?.includes('noteId'),
    'notes/show requires noteId',
  );
  t.ok(show?.responses?.['400'], 'notes/show documents its 400 errors');
  const reactionsGet = paths['/notes/reactions']?.get;
  t.ok(reactionsGet, 'notes/reactions (allowGet) is documented for GET too');
});

t.test('every documented endpoint is routed (none answers UNKNOWN_API_ENDPOINT)', async (t) => {
  const doc = (await http(server.url, '/api.json')).body;
  const names = Object.keys(doc?.paths ?? {}).map((p) => p.slice(1));
  t.ok(names.length >= EXPECTED.length, `${names.length} endpoints documented`);
  for (const name of names) {
    const res = await api(server.url, name, {});
    t.not(res.body?.error?.code, 'UNKNOWN_API_ENDPOINT', `${name} is routed`);
    t.ok(
      res.status < 500,
      `${name} does not fail with ${res.status} on empty params: ${res.status >= 500 ? res.text.slice(0, 200) : ''}`,
    );
  }
});
