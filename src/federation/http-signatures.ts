/**
 * HTTP signatures, both ways: verification in two steps (parse and check what needs no key, so the
 * caller learns the keyId and can fetch the key; then check the signature with it) for RFC 9421 and
 * draft-cavage-12, and signing in either form. A failure is always a failure, never "unsigned":
 * callers that accept unsigned requests must ask `isSigned` first (federation.md §5.6, item 13).
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { parseCavage } from './cavage.js';
import { parseRfc9421 } from './rfc9421.js';
import type { ParsedSignature, ParseResult, SignedRequest, VerifyOptions } from './signature-types.js';

export { signCavage } from './cavage.js';
export { signRfc9421 } from './rfc9421.js';
export type { ParsedSignature, ParseResult, SignedRequest, VerifyOptions } from './signature-types.js';

/** Whether the request carries a signature of either kind (to tell "unsigned" from "signed badly"). */
export const isSigned = (req: SignedRequest) =>
  req.header('signature') !== undefined ||
  req.header('signature-input') !== undefined ||
  req.header('authorization')?.toLowerCase().startsWith('signature ') === true;

/** RFC 9421 when `Signature-Input` is present, draft-cavage otherwise. */
export function parseSignature(req: SignedRequest, options: VerifyOptions = {}): ParseResult {
  try {
    return req.header('signature-input') !== undefined ? parseRfc9421(req, options) : parseCavage(req, options);
  } catch {
    // an unparsable URL or date in a hostile request is a refusal, not a fault
    return { ok: false, reason: 'malformed request' };
  }
}

/** What checking a parsed signature needs of it (a structured clone of it, on another thread, will do). */
export type SignatureToCheck = Pick<ParsedSignature, 'algorithm' | 'candidates'> & { signature: Uint8Array };

/** Whether the parsed signature was made by the private half of `publicKey` (SPKI PEM or a KeyObject). */
export function verifyParsed(parsed: SignatureToCheck, publicKey: string | KeyObject): boolean {
  let key: KeyObject;
  try {
    key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  } catch {
    return false;
  }
  const type = key.asymmetricKeyType;
  if (parsed.algorithm === 'rsa-sha256' && type !== 'rsa') return false;
  if (parsed.algorithm === 'ed25519' && type !== 'ed25519') return false;
  const digest = parsed.algorithm === 'ed25519' ? null : 'sha256';
  return parsed.candidates.some((text) => {
    try {
      return verify(digest, Buffer.from(text), key, parsed.signature);
    } catch {
      return false;
    }
  });
}

/** Both steps at once, for a caller that has the key at hand: the keyId when the signature holds, else null. */
export async function verifyRequest(
  req: SignedRequest,
  keyOf: (keyId: string) => Promise<string | KeyObject | null>,
  options: VerifyOptions = {},
): Promise<{ ok: true; keyId: string; scheme: ParsedSignature['scheme'] } | { ok: false; reason: string }> {
  const parsed = parseSignature(req, options);
  if (!parsed.ok) return parsed;
  const key = await keyOf(parsed.signature.keyId);
  if (key === null) return { ok: false, reason: 'key not found' };
  if (!verifyParsed(parsed.signature, key)) return { ok: false, reason: 'signature does not verify' };
  return { ok: true, keyId: parsed.signature.keyId, scheme: parsed.signature.scheme };
}
