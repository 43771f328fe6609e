/**
 * Sign-up and sign-in are limited per client address and per account whatever token a request carries:
 * a token used to move these limits onto its user, so any account could guess passwords or chain
 * sign-ups without bound.
 */

import { request } from 'node:http';
import t from 'tap';
import { type Server, signup, startServer } from './helpers/server.js';

let server: Server;

t.before(async () => {
  server = await startServer({ env: { FLOCK_RATE_LIMITS: 'on' } });
});

/** POST /api/<endpoint> from a given loopback source address; resolves with the status. */
function postFrom(
  localAddress: string,
  endpoint: string,
  body: Record<string, unknown>,
  bearer?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/api/' + endpoint,
        method: 'POST',
        localAddress,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
          ...(bearer ? { Authorization: 'Bearer ' + bearer } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    req.end(payload);
  });
}

t.test('signup counts per address even when each request carries a valid token', async (t) => {
  const insider = await signup(server.url, 'insider');
  const statuses: number[] = [];
  // the first signup above already counted against this address's 30 per hour
  for (let i = 0; i < 30; i++)
    statuses.push(await postFrom('127.0.0.1', 'signup', { username: `chain${i}`, password: 'pw' }, insider.token));
  t.same(statuses.slice(0, 29), Array(29).fill(200), 'the next 29 sign-ups go through');
  t.equal(statuses[29], 429, 'the 31st from the same address is refused, token or not');
});

t.test('signin counts per account across addresses', async (t) => {
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++)
    statuses.push(await postFrom(`127.0.0.${10 + i}`, 'signin', { username: 'insider', password: 'wrong guess' }));
  t.same(statuses.slice(0, 10), Array(10).fill(403), 'ten wrong guesses, each from another address, are checked');
  t.equal(statuses[10], 429, 'the eleventh guess at that account is refused, from a fresh address too');
});
