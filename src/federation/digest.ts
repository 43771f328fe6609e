/** Body digests: the `Digest` header of draft-cavage (RFC 3230) and `Content-Digest` of RFC 9530. */
import { createHash, hash, timingSafeEqual } from 'node:crypto';

export const sha256Base64 = (body: Uint8Array | string) => hash('sha256', body, 'base64');

/** `SHA-256=<base64>`. */
export const digestHeader = (body: Uint8Array | string) => `SHA-256=${sha256Base64(body)}`;

/** `sha-256=:<base64>:`. */
export const contentDigestHeader = (body: Uint8Array | string) => `sha-256=:${sha256Base64(body)}:`;

const equalText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Whether a `Digest` header matches the body. It must carry a SHA-256 entry (other algorithms alone
 * are refused: SHA-1 and MD5 are not worth trusting), and every SHA-256 entry must match.
 */
export function digestMatches(header: string, body: Uint8Array | string): boolean {
  const expected = sha256Base64(body);
  let found = false;
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim().toLowerCase() !== 'sha-256') continue;
    if (!equalText(part.slice(eq + 1).trim(), expected)) return false;
    found = true;
  }
  return found;
}

/** Whether a `Content-Digest` header (a structured dictionary) matches the body; sha-256 or sha-512 entries, at least one. */
export function contentDigestMatches(header: string, body: Uint8Array | string): boolean {
  let found = false;
  for (const part of header.split(',')) {
    const m = /^\s*(sha-256|sha-512)=:([A-Za-z0-9+/=]*):\s*$/.exec(part);
    if (m === null) continue;
    const expected = createHash(m[1] === 'sha-256' ? 'sha256' : 'sha512')
      .update(body)
      .digest('base64');
    if (!equalText(m[2]!, expected)) return false;
    found = true;
  }
  return found;
}
