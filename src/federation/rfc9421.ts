/**
 * RFC 9421 HTTP Message Signatures, the profile Mastodon and Fedify use (federation.md §2.3):
 * `Signature-Input`/`Signature` with `created`, `keyid`, alg `rsa-v1_5-sha256` (or `ed25519`),
 * covering `@method`, `@target-uri` and, with a body, `content-digest` (RFC 9530).
 */
import { createSign } from 'node:crypto';
import { contentDigestHeader, contentDigestMatches } from './digest.js';
import {
  MAX_AGE_MS,
  MAX_FUTURE_MS,
  type ParseResult,
  type SignedRequest,
  type VerifyOptions,
} from './signature-types.js';

interface InputMember {
  label: string;
  components: string[];
  params: Map<string, string | number>;
  /** The serialised inner list and parameters, exactly as sent: the `@signature-params` line signs it. */
  raw: string;
}

const LABEL = /^\s*([a-z*][a-z0-9_\-.*]{0,63})=/;
const COMPONENT = /^"([a-z0-9@_\-.]{1,64})"/;
const PARAMETER = /^;([a-z*][a-z0-9_\-.*]{0,63})=(?:"([^"\\]{0,2048})"|(-?[0-9]{1,15}))/;

/** The first member of a Signature-Input dictionary; null when malformed (component parameters are refused). */
function parseInput(header: string): InputMember | null {
  const label = LABEL.exec(header);
  if (label === null) return null;
  let rest = header.slice(label[0].length);
  const rawStart = rest;
  if (!rest.startsWith('(')) return null;
  rest = rest.slice(1);
  const components: string[] = [];
  for (;;) {
    rest = rest.replace(/^ +/, '');
    if (rest.startsWith(')')) break;
    const m = COMPONENT.exec(rest);
    if (m === null || components.length >= 32) return null;
    components.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  rest = rest.slice(1);
  const params = new Map<string, string | number>();
  for (;;) {
    const m = PARAMETER.exec(rest);
    if (m === null) break;
    if (params.has(m[1]!)) return null;
    params.set(m[1]!, m[2] ?? Number(m[3]));
    rest = rest.slice(m[0].length);
  }
  if (!/^\s*(,|$)/.test(rest)) return null;
  return { label: label[1]!, components, params, raw: rawStart.slice(0, rawStart.length - rest.length) };
}

/** The signature bytes of `label` in a Signature dictionary. */
function signatureOf(header: string, label: string): Buffer | null {
  for (const part of header.split(',')) {
    const m = /^\s*([a-z*][a-z0-9_\-.*]*)=:([A-Za-z0-9+/=]*):\s*$/.exec(part);
    if (m !== null && m[1] === label) return Buffer.from(m[2]!, 'base64');
  }
  return null;
}

const ALGORITHMS: Record<string, 'rsa-sha256' | 'ed25519'> = {
  'rsa-v1_5-sha256': 'rsa-sha256',
  ed25519: 'ed25519',
};

function componentValue(name: string, req: SignedRequest, url: URL): string | undefined {
  switch (name) {
    case '@method':
      return req.method.toUpperCase();
    case '@target-uri':
      return req.url;
    case '@authority':
      return url.host.toLowerCase();
    case '@scheme':
      return url.protocol.slice(0, -1);
    case '@request-target':
      return url.pathname + url.search;
    case '@path':
      return url.pathname;
    case '@query':
      return url.search === '' ? '?' : url.search;
  }
  if (name.startsWith('@')) return undefined;
  return req.header(name)?.trim();
}

/** Parses an RFC 9421 signature and checks what needs no key (coverage, Content-Digest, created/expires, Host). */
export function parseRfc9421(req: SignedRequest, options: VerifyOptions = {}): ParseResult {
  const now = options.now ?? Date.now();
  const inputHeader = req.header('signature-input');
  const signatureHeader = req.header('signature');
  if (inputHeader === undefined || signatureHeader === undefined) return { ok: false, reason: 'unsigned' };
  if (inputHeader.length > 8192 || signatureHeader.length > 8192) return { ok: false, reason: 'signature too long' };
  const input = parseInput(inputHeader);
  if (input === null) return { ok: false, reason: 'malformed Signature-Input' };
  const signature = signatureOf(signatureHeader, input.label);
  if (signature === null) return { ok: false, reason: 'no signature for the label' };
  const keyId = input.params.get('keyid');
  if (typeof keyId !== 'string' || keyId.length === 0) return { ok: false, reason: 'keyid missing' };
  const alg = input.params.get('alg');
  const algorithm = alg === undefined ? 'rsa-sha256' : ALGORITHMS[String(alg)];
  if (algorithm === undefined) return { ok: false, reason: 'unknown algorithm' };
  const has = (name: string) => input.components.includes(name);
  if (!has('@method')) return { ok: false, reason: '@method not signed' };
  if (!has('@target-uri') && !((has('@authority') || has('host')) && (has('@path') || has('@request-target'))))
    return { ok: false, reason: 'target not signed' };
  const hasBody = req.body !== null && req.body.length > 0;
  if (hasBody || req.method.toLowerCase() === 'post') {
    if (!has('content-digest')) return { ok: false, reason: 'content-digest not signed' };
    const digest = req.header('content-digest');
    if (digest === undefined || !contentDigestMatches(digest, req.body ?? ''))
      return { ok: false, reason: 'content-digest mismatch' };
  }
  const created = input.params.get('created');
  if (typeof created !== 'number') return { ok: false, reason: 'created missing' };
  const createdMs = created * 1000;
  if (createdMs > now + MAX_FUTURE_MS || createdMs < now - MAX_AGE_MS)
    return { ok: false, reason: 'created outside the window' };
  const expires = input.params.get('expires');
  if (expires !== undefined && !(typeof expires === 'number' && expires * 1000 >= now))
    return { ok: false, reason: 'expired' };
  if (options.expectedHost !== undefined) {
    const url = new URL(req.url);
    if (url.host.toLowerCase() !== options.expectedHost) return { ok: false, reason: 'target is not this server' };
    if (has('host') && req.header('host')?.toLowerCase() !== options.expectedHost)
      return { ok: false, reason: 'host is not this server' };
  }
  const url = new URL(req.url);
  const lines: string[] = [];
  for (const name of input.components) {
    const value = componentValue(name, req, url);
    if (value === undefined) return { ok: false, reason: `signed component ${name} missing` };
    lines.push(`"${name}": ${value}`);
  }
  lines.push(`"@signature-params": ${input.raw}`);
  return {
    ok: true,
    signature: { scheme: 'rfc9421', keyId, candidates: [lines.join('\n')], signature, algorithm },
  };
}

export interface Rfc9421SignOptions {
  method: string;
  url: string;
  body?: Uint8Array | string | null;
  keyId: string;
  privateKeyPem: string;
  now?: number;
}

/** The headers that sign a request the RFC 9421 way: Content-Digest (with a body), Signature-Input and Signature. */
export function signRfc9421(options: Rfc9421SignOptions): Record<string, string> {
  const url = new URL(options.url);
  const headers: Record<string, string> = {};
  const components = ['@method', '@target-uri', '@authority'];
  const values = [options.method.toUpperCase(), options.url, url.host.toLowerCase()];
  if (options.body !== undefined && options.body !== null) {
    headers['Content-Digest'] = contentDigestHeader(options.body);
    components.push('content-digest');
    values.push(headers['Content-Digest']);
  }
  const created = Math.floor((options.now ?? Date.now()) / 1000);
  const params = `(${components.map((c) => `"${c}"`).join(' ')});alg="rsa-v1_5-sha256";keyid="${options.keyId}";created=${created}`;
  const base = [...components.map((c, i) => `"${c}": ${values[i]}`), `"@signature-params": ${params}`].join('\n');
  const signature = createSign('sha256').update(base).sign(options.privateKeyPem, 'base64');
  headers['Signature-Input'] = `sig1=${params}`;
  headers.Signature = `sig1=:${signature}:`;
  return headers;
}
