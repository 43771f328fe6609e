/**
 * The inbox's verifying threads (batch-verifier.ts): signatures checked there in batches hold or fail as
 * they do on the gateway thread, a rotated key (a new PEM under the same key id) is used at once, a key
 * that does not parse verifies nothing, whole deliveries are refused, verified or left to the gateway as
 * the gateway would decide, and when the thread is gone the caller is told to check itself.
 */
import { generateKeyPairSync } from 'node:crypto';
import t from 'tap';
import { BatchVerifier } from '../src/federation/inbox/batch-verifier.js';
import { parseSignature, signCavage } from '../src/federation/index.js';

const pair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

/** A cavage signature of a POST to https://flock.example/inbox by `keyId`, parsed as the inbox parses it. */
function signed(keyId: string, privateKeyPem: string, body: string) {
  const headers = signCavage({ method: 'POST', url: 'https://flock.example/inbox', body, keyId, privateKeyPem });
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const parsed = parseSignature(
    { method: 'POST', url: 'https://flock.example/inbox', header: (name) => lower.get(name), body },
    { expectedHost: 'flock.example' },
  );
  if (!parsed.ok) throw new Error(`Expected the signature to parse, got ${parsed.reason}`);
  return parsed.signature;
}

t.test('signatures are checked on the threads, in batches', async (t) => {
  const verifier = new BatchVerifier(2);
  t.teardown(() => verifier.close());
  const alice = pair();
  const mallory = pair();
  const keyId = 'https://remote.example/users/alice#main-key';
  const good = Array.from({ length: 20 }, (_, n) => signed(keyId, alice.privateKey, `{"n":${n}}`));
  const forged = signed(keyId, mallory.privateKey, '{"n":"forged"}');
  // two batches in flight at once, one per thread, each answered a few at a time
  const first = Promise.all([...good, forged].map((s) => verifier.verify(s, alice.publicKey)));
  await new Promise((resolve) => setImmediate(resolve));
  const second = Promise.all([forged, ...good].map((s) => verifier.verify(s, alice.publicKey)));
  t.same(await first, [...good.map(() => true), false], 'every good signature holds, the forged one fails');
  t.same(await second, [false, ...good.map(() => true)], 'and so on the other thread, whose key was sent to it');

  t.equal(await verifier.verify(forged, mallory.publicKey), true, 'a rotated key under the same key id is used');
  t.equal(await verifier.verify(good[0]!, mallory.publicKey), false, 'and the old one no longer');
  t.equal(await verifier.verify(good[0]!, 'not a key'), false, 'a key that does not parse verifies nothing');
});

t.test('deliveries are parsed and checked on the thread', async (t) => {
  const verifier = new BatchVerifier(1);
  t.teardown(() => verifier.close());
  const alice = pair();
  const mallory = pair();
  const keyId = 'https://remote.example/users/alice#main-key';
  const url = 'https://flock.example/inbox';
  const delivery = (body: string, privateKeyPem: string, signedKeyId = keyId) => {
    const signed = signCavage({ method: 'POST', url, body, keyId: signedKeyId, privateKeyPem });
    const headers = Object.entries(signed).map(([name, value]): [string, string] => [name.toLowerCase(), value]);
    return { keyId, url, headers, body, expectedHost: 'flock.example', now: Date.now() };
  };
  const activity = JSON.stringify({
    id: 'https://remote.example/activities/1',
    type: 'Create',
    actor: 'https://remote.example/users/alice',
    object: 'https://remote.example/notes/1',
  });
  t.same(await verifier.check(delivery(activity, alice.privateKey), alice.publicKey), {
    outcome: 'verified',
    claimed: {
      id: 'https://remote.example/activities/1',
      type: 'Create',
      actorUri: 'https://remote.example/users/alice',
    },
  });
  t.same(await verifier.check(delivery(activity, mallory.privateKey), alice.publicKey), { outcome: 'unverified' });
  const otherKey = delivery(activity, alice.privateKey, 'https://remote.example/users/bob#main-key');
  t.same(await verifier.check(otherKey, alice.publicKey), { outcome: 'unverified' }, 'a signature naming another key');
  t.same(await verifier.check(delivery('[1]', alice.privateKey), alice.publicKey), {
    outcome: 'refused',
    status: 400,
    reason: 'expected an activity with an id, a type and an actor',
  });
  const tampered = delivery(activity, alice.privateKey);
  tampered.body = activity.replace('Create', 'Delete');
  t.same(await verifier.check(tampered, alice.publicKey), {
    outcome: 'refused',
    status: 401,
    reason: 'digest mismatch',
  });
});

t.test('a closed verifier leaves the check to the caller', async (t) => {
  const verifier = new BatchVerifier(1);
  const alice = pair();
  const signature = signed('https://remote.example/users/alice#main-key', alice.privateKey, '{}');
  t.equal(await verifier.verify(signature, alice.publicKey), true);
  await verifier.close();
  t.equal(await verifier.verify(signature, alice.publicKey), null, 'null: not checked');
  const headers: [string, string][] = [];
  const check = { keyId: signature.keyId, url: '', headers, body: '{}', expectedHost: 'flock.example', now: 0 };
  t.equal(await verifier.check(check, alice.publicKey), null);
});
