/**
 * The streaming scenario's load-generating process: it holds many WebSocket clients on raw TCP
 * sockets (the handshake and the frame headers by hand, payloads skipped: a full client library would
 * spend more CPU per message than the server does), and reports when every socket has received one
 * text frame since it was armed. Driven over IPC by streaming.ts:
 *   {connect: {port, paths, frame}}  → {connected, failed}
 *   {arm: true}                      → {armed: true}; later {done: {first, last, received, sample}}
 *   {report: true}                   → {report: {received, first, last}}
 *   {close: true}                    → {closed: true}
 * Times are wall-clock milliseconds (performance.timeOrigin + now), comparable across processes.
 */
import { randomBytes } from 'node:crypto';
import { type Socket, connect as tcpConnect } from 'node:net';

const now = () => performance.timeOrigin + performance.now();

/** A client-to-server text frame, masked with a zero key (allowed, and the payload stays as is). */
function clientFrame(text: string, opcode = 0x1): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const extra = payload.length < 126 ? 0 : 2;
  const frame = Buffer.alloc(2 + extra + 4 + payload.length);
  frame[0] = 0x80 | opcode;
  if (extra === 0) frame[1] = 0x80 | payload.length;
  else {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(payload.length, 2);
  }
  payload.copy(frame, 2 + extra + 4);
  return frame;
}

const PONG = clientFrame('', 0xa);

/** Reads server frames (never masked) and counts text frames, keeping a payload only when asked. */
class Client {
  private readonly header = Buffer.alloc(10);
  private headerLength = 0;
  private remaining = 0;
  private opcode = 0;
  private keep: Buffer[] | null = null;
  private upgraded = false;
  private pending = '';

  constructor(
    readonly socket: Socket,
    private readonly onText: (client: Client, payload: Buffer | null) => void,
    private readonly onOpen: (ok: boolean) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.feed(chunk));
  }

  /** Whether the next text frame's payload is kept (the sample). */
  wantPayload = false;

  private feed(chunk: Buffer): void {
    let i = 0;
    if (!this.upgraded) {
      this.pending += chunk.toString('latin1');
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const ok = this.pending.startsWith('HTTP/1.1 101');
      this.upgraded = true;
      // where the frames start in this chunk (latin1: one character per byte)
      i = end + 4 - (this.pending.length - chunk.length);
      this.pending = '';
      this.onOpen(ok);
      if (!ok) return;
    }
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        this.keep?.push(chunk.subarray(i, i + take));
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.finish();
        continue;
      }
      this.header[this.headerLength++] = chunk[i++]!;
      if (this.headerLength < 2) continue;
      const short = this.header[1]! & 0x7f;
      const needed = short === 126 ? 4 : short === 127 ? 10 : 2;
      if (this.headerLength < needed) continue;
      this.opcode = this.header[0]! & 0x0f;
      this.remaining =
        short === 126 ? this.header.readUInt16BE(2) : short === 127 ? Number(this.header.readBigUInt64BE(2)) : short;
      this.headerLength = 0;
      this.keep = this.opcode === 0x1 && this.wantPayload ? [] : null;
      if (this.remaining === 0) this.finish();
    }
  }

  private finish(): void {
    if (this.opcode === 0x1) {
      const payload = this.keep === null ? null : Buffer.concat(this.keep);
      this.keep = null;
      this.onText(this, payload);
    } else if (this.opcode === 0x9) this.socket.write(PONG);
  }
}

let clients: Client[] = [];
let armed = false;
let received = 0;
let first = 0;
let last = 0;
let sample: string | null = null;
let target = 0;

function onText(client: Client, payload: Buffer | null): void {
  const at = now();
  received++;
  if (received === 1) first = at;
  last = at;
  if (payload !== null) {
    sample = payload.toString('utf8');
    client.wantPayload = false;
  }
  if (armed && received === target) {
    armed = false;
    process.send?.({ done: { first, last, received, sample } });
  }
}

/** Opens one client on `path` and sends `frame` once upgraded; resolves with whether it upgraded. */
function open(port: number, path: string, frame: string | null): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      resolve(ok);
    };
    socket.on('error', () => settle(false));
    socket.on('close', () => settle(false));
    const client = new Client(socket, onText, (ok) => {
      if (ok) {
        clients.push(client);
        if (frame !== null) socket.write(clientFrame(frame));
      }
      settle(ok);
    });
    socket.on('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
  });
}

/** Opens the clients 256 at a time. */
async function connectAll(port: number, paths: string[], frame: string | null) {
  let connected = 0;
  let failed = 0;
  for (let i = 0; i < paths.length; i += 256) {
    const results = await Promise.all(paths.slice(i, i + 256).map((path) => open(port, path, frame)));
    for (const ok of results)
      if (ok) connected++;
      else failed++;
  }
  return { connected, failed };
}

/** What streaming.ts asks. */
interface Command {
  connect?: { port: number; paths: string[]; frame: string | null };
  arm?: true;
  report?: true;
  close?: true;
}

process.on('message', (message: Command) => {
  if (message.connect !== undefined) {
    const { port, paths, frame } = message.connect;
    void connectAll(port, paths, frame).then((result) => process.send?.(result));
  } else if (message.arm === true) {
    received = 0;
    first = 0;
    last = 0;
    sample = null;
    target = clients.length;
    armed = true;
    if (clients[0] !== undefined) clients[0].wantPayload = true;
    process.send?.({ armed: true });
  } else if (message.report === true) {
    process.send?.({ report: { received, first, last } });
  } else if (message.close === true) {
    for (const client of clients) client.socket.destroy();
    clients = [];
    process.send?.({ closed: true });
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ waiting: true });
