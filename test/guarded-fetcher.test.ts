/**
 * The guarded fetcher against real local HTTP servers (federation.md §5.6, items 14–17): refused
 * addresses (literal and after DNS), redirects, size and time limits, and the ActivityStreams checks.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { fetchApDocument, GuardedFetcher } from '../src/federation/index.js';

async function serve(t: Test, handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const AS = 'application/activity+json';

function fetcher(
  t: Test,
  allowedNetworks: string[],
  extra: Partial<ConstructorParameters<typeof GuardedFetcher>[0]> = {},
) {
  const f = new GuardedFetcher({ allowedNetworks, ...extra });
  t.teardown(() => f.close());
  return f;
}

const refused = async (t: Test, what: string, p: Promise<unknown>) => {
  await t.rejects(p, { name: 'FetchRefusedError' }, what);
};

t.test('refused addresses, checked on literals and after DNS', async (t) => {
  let hits = 0;
  const host = await serve(t, (_req, res) => {
    hits++;
    res.end('{}');
  });
  const closed = fetcher(t, []);
  for (const target of [
    `http://${host}/`,
    `https://${host}/`,
    'https://10.0.0.1/',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://224.0.0.1/',
    'https://[::1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[fc00::1]/',
    'https://[fe80::1]/',
    'https://[64:ff9b::7f00:1]/',
    'https://[2002:7f00:1::]/',
    'https://[2001::1]/',
    `https://localhost:${host.split(':')[1]}/`,
    'file:///etc/passwd',
    'data:application/activity+json,{}',
    'https://user:pass@example.com/',
  ])
    await refused(t, target, closed.get(target, AS));
  t.equal(hits, 0, 'nothing reached the loopback server');

  const open = fetcher(t, ['127.0.0.0/8']);
  t.equal((await open.get(`http://${host}/`, AS)).status, 200, 'an allowed network, over http too');
  t.equal((await open.get(`http://localhost:${host.split(':')[1]}/`, AS)).status, 200, 'a name that resolves there');
  const other = fetcher(t, ['10.0.0.0/8']);
  await refused(
    t,
    'a name resolving outside the allowed networks',
    other.get(`http://localhost:${host.split(':')[1]}/`, AS),
  );
  t.throws(() => new GuardedFetcher({ allowedNetworks: ['not-a-net'] }), { name: 'FetchRefusedError' });
});

t.test('redirects: re-checked each hop, at most 5, same scheme, no loops', async (t) => {
  const host = await serve(t, (req, res) => {
    const m = /^\/hop\/(\d+)$/.exec(req.url ?? '');
    if (m) {
      const n = Number(m[1]);
      res.writeHead(302, { Location: n === 0 ? '/done' : `/hop/${n - 1}` }).end();
    } else if (req.url === '/to-metadata') res.writeHead(302, { Location: 'http://169.254.169.254/' }).end();
    else if (req.url === '/to-https') res.writeHead(301, { Location: `https://${req.headers.host}/done` }).end();
    else if (req.url === '/loop') res.writeHead(302, { Location: '/loop' }).end();
    else res.writeHead(200, { 'Content-Type': AS }).end('{}');
  });
  const f = fetcher(t, ['127.0.0.0/8']);
  const five = await f.get(`http://${host}/hop/4`, AS);
  t.equal(five.status, 200);
  t.equal(five.url, `http://${host}/done`);
  await refused(t, 'six redirects', f.get(`http://${host}/hop/5`, AS));
  await refused(t, 'a redirect to a refused address', f.get(`http://${host}/to-metadata`, AS));
  await refused(t, 'a redirect to another scheme', f.get(`http://${host}/to-https`, AS));
  await refused(t, 'a loop', f.get(`http://${host}/loop`, AS));
});

t.test('size and time limits', async (t) => {
  const host = await serve(t, (req, res) => {
    if (req.url === '/declared') {
      res.writeHead(200, { 'Content-Length': String(2 * 1024 * 1024) });
      res.end(Buffer.alloc(2 * 1024 * 1024));
    } else if (req.url === '/streamed') {
      res.writeHead(200);
      for (let i = 0; i < 40; i++) res.write(Buffer.alloc(64 * 1024));
      res.end();
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('{}'), 2_000);
    } else res.end('{}');
  });
  const f = fetcher(t, ['127.0.0.0/8'], { readTimeoutMs: 300, totalTimeoutMs: 1_000 });
  await refused(t, 'a declared 2 MiB body', f.get(`http://${host}/declared`, AS));
  await refused(t, 'a streamed 2.5 MiB body', f.get(`http://${host}/streamed`, AS));
  await t.rejects(f.get(`http://${host}/slow`, AS), 'a response slower than the read timeout');
  t.equal((await f.get(`http://${host}/ok`, AS)).status, 200, 'and the fetcher still works');
});

t.test('ActivityStreams documents: type, origin and id checks; __proto__ dropped; signed GETs', async (t) => {
  let origin = '';
  const signatures: (string | undefined)[] = [];
  const host = await serve(t, (req, res) => {
    signatures.push(req.headers.signature as string | undefined);
    const json = (doc: unknown, type = AS) => res.writeHead(200, { 'Content-Type': type }).end(JSON.stringify(doc));
    if (req.url === '/html') json({ id: `${origin}/html` }, 'text/html');
    else if (req.url === '/ld')
      json(
        { id: `${origin}/ld`, type: 'Note' },
        'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
      );
    else if (req.url === '/foreign-id') json({ id: 'https://elsewhere.example/x', type: 'Note' });
    else if (req.url === '/alias') json({ id: `${origin}/canonical`, type: 'Note' });
    else if (req.url === '/canonical')
      res
        .writeHead(200, { 'Content-Type': AS })
        .end(`{"id":"${origin}/canonical","type":"Note","__proto__":{"polluted":true}}`);
    else if (req.url === '/no-id') json({ type: 'Note' });
    else res.writeHead(404).end();
  });
  origin = `http://${host}`;
  const f = fetcher(t, ['127.0.0.0/8'], { sign: async () => ({ Signature: 'keyId="test"' }) });
  await refused(t, 'text/html', fetchApDocument(f, `${origin}/html`));
  t.equal((await fetchApDocument(f, `${origin}/ld`)).type, 'Note', 'ld+json with the AS profile');
  await refused(t, 'an id on another origin', fetchApDocument(f, `${origin}/foreign-id`));
  await refused(t, 'no id', fetchApDocument(f, `${origin}/no-id`));
  await refused(t, '404', fetchApDocument(f, `${origin}/missing`));
  const canonical = await fetchApDocument(f, `${origin}/alias`);
  t.equal(canonical.id, `${origin}/canonical`, 'a same-origin id is fetched again at that id');
  t.equal(Object.getPrototypeOf(canonical), Object.prototype);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
  t.notOk(Object.hasOwn(canonical, '__proto__'), '__proto__ dropped');
  t.ok(
    signatures.every((s) => s === 'keyId="test"'),
    'every GET carried the signature headers',
  );
});
