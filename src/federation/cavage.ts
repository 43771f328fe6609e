/**
 * draft-cavage-http-signatures-12, as the fediverse uses it (federation.md §2): parsing and checking
 * an incoming `Signature` (or `Authorization: Signature`) header, and signing outgoing requests with
 * `(request-target) host date [digest]`, rsa-sha256.
 */
import { createSign, type KeyObject } from 'node:crypto';
import { digestHeader, digestMatches } from './digest.js';
import {
  MAX_AGE_MS,
  MAX_FUTURE_MS,
  type ParseResult,
  type SignedRequest,
  type VerifyOptions,
} from './signature-types.js';

const PARAM = /\s*([a-zA-Z]+)\s*=\s*(?:"([^"]*)"|([0-9]+))\s*(?:,|$)/y;

/** The parameters of a cavage signature header; null when it is malformed or repeats a parameter. */
function parseParams(header: string): Map<string, string> | null {
  const params = new Map<string, string>();
  PARAM.lastIndex = 0;
  while (PARAM.lastIndex < header.length) {
    const start = PARAM.lastIndex;
    const m = PARAM.exec(header);
    if (m === null || PARAM.lastIndex === start) return null;
    const name = m[1]!.toLowerCase();
    if (params.has(name)) return null;
    params.set(name, m[2] ?? m[3]!);
  }
  return params;
}

const ALGORITHMS: Record<string, 'rsa-sha256' | 'ed25519'> = {
  'rsa-sha256': 'rsa-sha256',
  // hs2019 leaves the algorithm to the key; with the RSA keys the fediverse uses it means RSASSA-PKCS1-v1_5 SHA-256
  hs2019: 'rsa-sha256',
  ed25519: 'ed25519',
};

/** The value a signed Date or (created) gives the window check, in ms; NaN when unreadable. */
function inWindow(ms: number, now: number): boolean {
  return Number.isFinite(ms) && ms <= now + MAX_FUTURE_MS && ms >= now - MAX_AGE_MS;
}

/**
 * Parses a cavage signature and checks what needs no key: the algorithm, that `(request-target)`,
 * a date (`date` or `(created)`), `host` (GET) and `digest` (with a body) are covered, the Digest,
 * the time window, the expected Host. The signing string is built twice, with and without the query,
 * since senders differ (Misskey signs the query, Fedify does not).
 */
export function parseCavage(req: SignedRequest, options: VerifyOptions = {}): ParseResult {
  const now = options.now ?? Date.now();
  let header = req.header('signature');
  if (header === undefined) {
    const auth = req.header('authorization');
    if (auth?.toLowerCase().startsWith('signature ')) header = auth.slice('signature '.length);
  }
  if (header === undefined) return { ok: false, reason: 'unsigned' };
  if (header.length > 8192) return { ok: false, reason: 'signature header too long' };
  const params = parseParams(header);
  if (params === null) return { ok: false, reason: 'malformed signature header' };
  const keyId = params.get('keyid');
  const signature = params.get('signature');
  if (keyId === undefined || signature === undefined || keyId.length === 0)
    return { ok: false, reason: 'keyId or signature missing' };
  const algorithm = ALGORITHMS[(params.get('algorithm') ?? 'hs2019').toLowerCase()];
  if (algorithm === undefined) return { ok: false, reason: 'unknown algorithm' };
  const covered = (params.get('headers') ?? 'date').toLowerCase().split(/\s+/).filter(Boolean);
  const has = (name: string) => covered.includes(name);
  if (!has('(request-target)')) return { ok: false, reason: '(request-target) not signed' };
  if (!has('date') && !has('(created)')) return { ok: false, reason: 'no date signed' };
  const method = req.method.toLowerCase();
  if ((method === 'get' || method === 'head') && !has('host')) return { ok: false, reason: 'host not signed' };
  const hasBody = req.body !== null && req.body.length > 0;
  if (hasBody || method === 'post') {
    if (!has('digest')) return { ok: false, reason: 'digest not signed' };
    const digest = req.header('digest');
    if (digest === undefined || !digestMatches(digest, req.body ?? '')) return { ok: false, reason: 'digest mismatch' };
  }
  if (has('date') && !inWindow(Date.parse(req.header('date') ?? ''), now))
    return { ok: false, reason: 'date outside the window' };
  const created = params.get('created');
  if (has('(created)') && (created === undefined || !inWindow(Number(created) * 1000, now)))
    return { ok: false, reason: 'created outside the window' };
  const expires = params.get('expires');
  if (expires !== undefined && !(Number(expires) * 1000 >= now)) return { ok: false, reason: 'expired' };
  if (has('host') && options.expectedHost !== undefined && req.header('host')?.toLowerCase() !== options.expectedHost)
    return { ok: false, reason: 'host is not this server' };

  const url = new URL(req.url);
  const targets = url.search === '' ? [url.pathname] : [url.pathname + url.search, url.pathname];
  const candidates: string[] = [];
  for (const target of targets) {
    const lines: string[] = [];
    for (const name of covered) {
      if (name === '(request-target)') lines.push(`(request-target): ${method} ${target}`);
      else if (name === '(created)') lines.push(`(created): ${created}`);
      else if (name === '(expires)') {
        if (expires === undefined) return { ok: false, reason: '(expires) signed without expires' };
        lines.push(`(expires): ${expires}`);
      } else {
        const value = req.header(name);
        if (value === undefined) return { ok: false, reason: `signed header ${name} missing` };
        lines.push(`${name}: ${value.trim()}`);
      }
    }
    candidates.push(lines.join('\n'));
  }
  return {
    ok: true,
    signature: {
      scheme: 'draft-cavage-12',
      keyId,
      candidates,
      signature: Buffer.from(signature, 'base64'),
      algorithm,
    },
  };
}

export interface SignOptions {
  method: string;
  url: string;
  body?: Uint8Array | string | null;
  keyId: string;
  /** The key as PEM, or parsed once (a KeyObject saves parsing the PEM at every signature). */
  privateKeyPem: string | KeyObject;
  /** Sign `(request-target)` with the query (Misskey verifies it so); default without (Fedify, GoToSocial, Mastodon accept that). */
  withQuery?: boolean;
  /** Now, in ms (tests). Never ahead of real time: some verifiers allow only seconds of skew into the future. */
  now?: number;
}

/** The headers that sign a request the cavage way: Date, Host, Digest (with a body) and Signature. */
export function signCavage(options: SignOptions): Record<string, string> {
  const prepared = prepareCavage(options);
  const signature = createSign('sha256').update(prepared.signingString).sign(options.privateKeyPem, 'base64');
  return prepared.finish(signature);
}

/** A cavage signature in two steps: the string to sign, then the headers once its rsa-sha256 signature (base64) is made, elsewhere if need be. */
export interface PreparedCavage {
  signingString: string;
  finish(signature: string): Record<string, string>;
}

export function prepareCavage(options: Omit<SignOptions, 'privateKeyPem'>): PreparedCavage {
  const url = new URL(options.url);
  const method = options.method.toLowerCase();
  const target = options.withQuery ? url.pathname + url.search : url.pathname;
  const headers: Record<string, string> = {
    Date: new Date(options.now ?? Date.now()).toUTCString(),
    Host: url.host,
  };
  const lines = [`(request-target): ${method} ${target}`, `host: ${headers.Host}`, `date: ${headers.Date}`];
  const names = ['(request-target)', 'host', 'date'];
  if (options.body !== undefined && options.body !== null) {
    headers.Digest = digestHeader(options.body);
    lines.push(`digest: ${headers.Digest}`);
    names.push('digest');
  }
  return {
    signingString: lines.join('\n'),
    finish(signature) {
      headers.Signature = `keyId="${options.keyId}",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signature}"`;
      return headers;
    },
  };
}
