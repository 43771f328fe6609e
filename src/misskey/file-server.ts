/**
 * GET/HEAD /files/<key>: a drive file's bytes (or its thumbnail, `-thumb`, or webpublic version, `-web`),
 * as Misskey's FileServerService serves them, and never as something a browser would run: the
 * detected type only when it is in Misskey's browser-safe list (never HTML, SVG or JSON), else
 * application/octet-stream as an attachment; nosniff, a CSP that runs nothing, immutable caching, and
 * single byte ranges.
 */
import { stat } from 'node:fs/promises';
import { THUMBNAIL_SUFFIX, WEBPUBLIC_SUFFIX } from '../domain/index.js';
import type { Exchange, RequestHead } from '../gateway/index.js';
import { webpublicType } from '../media/index.js';
import type { BlobVariant, DriveFileRecord, Store } from '../store/index.js';

/** Misskey's FILE_TYPE_BROWSERSAFE (be/const.ts): SVG is left out on purpose. */
const BROWSER_SAFE = new Set([
  'image/png',
  'image/gif',
  'image/jpeg',
  'image/webp',
  'image/avif',
  'image/apng',
  'image/bmp',
  'image/tiff',
  'image/x-icon',
  'audio/opus',
  'video/ogg',
  'audio/ogg',
  'application/ogg',
  'video/quicktime',
  'video/mp4',
  'video/x-m4v',
  'video/3gpp',
  'video/3gpp2',
  'video/mpeg',
  'video/webm',
  'audio/mp4',
  'audio/x-m4a',
  'audio/mpeg',
  'audio/webm',
  'audio/aac',
  'audio/flac',
  'audio/wav',
  'audio/x-flac',
  'audio/vnd.wave',
]);

/** A key is the file's 22-character access key and an optional variant suffix: a token, never a path. */
const KEY = /^([A-Za-z0-9_-]{22})(-thumb|-web)?$/;

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'",
};

interface Served {
  variant: BlobVariant;
  type: string;
  filename: string;
}

/** What a key asks for, with the type and name it is served under. */
function servedAs(file: DriveFileRecord, suffix: string | undefined): Served | undefined {
  // a remote file kept as a link has no bytes here (its packs show its own URL)
  if (file.uri !== null) return undefined;
  const base = file.name.replace(/\.[^.]*$/, '');
  if (suffix === THUMBNAIL_SUFFIX)
    return file.thumbnail ? { variant: 'thumbnail', type: 'image/webp', filename: `${base}-thumb.webp` } : undefined;
  if (suffix === WEBPUBLIC_SUFFIX) {
    if (!file.webpublic) return undefined;
    const type = webpublicType(file.type);
    return { variant: 'webpublic', type, filename: `${base}-web.${type === 'image/webp' ? 'webp' : 'png'}` };
  }
  return { variant: 'original', type: file.type, filename: file.name };
}

/** `inline` or `attachment` with the name in both forms (RFC 6266: an ASCII fallback and the UTF-8 one). */
function disposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

type Range = { start: number; length: number } | 'unsatisfiable' | null;

/** A single `bytes=` range of a file of `size` bytes; null for none (or one this server ignores, e.g. several ranges). */
export function parseRange(header: string, size: number): Range {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return null;
  const [, from, to] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    const start = Math.max(0, size - suffix);
    return { start, length: size - start };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, length: end - start + 1 };
}

/** The /files/* route handler. */
export function serveFile(store: Store) {
  return (exchange: Exchange, req: RequestHead): Promise<void> | undefined => {
    if (exchange.method !== 'get' && exchange.method !== 'head') {
      exchange.send(405, '', { Allow: 'GET, HEAD' });
      return undefined;
    }
    const match = KEY.exec(req.getUrl().slice('/files/'.length));
    const rangeHeader = req.getHeader('range');
    const file = match === null ? undefined : store.driveFiles.byAccessKey(match[1]!);
    const served = file === undefined ? undefined : servedAs(file, match![2]);
    if (file === undefined || served === undefined) {
      exchange.send(404, '', { ...COMMON_HEADERS, 'Cache-Control': 'max-age=86400' }, 'text/plain');
      return undefined;
    }
    exchange.watchAborts();
    const path = store.blobs.path(file.sha256, served.variant);
    return stat(path).then(
      ({ size }) => answer(exchange, path, size, served, rangeHeader),
      () => exchange.send(404, '', { ...COMMON_HEADERS, 'Cache-Control': 'max-age=86400' }, 'text/plain'),
    );
  };
}

function answer(exchange: Exchange, path: string, size: number, served: Served, rangeHeader: string): Promise<void> {
  const safe = BROWSER_SAFE.has(served.type);
  const headers: Record<string, string> = {
    ...COMMON_HEADERS,
    'Content-Type': safe ? served.type : 'application/octet-stream',
    'Content-Disposition': disposition(safe ? 'inline' : 'attachment', served.filename),
    'Cache-Control': 'max-age=31536000, immutable',
    'Accept-Ranges': 'bytes',
  };
  const range = rangeHeader === '' ? null : parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    exchange.send(416, '', { ...COMMON_HEADERS, 'Content-Range': `bytes */${size}` });
    return Promise.resolve();
  }
  if (range === null) return exchange.sendFile(200, headers, { path, start: 0, length: size, head: exchange.head });
  headers['Content-Range'] = `bytes ${range.start}-${range.start + range.length - 1}/${size}`;
  return exchange.sendFile(206, headers, { path, ...range, head: exchange.head });
}
