/** What the HTTP signature code reads of a request, and what verification answers. */

/** A request as the verifier sees it; header names are looked up lower-cased. */
export interface SignedRequest {
  method: string;
  /** The full URL as the sender addressed it (scheme and authority of this server, path, query). */
  url: string;
  header(name: string): string | undefined;
  /** The body as received (null or empty for GET). */
  body: Uint8Array | string | null;
}

/** The first step of verification: a signature that parsed and passed every check that needs no key. */
export interface ParsedSignature {
  scheme: 'draft-cavage-12' | 'rfc9421';
  keyId: string;
  /** The strings the signature may have been made over (cavage: with the query, then without). */
  candidates: string[];
  signature: Buffer;
  /** The algorithm named, normalised: 'rsa-sha256' (rsa-sha256, hs2019 and rsa-v1_5-sha256) or 'ed25519'. */
  algorithm: 'rsa-sha256' | 'ed25519';
}

export type ParseResult = { ok: true; signature: ParsedSignature } | { ok: false; reason: string };

export interface VerifyOptions {
  /** Now, in ms (tests). */
  now?: number;
  /** This server's host: a signature that covers `host` must have it as the Host header. */
  expectedHost?: string;
}

/** The window a signature's Date or `created` must fall in (federation.md §5.6, item 3). */
export const MAX_FUTURE_MS = 60 * 60_000;
export const MAX_AGE_MS = 12 * 60 * 60_000;
