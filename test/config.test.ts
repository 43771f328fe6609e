/** Configuration: FLOCK_<KEY> overrides are honoured, and bad values stop the process with a clear message. */

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { api, call, http, runUntilExit, signup, startServer, tempDir } from './helpers/server.js';

t.test('an invalid FLOCK_PORT makes the process exit non-zero with a clear message on stderr', async (t) => {
  const res = await runUntilExit({ FLOCK_PORT: 'abc' });
  t.equal(res.ready, false, 'never reports ready');
  t.not(res.code, 0, `exit code is non-zero (${res.code}, signal ${res.signal})`);
  t.not(res.code, null, 'it exits by itself (not killed by the timeout)');
  t.match(res.output, /FLOCK_PORT/, 'the message names the variable');
  t.match(res.output, /abc/, 'and the value it got');
  t.ok(res.output.length < 2000, 'a short message, not a stack dump');
});

t.test('other invalid values are refused the same way', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ FLOCK_PORT: '70000' }, /port/i],
    [{ FLOCK_SHARDS: '0' }, /shards/i],
    [{ FLOCK_WORKERS: 'many' }, /FLOCK_WORKERS/],
    [{ FLOCK_RATE_LIMITS: 'sometimes' }, /FLOCK_RATE_LIMITS/],
    [{ FLOCK_LOG_LEVEL: 'loud' }, /logLevel|LOG_LEVEL/i],
    [{ FLOCK_CONFIG: '/nonexistent/flock.yml' }, /nonexistent/],
  ];
  const results = await Promise.all(cases.map(([env]) => runUntilExit(env)));
  for (const [n, [env, message]] of cases.entries()) {
    const res = results[n]!;
    const label = JSON.stringify(env);
    t.equal(res.ready, false, `${label}: not ready`);
    t.ok(res.code !== 0 && res.code !== null, `${label}: exits non-zero by itself (${res.code})`);
    t.match(res.output, message, `${label}: the message says what is wrong`);
  }
});

t.test('FLOCK_SHARDS, FLOCK_WORKERS and FLOCK_LOG_LEVEL are honoured', async (t) => {
  const server = await startServer({ env: { FLOCK_SHARDS: '3', FLOCK_WORKERS: '2', FLOCK_LOG_LEVEL: 'info' } });
  const started = await server.waitForLine(/flock started/);
  t.ok(started, 'the start-up line is logged at info');
  const line = JSON.parse(started ?? '{}') as { shards?: number; workers?: number };
  t.equal(line.shards, 3, 'shards from FLOCK_SHARDS');
  t.equal(line.workers, 2, 'workers from FLOCK_WORKERS');
  // the actors still work with odd shard counts across two workers
  const a = await signup(server.url, 'alice');
  const b = await signup(server.url, 'bob');
  await call(server.url, 'following/create', { userId: a.id }, b.token);
  const notes = [];
  for (let n = 0; n < 5; n++)
    notes.push((await call(server.url, 'notes/create', { text: `n${n}` }, a.token)).createdNote.id);
  const tl = await call(server.url, 'notes/timeline', {}, b.token);
  t.same(
    tl.map((n: { id: string }) => n.id),
    [...notes].reverse(),
    'fan-out works with 3 shards on 2 workers',
  );
  await server.stop();
});

t.test('FLOCK_LOG_LEVEL=warn keeps info lines out', async (t) => {
  const server = await startServer();
  t.equal(await server.waitForLine(/flock started/, 300), null, 'no info line at warn');
  await server.stop();
});

t.test('FLOCK_BODY_LIMIT, FLOCK_REGISTRATION_OPEN and FLOCK_INSTANCE_NAME are honoured', async (t) => {
  const server = await startServer({
    env: { FLOCK_BODY_LIMIT: '2048', FLOCK_REGISTRATION_OPEN: 'off', FLOCK_INSTANCE_NAME: 'Test Flock' },
  });
  const big = await http(server.url, '/api/notes/show', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ noteId: 'x', pad: 'p'.repeat(3000) }),
  });
  t.equal(big.status, 413, 'a 3 KB body is over a 2 KiB limit');
  const small = await api(server.url, 'notes/show', { noteId: 'x' });
  t.equal(small.status, 400, 'a small one is read (and the note is not found)');
  const first = await api(server.url, 'signup', { username: 'admin1', password: 'x' });
  t.equal(first.status, 200, "the instance's first account (its administrator) needs no invitation");
  const signupRes = await api(server.url, 'signup', { username: 'alice', password: 'x' });
  t.ok(
    signupRes.status >= 400 && signupRes.status < 500,
    `signup is refused when registration is closed (${signupRes.status})`,
  );
  t.type(signupRes.body?.error, 'object', 'with a JSON error');
  const meta = await api(server.url, 'meta', {});
  t.equal(meta.body?.name, 'Test Flock', 'meta.name from FLOCK_INSTANCE_NAME');
  await server.stop();
});

t.test('FLOCK_CONFIG points at another file; env still wins over it', async (t) => {
  const dir = tempDir();
  const file = join(dir, 'flock.yml');
  writeFileSync(
    file,
    'url: ""\nhost: 127.0.0.1\nport: 0\ndataDir: ./data\nmapSizeMb: 256\nshards: 2\nworkers: 1\nmailboxBound: 64\nbatchMax: 16\ntasksPerWorker: 4\nbodyLimit: 1048576\nrateLimits: false\nhomeTimelineMax: 100\nregistrationOpen: true\ninstanceName: From File\ninstanceDescription: file\nmaintainerName: ""\nmaintainerEmail: ""\nlangs: []\nlogLevel: info\n',
  );
  const server = await startServer({ env: { FLOCK_CONFIG: file, FLOCK_LOG_LEVEL: 'info' } });
  const line = JSON.parse((await server.waitForLine(/flock started/)) ?? '{}') as { shards?: number };
  t.equal(line.shards, 2, 'shards from the file');
  const meta = await api(server.url, 'meta', {});
  t.equal(meta.body?.name, 'From File', 'instance name from the file');
  await server.stop();
});

t.test('a data directory that already exists and has a dot in its name works', async (t) => {
  const dataDir = join(tempDir(), 'flock.data');
  mkdirSync(dataDir);
  const server = await startServer({ dataDir });
  const a = await signup(server.url, 'alice');
  t.match(a.id, /^[0-9a-z]{16}$/, 'the store is usable');
  await server.stop();
});
