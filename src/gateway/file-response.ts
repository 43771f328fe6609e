/**
 * A response whose body is a byte range of a file, read in chunks and handed to uWS with tryEnd: when
 * the socket cannot take more, reading pauses until uWS reports it writable again, so a slow client
 * holds at most a chunk or two in memory.
 */

import type { HttpResponse } from 'uWebSockets.js';
import { createReadStream } from 'node:fs';

export interface FileBody {
  path: string;
  /** First byte sent. */
  start: number;
  /** Bytes sent from `start` (0: none). */
  length: number;
  /** HEAD: the headers (with the length) only. */
  head: boolean;
}

interface Abortable {
  onAbort(handler: () => void): void;
  readonly aborted: boolean;
}

const CHUNK = 64 * 1024;

export function sendFile(
  res: HttpResponse,
  exchange: Abortable,
  status: Uint8Array | string,
  headers: Record<string, string>,
  body: FileBody,
): Promise<void> {
  const writeHead = () => {
    res.writeStatus(status);
    for (const name in headers) res.writeHeader(name, headers[name]!);
  };
  if (body.head || body.length === 0) {
    res.cork(() => {
      writeHead();
      if (body.head) res.endWithoutBody(body.length);
      else res.end();
    });
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const stream = createReadStream(body.path, {
      start: body.start,
      end: body.start + body.length - 1,
      highWaterMark: CHUNK,
    });
    let started = false;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      stream.destroy();
      resolve();
    };
    exchange.onAbort(finish);
    stream.on('error', () => {
      // the headers may be out already: all that is left is to cut the connection
      if (!exchange.aborted && !finished) res.close();
      finish();
    });
    stream.on('data', (data: Buffer | string) => {
      if (exchange.aborted || finished) return;
      const chunk = data as Buffer;
      const offset = res.getWriteOffset();
      let ok = false;
      let done = false;
      res.cork(() => {
        if (!started) {
          started = true;
          writeHead();
        }
        [ok, done] = res.tryEnd(chunk, body.length);
      });
      if (done) return finish();
      if (ok) return;
      stream.pause();
      res.onWritable((at) => {
        let retried = false;
        let ended = false;
        res.cork(() => {
          [retried, ended] = res.tryEnd(chunk.subarray(at - offset), body.length);
        });
        if (ended) finish();
        else if (retried) stream.resume();
        return retried;
      });
    });
    stream.on('end', () => {
      if (!exchange.aborted && !finished && !started) res.close();
    });
  });
}
