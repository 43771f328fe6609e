/**
 * A webhook receiver on loopback: records every call (headers and raw body) and answers what
 * `answer` says (202 by default), so a test can check each call's secret and HMAC, or make it fail.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

export interface HookCall {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

export interface HookReceiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  calls: HookCall[];
  /** The status each call gets. */
  answer: (call: HookCall) => number;
  /** While true, every connection is dropped unanswered (a receiver that is down, its port still held). */
  down: boolean;
  /** Stops listening (done at the test's teardown). */
  close(): Promise<void>;
}

/** The receiver's check of a call: `X-Flock-Signature` is the HMAC-SHA256 of the raw body under the secret. */
export const signedWith = (call: HookCall, secret: string): boolean =>
  call.headers['x-flock-signature'] === `sha256=${createHmac('sha256', secret).update(call.raw).digest('hex')}` &&
  call.headers['x-misskey-hook-secret'] === secret;

export async function startHookReceiver(t: Test): Promise<HookReceiver> {
  const receiver: HookReceiver = { url: '', port: 0, calls: [], answer: () => 202, down: false, close: async () => {} };
  const server = createServer((req, res) => {
    if (receiver.down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      const call = { path: req.url ?? '', headers: req.headers, raw, body };
      receiver.calls.push(call);
      res.writeHead(receiver.answer(call)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  let closed: Promise<void> | null = null;
  receiver.close = () => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
  t.teardown(() => receiver.close());
  return receiver;
}
