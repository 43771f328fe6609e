/**
 * The ceiling: a bare uWebSockets.js server doing the least an API call can do. It reads the request
 * body, JSON.parses it, and answers with the very bytes (status, headers, body) Flock's timeline
 * answered, captured beforehand. Started by run.ts with IPC; reports `{ready, port}`.
 *
 *   BENCH_CEILING_RESPONSE=<file with {headers, body}> node dist/bench/ceiling.js
 */

import uWS from 'uWebSockets.js';
import { readFileSync } from 'node:fs';

/** A captured HTTP answer: header pairs as Flock wrote them (minus those uWS writes itself) and the body. */
export interface CapturedResponse {
  status: string;
  headers: [string, string][];
  body: string;
}

const file = process.env.BENCH_CEILING_RESPONSE;
if (file === undefined)
  throw new Error('Expected BENCH_CEILING_RESPONSE to name a captured response file, got nothing');
const captured = JSON.parse(readFileSync(file, 'utf8')) as CapturedResponse;
const body = Buffer.from(captured.body, 'utf8');
const port = Number(process.env.BENCH_CEILING_PORT ?? 0);

const app = uWS.App();
app.post('/*', (res) => {
  let aborted = false;
  res.onAborted(() => {
    aborted = true;
  });
  let chunks: Buffer[] | null = null;
  res.onData((chunk, isLast) => {
    const copy = Buffer.from(chunk.slice(0));
    if (!isLast) {
      if (chunks === null) chunks = [];
      chunks.push(copy);
      return;
    }
    const whole = chunks === null ? copy : Buffer.concat([...chunks, copy]);
    JSON.parse(whole.toString('utf8'));
    if (aborted) return;
    res.cork(() => {
      res.writeStatus(captured.status);
      for (const [k, v] of captured.headers) res.writeHeader(k, v);
      res.end(body);
    });
  });
});

app.listen('127.0.0.1', port, (socket) => {
  if (socket === false) {
    process.stderr.write(`ceiling: expected to listen on 127.0.0.1:${port}, got a refusal\n`);
    process.exit(1);
  }
  const listening = uWS.us_socket_local_port(socket as unknown as uWS.us_socket);
  process.send?.({ ready: true, port: listening });
  const stop = () => {
    uWS.us_listen_socket_close(socket);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
});
