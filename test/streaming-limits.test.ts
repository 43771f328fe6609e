/** The gateway's cap on open WebSockets: past it an upgrade is answered 503 with Retry-After, and a socket closed frees its place. */
import t from 'tap';
import WebSocket from 'ws';
import { until } from './helpers/assert.js';
import { http, type Server, startServer } from './helpers/server.js';

let server: Server;
t.before(async () => {
  server = await startServer({ env: { FLOCK_STREAMING_MAX_SOCKETS: '2' } });
});
t.teardown(() => server.stop());

/** Opens a socket: the socket once open, or the HTTP status and Retry-After of a refused upgrade. */
function open(): Promise<{ ws: WebSocket } | { status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/streaming`);
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      const retryAfter = res.headers['retry-after'];
      resolve({ status: res.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined });
    });
    ws.once('error', reject);
  });
}

t.test('a third socket is refused while two are open, and admitted once one closes', async (t) => {
  const first = await open();
  const second = await open();
  t.ok('ws' in first && 'ws' in second, 'two sockets open');
  t.same(await open(), { status: 503, retryAfter: '30' }, 'the third: 503 with Retry-After');
  t.equal(
    (await http(server.url, '/api/meta', { method: 'POST', body: '{}' })).status,
    200,
    'HTTP requests are still served',
  );
  if ('ws' in first) first.ws.close();
  const sockets = async () => (await http(server.url, '/healthz')).body.sockets as number;
  t.ok(await until(async () => (await sockets()) === 1), 'the closed socket is gone');
  const third = await open();
  t.ok('ws' in third, 'a socket is admitted again');
  for (const s of [second, third]) if ('ws' in s) s.ws.close();
});
