/**
 * The HTTP signature library: what it signs verifies, in both forms, and the forgery cases of
 * federation.md §5.6 (items 1–4, 8, 11–13) are refused.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import t from 'tap';
import {
  isSigned,
  parseSignature,
  type SignedRequest,
  signCavage,
  signRfc9421,
  verifyRequest,
} from '../src/federation/index.js';

const rsa = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const alice = rsa();
const mallory = rsa();
const KEY_ID = 'https://remote.example/users/alice#main-key';
const INBOX = 'https://flock.example/inbox';
const BODY = JSON.stringify({ type: 'Create', actor: 'https://remote.example/users/alice' });

/** A request as the server would see it, from headers as a sender wrote them. */
function request(method: string, url: string, headers: Record<string, string>, body: string | null): SignedRequest {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  if (!lower.has('host')) lower.set('host', new URL(url).host);
  return { method, url, header: (name) => lower.get(name), body };
}

const keyOf = (pem: string) => async (keyId: string) => (keyId === KEY_ID ? pem : null);
const verdict = async (req: SignedRequest, pem = alice.publicKey, now?: number) =>
  verifyRequest(req, keyOf(pem), { expectedHost: 'flock.example', ...(now === undefined ? {} : { now }) });

const cavagePost = (overrides: { now?: number; body?: string; withQuery?: boolean; url?: string } = {}) => {
  const url = overrides.url ?? INBOX;
  const body = overrides.body ?? BODY;
  const headers = signCavage({
    method: 'POST',
    url,
    body,
    keyId: KEY_ID,
    privateKeyPem: alice.privateKey,
    ...(overrides.now === undefined ? {} : { now: overrides.now }),
    ...(overrides.withQuery === undefined ? {} : { withQuery: overrides.withQuery }),
  });
  return { headers, body, url };
};

t.test('what Flock signs, Flock verifies: cavage and RFC 9421, GET and POST', async (t) => {
  const post = cavagePost();
  t.same(await verdict(request('POST', INBOX, post.headers, BODY)), {
    ok: true,
    keyId: KEY_ID,
    scheme: 'draft-cavage-12',
  });
  const get = signCavage({
    method: 'GET',
    url: 'https://flock.example/users/x',
    keyId: KEY_ID,
    privateKeyPem: alice.privateKey,
  });
  t.equal((await verdict(request('GET', 'https://flock.example/users/x', get, null))).ok, true);
  const rfc = signRfc9421({ method: 'POST', url: INBOX, body: BODY, keyId: KEY_ID, privateKeyPem: alice.privateKey });
  t.same(await verdict(request('POST', INBOX, rfc, BODY)), { ok: true, keyId: KEY_ID, scheme: 'rfc9421' });
  const rfcGet = signRfc9421({
    method: 'GET',
    url: 'https://flock.example/notes/x?a=1',
    keyId: KEY_ID,
    privateKeyPem: alice.privateKey,
  });
  t.equal((await verdict(request('GET', 'https://flock.example/notes/x?a=1', rfcGet, null))).ok, true);
});

t.test('(request-target) verifies with the query signed and without it (item 11)', async (t) => {
  const url = 'https://flock.example/users/x/outbox?page=true';
  for (const withQuery of [true, false]) {
    const headers = signCavage({ method: 'GET', url, keyId: KEY_ID, privateKeyPem: alice.privateKey, withQuery });
    t.equal((await verdict(request('GET', url, headers, null))).ok, true, `withQuery ${withQuery}`);
  }
});

t.test('hs2019 and the Authorization form are understood', async (t) => {
  const post = cavagePost();
  const hs = { ...post.headers, Signature: post.headers.Signature!.replace('rsa-sha256', 'hs2019') };
  t.equal((await verdict(request('POST', INBOX, hs, BODY))).ok, true, 'hs2019');
  const { Signature, ...rest } = post.headers;
  t.equal((await verdict(request('POST', INBOX, { ...rest, Authorization: `Signature ${Signature}` }, BODY))).ok, true);
});

t.test('forgeries are refused (items 1–4, 8, 12, 13)', async (t) => {
  const refused = async (what: string, req: SignedRequest, pem = alice.publicKey, now?: number) => {
    const result = await verdict(req, pem, now);
    t.equal(result.ok, false, what);
    return result;
  };
  const post = cavagePost();
  t.equal(isSigned(request('POST', INBOX, {}, BODY)), false);
  t.same(await refused('unsigned', request('POST', INBOX, {}, BODY)), { ok: false, reason: 'unsigned' });
  await refused('a body other than the one digested', request('POST', INBOX, post.headers, BODY + ' '));
  const otherDigest = { ...post.headers, Digest: `SHA-256=${createHash('sha256').update('x').digest('base64')}` };
  await refused('a Digest of another body', request('POST', INBOX, otherDigest, BODY));
  const sha512Only = { ...post.headers, Digest: `SHA-512=${createHash('sha512').update(BODY).digest('base64')}` };
  await refused('a Digest without SHA-256', request('POST', INBOX, sha512Only, BODY));
  const noDigestSigned = post.headers.Signature!.replace(' digest', '');
  await refused(
    'a POST whose signature leaves out digest',
    request('POST', INBOX, { ...post.headers, Signature: noDigestSigned }, BODY),
  );
  const now = Date.now();
  const hour = 3_600_000;
  await refused('Date 13 h old', request('POST', INBOX, cavagePost({ now: now - 13 * hour }).headers, BODY));
  await refused('Date 2 h ahead', request('POST', INBOX, cavagePost({ now: now + 2 * hour }).headers, BODY));
  t.equal(
    (await verdict(request('POST', INBOX, cavagePost({ now: now - 50 * 60_000 }).headers, BODY))).ok,
    true,
    'Date 50 min old is fine',
  );
  t.equal(
    (await verdict(request('POST', INBOX, cavagePost({ now: now - 2 * hour }).headers, BODY))).ok,
    true,
    '2 h old is inside 12 h',
  );
  const unknownAlg = post.headers.Signature!.replace('rsa-sha256', 'rsa-md5');
  await refused('an unknown algorithm', request('POST', INBOX, { ...post.headers, Signature: unknownAlg }, BODY));
  const noTarget = post.headers.Signature!.replace('(request-target) ', '');
  await refused('(request-target) not signed', request('POST', INBOX, { ...post.headers, Signature: noTarget }, BODY));
  const get = signCavage({
    method: 'GET',
    url: 'https://flock.example/users/x',
    keyId: KEY_ID,
    privateKeyPem: alice.privateKey,
  });
  const getNoHost = get.Signature!.replace(' host', '');
  await refused(
    'a GET that does not sign host',
    request('GET', 'https://flock.example/users/x', { ...get, Signature: getNoHost }, null),
  );
  const elsewhere = cavagePost({ url: 'https://other.example/inbox' });
  await refused(
    'signed for another host (Host covered)',
    request('POST', INBOX, { ...elsewhere.headers, Host: 'other.example' }, BODY),
  );
  await refused(
    'signed by another key than the keyId names',
    request('POST', INBOX, post.headers, BODY),
    mallory.publicKey,
  );
  const tampered = { ...post.headers, Date: new Date(Date.parse(post.headers.Date!) - 1000).toUTCString() };
  await refused('a signed header changed', request('POST', INBOX, tampered, BODY));
  await refused('another path', request('POST', 'https://flock.example/users/x/inbox', post.headers, BODY));
  await refused('garbage', request('POST', INBOX, { Signature: 'keyId="a",signature="b",,,"' }, BODY));

  const rfc = signRfc9421({ method: 'POST', url: INBOX, body: BODY, keyId: KEY_ID, privateKeyPem: alice.privateKey });
  const badContentDigest = {
    ...rfc,
    'Content-Digest': `sha-256=:${createHash('sha256').update('x').digest('base64')}:`,
  };
  await refused('RFC 9421 with a tampered Content-Digest', request('POST', INBOX, badContentDigest, BODY));
  await refused('RFC 9421 with another body', request('POST', INBOX, rfc, `${BODY} `));
  const old = signRfc9421({
    method: 'POST',
    url: INBOX,
    body: BODY,
    keyId: KEY_ID,
    privateKeyPem: alice.privateKey,
    now: now - 13 * hour,
  });
  await refused('RFC 9421 created 13 h ago', request('POST', INBOX, old, BODY));
  const noDigest = { ...rfc, 'Signature-Input': rfc['Signature-Input']!.replace(' "content-digest"', '') };
  await refused('RFC 9421 POST not covering content-digest', request('POST', INBOX, noDigest, BODY));
  await refused('RFC 9421 by another key', request('POST', INBOX, rfc, BODY), mallory.publicKey);
  const otherAlg = { ...rfc, 'Signature-Input': rfc['Signature-Input']!.replace('rsa-v1_5-sha256', 'hmac-sha256') };
  await refused('RFC 9421 with an algorithm it does not take', request('POST', INBOX, otherAlg, BODY));
  t.equal(
    parseSignature(
      request('POST', INBOX, { 'Signature-Input': 'sig1=("@method";x=1)', Signature: 'sig1=:AA==:' }, BODY),
    ).ok,
    false,
  );
});
