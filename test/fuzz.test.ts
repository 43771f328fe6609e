/**
 * A seeded fuzz of the HTTP surface: a few thousand hostile requests (every endpoint in /api.json with
 * wrong-typed, overlong, edge-number, far-date, prototype-named, mass-assignment, deeply nested and odd-unicode
 * params; bad paths, queries, content types, bodies and methods), sent anonymously, with garbage tokens and
 * as an "attacker" account. Nothing may answer 5xx (but a 503 with Retry-After), every 4xx is a Misskey JSON
 * error, the server survives, ordinary reads still work, and a "victim" account's data is untouched.
 *
 * The seed is printed; FLOCK_FUZZ_SEED=<n> replays a run, FLOCK_FUZZ_CASES=<n,m> sends only those cases of
 * it, FLOCK_FUZZ_REQUESTS=<n> changes how many are sent.
 */
import t from 'tap';
import { type EndpointSpec, Generator, type Targets } from './helpers/fuzz-inputs.js';
import { FuzzRun, probe } from './helpers/fuzz-runner.js';
import { transport } from './helpers/fuzz-transport.js';
import { type JsonSchema, Rng } from './helpers/fuzz-values.js';
import { type Account, type ApiResponse, api, http, post, signup, startServer } from './helpers/server.js';

const SEED =
  process.env.FLOCK_FUZZ_SEED !== undefined ? Number(process.env.FLOCK_FUZZ_SEED) : Math.floor(Math.random() * 2 ** 32);
const TOTAL = Number(process.env.FLOCK_FUZZ_REQUESTS ?? 3000);
/** Unless FLOCK_FUZZ_REQUESTS says otherwise, the random cases after the sweep give every endpoint about this many. */
const RANDOM_PER_ENDPOINT = 15;
const ONLY = process.env.FLOCK_FUZZ_CASES ? new Set(process.env.FLOCK_FUZZ_CASES.split(',').map(Number)) : undefined;
if (!Number.isInteger(SEED) || !Number.isInteger(TOTAL))
  throw new Error(
    `Expected integer FLOCK_FUZZ_SEED and FLOCK_FUZZ_REQUESTS, got ${process.env.FLOCK_FUZZ_SEED} and ${process.env.FLOCK_FUZZ_REQUESTS}`,
  );
/** tap gives the file 120 s (.taprc): the fuzz stops starting requests after this, leaving time for set-up and the checks. */
const FUZZ_BUDGET_MS = 45_000;
const PASSWORD = 'correct horse battery staple';

/** What the victim's profile must keep: everything the victim owns that no one else may change (not followersCount). */
const PROFILE_FIELDS = [
  'id',
  'username',
  'host',
  'name',
  'description',
  'location',
  'birthday',
  'lang',
  'fields',
  'pinnedNoteIds',
  'avatarUrl',
  'bannerUrl',
  'uri',
  'url',
  'createdAt',
  'isLocked',
  'isBot',
  'isCat',
  'isAdmin',
  'isModerator',
  'isSuspended',
  'isSilenced',
  'isDeleted',
  'alsoKnownAs',
  'movedTo',
  'notesCount',
  'followingCount',
  'followingVisibility',
  'followersVisibility',
  'publicReactions',
];
const SETTINGS_FIELDS = [
  'mutedWords',
  'hardMutedWords',
  'mutedInstances',
  'isExplorable',
  'hideOnlineStatus',
  'carefulBot',
  'autoAcceptFollowed',
  'noCrawle',
  'preventAiLearning',
];

let run: FuzzRun;
let victim: Account;
let attacker: Account;
let targets: Targets;
let before: Awaited<ReturnType<typeof victimState>>;

const url = () => run.server.url;
const pick = (o: any, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o?.[k]]));
/** The body of a 2xx answer, or the status and an excerpt otherwise (so a diff shows what broke). */
const value = (r: ApiResponse) =>
  r.status >= 200 && r.status < 300 ? r.body : { status: r.status, text: r.text.slice(0, 300) };
/** A list answer mapped through `f`, or the failed answer as it came (so the diff shows it). */
const list = (r: ApiResponse, f: (item: any) => unknown) => {
  const v = value(r);
  return Array.isArray(v) ? v.map(f) : v;
};
/** The parts of a note its author owns; counters (reactions, renotes, replies, votes) may legitimately move. */
const noteView = (n: any) => ({
  id: n?.id,
  userId: n?.userId,
  text: n?.text,
  cw: n?.cw,
  visibility: n?.visibility,
  localOnly: n?.localOnly,
  replyId: n?.replyId,
  renoteId: n?.renoteId,
  visibleUserIds: n?.visibleUserIds,
  fileIds: n?.fileIds,
  poll: n?.poll && {
    choices: n.poll.choices?.map((c: any) => c.text),
    multiple: n.poll.multiple,
    expiresAt: n.poll.expiresAt,
  },
});

/** Everything about the victim an attacker must never change, read through the victim's own token. */
async function victimState() {
  const u = url();
  // stored URLs carry the port of the server that wrote them, and a restart after a crash gets a new one
  const normalized = <T>(x: T): T => JSON.parse(JSON.stringify(x).replace(/127\.0\.0\.1(:|%3A)\d+/g, '<host>'));
  const bearer = await http(u, '/api/i', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + victim.token },
    body: '{}',
  });
  return normalized({
    profile: pick(value(await api(u, 'users/show', { userId: victim.id })), PROFILE_FIELDS),
    usernameResolvesTo: value(await api(u, 'users/show', { username: 'victim' }))?.id,
    me: pick(value(await api(u, 'i', {}, victim.token)), [...PROFILE_FIELDS, ...SETTINGS_FIELDS]),
    bearerTokenWorks: bearer.status,
    notes: list(await api(u, 'users/notes', { userId: victim.id, limit: 100 }, victim.token), noteView),
    shown: await Promise.all(
      targets.victimNoteIds.map(async (noteId) =>
        noteView(value(await api(u, 'notes/show', { noteId }, victim.token))),
      ),
    ),
    following: list(await api(u, 'users/following', { userId: victim.id, limit: 100 }), (f) => f.followeeId),
    registry: value(await api(u, 'i/registry/get-all', { scope: ['fuzz'] }, victim.token)),
  });
}

t.before(async () => {
  const server = await startServer();
  const u = server.url;
  // the first account is root, who may delete anyone's note: neither victim nor attacker may be it
  await signup(u, 'firstaccount', PASSWORD);
  [victim, attacker] = await Promise.all([signup(u, 'victim', PASSWORD), signup(u, 'attacker', PASSWORD)]);
  const friend = await signup(u, 'friend', PASSWORD);
  const profile = {
    name: 'Victim Name',
    description: "The victim's own words",
    location: 'Victimville',
    birthday: '1990-01-02',
    lang: 'en',
    fields: [{ name: 'site', value: 'https://victim.example' }],
  };
  if ((await api(u, 'i/update', profile, victim.token)).status !== 200)
    throw new Error("Expected the victim's i/update to succeed");
  const victimNotes = [
    await post(u, victim.token, { text: "the victim's public note", cw: 'victim cw' }),
    await post(u, victim.token, { text: "the victim's followers-only note", visibility: 'followers' }),
    await post(u, victim.token, {
      text: "the victim's poll",
      poll: { choices: ['yes', 'no'], expiredAfter: 86_400_000 },
    }),
  ];
  if ((await api(u, 'following/create', { userId: friend.id }, victim.token)).status !== 200)
    throw new Error('Expected the victim to follow friend');
  if (
    (await api(u, 'i/registry/set', { scope: ['fuzz'], key: 'secret', value: { kept: true } }, victim.token)).status !==
    204
  )
    throw new Error('Expected a registry write');
  const attackerNote = await post(u, attacker.token, "the attacker's note");

  const doc = (await http(u, '/api.json')).body as { paths: Record<string, { post: any; get?: unknown }> };
  const endpoints: EndpointSpec[] = Object.entries(doc.paths).map(([path, ops]) => ({
    name: path.slice(1),
    params: ops.post.requestBody.content['application/json'].schema as JsonSchema,
    allowGet: ops.get !== undefined,
  }));
  targets = {
    endpoints,
    victimId: victim.id,
    attackerId: attacker.id,
    friendId: friend.id,
    victimNoteIds: victimNotes.map((n) => n.id),
    attackerNoteIds: [attackerNote.id],
    visibleNoteIds: [victimNotes[0].id, victimNotes[2].id],
  };
  run = new FuzzRun(server, attacker.token, {
    total: TOTAL,
    concurrency: 8,
    requestTimeoutMs: 5000,
    maxCrashes: 3,
    only: ONLY,
    endpoints: new Set(endpoints.map((e) => e.name)),
    replayHint: `FLOCK_FUZZ_SEED=${SEED}`,
    attacker: { username: 'attacker', password: PASSWORD },
  });
  before = await victimState();
});

t.test(
  `hostile requests get no 5xx, no unparseable JSON and only Misskey-shaped 4xx, and do not kill the server (seed ${SEED})`,
  async (t) => {
    t.comment(`seed ${SEED} (replay with FLOCK_FUZZ_SEED=${SEED})`);
    const started = Date.now();
    const generator = new Generator(new Rng(SEED), targets, transport);
    t.comment(
      `the first ${generator.sweepLength} cases sweep every transport variant, and every param with every hostile class that fits it, as the attacker; the rest are random`,
    );
    // the sweep grows with every endpoint and param: the random cases after it still reach every endpoint
    const total =
      process.env.FLOCK_FUZZ_REQUESTS === undefined
        ? Math.max(TOTAL, generator.sweepLength + RANDOM_PER_ENDPOINT * targets.endpoints.length)
        : TOTAL;
    await run.run(() => generator.next(), started + FUZZ_BUDGET_MS, total);
    const statuses = [...run.statuses]
      .sort()
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    t.comment(
      `sent ${run.sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s: ${statuses}; server deaths: ${run.crashes}`,
    );
    if (run.blocked.size > 0)
      t.comment(`input classes skipped after they killed the server: ${[...run.blocked].join(', ')}`);
    // one assertion per cause, naming every route it showed on, with an example from each of the first few
    const failures = [...run.failures.values()].sort((a, b) => a.cause.localeCompare(b.cause));
    for (const f of failures) {
      const routes = [...f.routes].map(
        ([where, r]) =>
          `${where}: ${r.count}× (${[...r.kinds].slice(0, 4).join(', ')}${r.kinds.size > 4 ? ', …' : ''})`,
      );
      t.fail(`${f.cause} — ${f.count}× on ${f.routes.size} route(s)`, {
        routes: routes.join('\n'),
        examples: f.examples.join('\n\n'),
      });
    }
    if (failures.length === 0) t.pass(`${run.sent} requests, no failure`);
    if (ONLY === undefined) {
      const missed = targets.endpoints.map((e) => e.name).filter((name) => (run.perEndpoint.get(name) ?? 0) < 10);
      t.same(missed, [], 'every endpoint got at least 10 requests');
    }
  },
);

t.test('the server is still up and healthy afterwards', async (t) => {
  t.equal(await probe(url()), 'ok', 'GET /healthz answers 200');
  const res = await http(url(), '/healthz');
  t.equal(res.body?.ok, true, `healthz reports ok: ${res.text.slice(0, 200)}`);
});

t.test('ordinary reads still work afterwards (nothing stored by the fuzz breaks them)', async (t) => {
  const token = await attackerToken();
  // every note the fuzz aimed at, rendered for the attacker (whose reactions and votes show in it) and for everyone
  const noteIds = [...targets.victimNoteIds, ...targets.attackerNoteIds];
  const reads: [string, Record<string, unknown>, string | undefined][] = [
    ['meta', {}, undefined],
    ['notes/local-timeline', {}, undefined],
    ['notes/local-timeline', {}, token],
    ['notes/global-timeline', {}, undefined],
    ['notes/timeline', {}, token],
    ['notes/hybrid-timeline', {}, token],
    ['notes/mentions', {}, token],
    ['i', {}, token],
    ['users/notes', { userId: attacker.id }, undefined],
    ['users/notes', { userId: victim.id }, token],
    ['users/show', { userId: attacker.id }, undefined],
    ['users/followers', { userId: victim.id }, undefined],
    ['users/search', { query: 'a' }, undefined],
    ['i/favorites', {}, token],
    ...noteIds.map((noteId): [string, Record<string, unknown>, string] => ['notes/show', { noteId }, token]),
    ...noteIds.map((noteId): [string, Record<string, unknown>, undefined] => [
      'notes/reactions',
      { noteId },
      undefined,
    ]),
  ];
  const broken: string[] = [];
  for (const [endpoint, params, as] of reads) {
    const res = await api(url(), endpoint, params, as);
    const who = as ? ' (as attacker)' : '';
    // a note the fuzz deleted is gone, which is fine; anything else must answer 2xx with JSON that parses
    if (res.body?.error?.code === 'NO_SUCH_NOTE') continue;
    if (res.status < 200 || res.status > 299)
      broken.push(`${endpoint} ${JSON.stringify(params)}${who} → ${res.status} ${res.text.slice(0, 300)}`);
    else if (res.text !== '' && res.body === null)
      broken.push(
        `${endpoint} ${JSON.stringify(params)}${who} → ${res.status} with a body that is not JSON: …${res.text.slice(-200)}`,
      );
  }
  t.same(broken, [], 'every ordinary read answers 2xx with parseable JSON');
});

t.test("the victim's profile, notes, follows, registry and tokens are unchanged", async (t) => {
  const after = await victimState();
  t.same(after.profile, before.profile, 'users/show of the victim');
  t.equal(after.usernameResolvesTo, victim.id, '@victim still resolves to the victim');
  t.same(after.me, before.me, "the victim's own view (i), through the victim's token");
  t.equal(after.bearerTokenWorks, 200, "the victim's token still works as a Bearer token");
  t.same(after.notes, before.notes, 'users/notes of the victim');
  t.same(after.shown, before.shown, 'notes/show of each victim note');
  t.same(after.following, before.following, 'whom the victim follows');
  t.same(after.registry, before.registry, "the victim's registry scope");
});

t.test("the attacker cannot rewrite its own identity or pin other users' notes", async (t) => {
  const token = await attackerToken();
  const shown = value(await api(url(), 'users/show', { userId: attacker.id }));
  t.match(
    pick(shown, ['id', 'username', 'host']),
    { id: attacker.id, username: 'attacker', host: null },
    'users/show of the attacker: id, username, host',
  );
  t.equal(
    value(await api(url(), 'users/show', { username: 'attacker' }))?.id,
    attacker.id,
    '@attacker still resolves to the attacker',
  );
  const me = value(await api(url(), 'i', {}, token));
  t.match(
    pick(me, ['id', 'username', 'host', 'isAdmin', 'isModerator']),
    { id: attacker.id, username: 'attacker', host: null, isAdmin: false, isModerator: false },
    "the attacker's i",
  );
  const foreign: string[] = [];
  for (const noteId of (me?.pinnedNoteIds ?? []) as string[]) {
    const note = value(await api(url(), 'notes/show', { noteId }));
    if (note?.userId !== attacker.id) foreign.push(`${noteId} (by ${note?.userId ?? JSON.stringify(note)})`);
  }
  t.same(foreign, [], "pinnedNoteIds holds only the attacker's own notes");
});

/** The attacker's current token (the fuzz may have revoked the first one); signs in again if it no longer works. */
async function attackerToken(): Promise<string> {
  if ((await api(url(), 'i', {}, run.token)).status === 200) return run.token;
  const res = await api(url(), 'signin', { username: 'attacker', password: PASSWORD });
  return typeof res.body?.token === 'string' ? res.body.token : run.token;
}
