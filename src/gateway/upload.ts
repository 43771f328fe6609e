/**
 * A multipart/form-data body streamed from uWS to busboy: text fields kept (bounded), the one file part
 * written to disk chunk by chunk, never held whole in memory (hashing it is the media process's work). Disk
 * and parser back-pressure pause the socket (`res.pause`) until they drain. Past the file limit the read
 * stops at once and the partial file is removed.
 */

import type { HttpResponse } from 'uWebSockets.js';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import busboy from 'busboy';
import { RequestAbortedError } from './http.js';

export interface UploadLimits {
  /** Where the file part is written (a fresh path; removed again if the upload fails). */
  path: string;
  /** Largest file part, in bytes, given the text fields that came before it (the caller's token among them, for a per-user limit). */
  fileBytes(fieldsBefore: Readonly<Record<string, string>>): number;
  /** Largest text field, in bytes, and most text fields. */
  fieldBytes: number;
  fields: number;
}

export interface ReceivedFile {
  path: string;
  size: number;
  /** The part's filename as the client sent it (untrusted). */
  filename: string;
}

export interface Multipart {
  /** Text fields by name (null-prototype: names are the client's). */
  fields: Record<string, string>;
  file: ReceivedFile | null;
}

/** The file part passed UploadLimits.fileBytes. */
export class FileTooLargeError extends Error {}

/** The body is not well-formed multipart, or a field passed its limits. */
export class MalformedMultipartError extends Error {}

/** What receiveMultipart needs of the exchange: the abort hook, and whether an answer went out (no touching `res` after that). */
export interface UploadExchange {
  onAbort(handler: () => void): void;
  readonly done: boolean;
  readonly aborted: boolean;
}

/** Reads a multipart body; call synchronously in the route handler (uWS delivers data only to a handler set there). */
export function receiveMultipart(
  res: HttpResponse,
  exchange: UploadExchange,
  contentType: string,
  limits: UploadLimits,
): Promise<Multipart> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = Object.create(null);
    let received: ReceivedFile | null = null;
    let writing: Promise<void> | null = null;
    let settled = false;
    let paused = false;
    let bodyRead = 0;
    let fileBytes = 0;
    // bytes past the file and fields' limits are junk (preamble, epilogue, ignored parts): a bound on the whole body
    const bodyBytes = () => fileBytes + limits.fields * limits.fieldBytes + 64 * 1024;
    let parser: busboy.Busboy;

    let out = null as WriteStream | null;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      // busboy may be inside one of its own callbacks (a limit): it is torn down once that has returned
      setImmediate(() => parser?.destroy());
      // the file may still be opening: it is removed once closed, so it cannot appear after the removal
      const removePartial = () => void rm(limits.path, { force: true });
      if (out !== null && !out.closed) {
        out.once('close', removePartial);
        out.destroy();
      } else removePartial();
      reject(err);
    };
    exchange.onAbort(() => fail(new RequestAbortedError()));

    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { files: 1, fields: limits.fields, fieldSize: limits.fieldBytes },
        defParamCharset: 'utf8',
      });
    } catch {
      fail(new MalformedMultipartError());
      // the body still has to be consumed or refused: the caller answers, and uWS drops the rest
      return;
    }

    parser.on('field', (name: string, value: string, info: busboy.FieldInfo) => {
      if (info.valueTruncated || info.nameTruncated) fail(new MalformedMultipartError());
      else fields[name] = value;
    });
    parser.on('fieldsLimit', () => fail(new MalformedMultipartError()));
    parser.on(
      'file',
      (_name: string, stream: NodeJS.ReadableStream & { truncated?: boolean }, info: busboy.FileInfo) => {
        // tearing the parser down mid-part errors the part's stream: the upload has failed already
        stream.on('error', () => {});
        if (writing !== null) {
          stream.resume();
          return;
        }
        fileBytes = limits.fileBytes(fields);
        let size = 0;
        const file = createWriteStream(limits.path, { flags: 'wx' });
        out = file;
        writing = new Promise<void>((done, broken) => {
          file.on('finish', done);
          file.on('error', broken);
        }).then(() => {
          received = {
            path: limits.path,
            size,
            filename: info.filename ?? '',
          };
        });
        writing.catch((err: Error) => fail(err));
        stream.on('data', (chunk: Buffer) => {
          if (settled) return;
          size += chunk.length;
          if (size > fileBytes) {
            fail(new FileTooLargeError());
            return;
          }
          if (!file.write(chunk)) {
            stream.pause();
            file.once('drain', () => stream.resume());
          }
        });
        stream.on('end', () => {
          if (!settled) file.end();
        });
      },
    );
    parser.on('error', () => fail(new MalformedMultipartError()));
    parser.on('drain', () => {
      if (paused && !settled && !exchange.aborted && !exchange.done) {
        paused = false;
        res.resume();
      }
    });
    parser.on('close', () => {
      if (settled) return;
      void (writing ?? Promise.resolve()).then(() => {
        if (settled) return;
        settled = true;
        resolve({ fields, file: received });
      });
    });

    res.onData((chunk, isLast) => {
      if (settled) return;
      bodyRead += chunk.byteLength;
      if (bodyRead > bodyBytes()) {
        fail(new FileTooLargeError());
        return;
      }
      // uWS reuses the chunk's memory once this callback returns: busboy gets a copy
      const copy = Buffer.from(new Uint8Array(chunk));
      try {
        if (!parser.write(copy) && !isLast && !paused) {
          paused = true;
          res.pause();
        }
        if (isLast) parser.end();
      } catch {
        // a throw here would end the process (uWS callback): a parser that breaks is a malformed body
        fail(new MalformedMultipartError());
      }
    });
  });
}
