/**
 * Parameters are closed sets: keys an endpoint does not declare never reach a record, whoever they
 * name; profile sizes are bounded; registry values come back exactly as they were sent.
 */
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { type Account, api, call, http, post, type Server, signup, startServer } from './helpers/server.js';

let server: Server;
let attacker: Account;
let victim: Account;

t.before(async () => {
  server = await startServer();
  attacker = await signup(server.url, 'mallory');
  victim = await signup(server.url, 'victim');
  await call(server.url, 'i/update', { name: 'Victim' }, victim.token);
});

t.test(
  "i/update ignores undeclared keys: nobody else's profile, and not one's own username, host or pins",
  async (t) => {
    const note = await post(server.url, victim.token, 'pinned? no');
    const res = await api(
      server.url,
      'i/update',
      {
        id: victim.id,
        userId: victim.id,
        username: 'root',
        usernameLower: 'root',
        host: 'evil.example',
        pinnedNoteIds: [note.id],
        uri: 'https://evil.example/u',
        lite: '{}',
        name: 'PWNED',
      },
      attacker.token,
    );
    t.equal(res.status, 200, 'the declared part (name) is applied');
    const victimNow = await call(server.url, 'users/show', { userId: victim.id });
    t.equal(victimNow.name, 'Victim', 'the victim keeps their name');
    t.equal(victimNow.username, 'victim', 'and their username');
    const me = await call(server.url, 'i', {}, attacker.token);
    t.equal(me.id, attacker.id, "the attacker's own record keeps its id");
    t.equal(me.name, 'PWNED', 'the attacker changed their own name');
    t.equal(me.username, 'mallory', 'but not their username');
    t.equal(me.host, null, 'nor their host');
    t.same(me.pinnedNoteIds, [], 'nor their pins');
    t.equal(me.uri, null, 'nor their uri');
    const byName = await api(server.url, 'users/show', { username: 'root' });
    isApiError(t, byName, 404, 'NO_SUCH_USER');
  },
);

t.test('notes/create ignores an author and fields it does not declare', async (t) => {
  const note = await post(server.url, attacker.token, {
    text: 'who wrote this',
    userId: victim.id,
    user: { id: victim.id },
    id: 'aaaaaaaaaaaaaaaa',
    renoteCount: 999,
    reactions: { '❤': 5 },
  });
  t.equal(note.userId, attacker.id, "the note is the caller's");
  t.not(note.id, 'aaaaaaaaaaaaaaaa', "with an id of the server's");
  t.equal(note.renoteCount, 0, 'and its own counts');
  t.same(note.reactions, {}, 'and no reactions');
  const poll = await post(server.url, attacker.token, {
    text: 'poll',
    poll: { choices: ['a', 'b'], votes: [100, 200], multiple: false },
  });
  t.same(
    poll.poll.choices.map((c: { votes: number }) => c.votes),
    [0, 0],
    'a poll starts with no votes, whatever was sent',
  );
});

t.test('profile sizes are bounded as Misskey bounds them', async (t) => {
  const field = { name: 'n', value: 'v' };
  const cases: [string, Record<string, unknown>][] = [
    ['17 fields', { fields: Array.from({ length: 17 }, () => field) }],
    ['a field value of 1,501 chars', { fields: [{ name: 'n', value: 'v'.repeat(1501) }] }],
    ['a field name of 256 chars', { fields: [{ name: 'n'.repeat(256), value: 'v' }] }],
    ['1,001 muted instances', { mutedInstances: Array.from({ length: 1001 }, (_, i) => `h${i}.example`) }],
    ['1,001 muted-word entries', { mutedWords: Array.from({ length: 1001 }, () => []) }],
    ['a muted word of 1,025 chars', { mutedWords: [['w'.repeat(1025)]] }],
  ];
  for (const [label, params] of cases) {
    const res = await api(server.url, 'i/update', params, attacker.token);
    t.equal(res.status, 400, `${label}: refused`);
  }
  const ok = await api(
    server.url,
    'i/update',
    { fields: Array.from({ length: 16 }, () => field), mutedInstances: ['a.example'] },
    attacker.token,
  );
  t.equal(ok.status, 200, '16 fields and a muted instance are fine');
});

t.test(
  'a registry value comes back exactly as sent, whatever its keys; a number JSON cannot carry is refused',
  async (t) => {
    const raw = '{"__proto__":{"polluted":true},"constructor":1,"z":1,"a":[1,"two",null,{"toString":"x"}],"":0}';
    const set = await http(server.url, '/api/i/registry/set', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{"i":"${attacker.token}","key":"k","scope":["s"],"value":${raw}}`,
    });
    t.equal(set.status, 204, 'stored');
    const get = await http(server.url, '/api/i/registry/get', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ i: attacker.token, key: 'k', scope: ['s'] }),
    });
    t.equal(get.text, raw, 'the same JSON text, key order and __proto__ included');
    const all = await call(server.url, 'i/registry/get-all', { scope: ['s'] }, attacker.token);
    t.same(Object.keys(all), ['k']);
    t.ok(Object.hasOwn(all.k, '__proto__'), 'get-all keeps the __proto__ key as data');
    const huge = await http(server.url, '/api/i/registry/set', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{"i":"${attacker.token}","key":"n","scope":["s"],"value":1e309}`,
    });
    isApiError(t, huge, 400, 'INVALID_PARAM');
  },
);
