/**
 * Password hashing with scrypt (memory-hard, in node:crypto; runs on the libuv pool, off the event loop)
 * and native tokens. Passwords are Unicode-normalised (NFC) first, so an "é" typed precomposed or as
 * e + combining accent is the same password. Each hash carries its own parameters, so the cost can be
 * raised without locking anyone out: `needsRehash` says when a signed-in user's hash should be redone.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Hashes of normalised passwords; `scrypt$…` ones (earlier versions) hashed the password as typed. */
const SCHEME = 'scrypt-nfc';
const LEGACY_SCHEME = 'scrypt';
/** Highest cost a stored hash may ask for (2^20: 1 GiB of memory); a corrupt or hostile value is refused, not run. */
const MAX_LOG_N = 20;

const derive = (password: string, salt: Buffer, n: number, r: number, p: number) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r + 16 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );

/** `scrypt-nfc$N$r$p$salt$hash` (base64 parts), at N = 2^logN. */
export async function hashPassword(password: string, logN: number): Promise<string> {
  const n = 2 ** logN;
  const salt = randomBytes(16);
  const key = await derive(password.normalize('NFC'), salt, n, R, P);
  return `${SCHEME}$${n}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, nText, rText, pText, salt, hash] = stored.split('$');
  if ((scheme !== SCHEME && scheme !== LEGACY_SCHEME) || !salt || !hash) return false;
  const [n, r, p] = [Number(nText), Number(rText), Number(pText)];
  if (!Number.isInteger(Math.log2(n)) || n < 2 || n > 2 ** MAX_LOG_N || r !== R || p !== P) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(
    scheme === SCHEME ? password.normalize('NFC') : password,
    Buffer.from(salt, 'base64'),
    n,
    r,
    p,
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Whether a stored hash predates normalisation or is cheaper than the configured cost. */
export function needsRehash(stored: string, logN: number): boolean {
  const [scheme, nText] = stored.split('$');
  return scheme !== SCHEME || Number(nText) < 2 ** logN;
}

/** A 16-char native token, as Misskey issues them ([0-9a-zA-Z]). */
export function newNativeToken(): string {
  const bytes = randomBytes(16);
  let token = '';
  for (const b of bytes) token += ALPHANUMERIC[b % 62];
  return token;
}
