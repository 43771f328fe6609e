/**
 * What the inbox checks before it takes an activity (federation.md §4.2, §5.6 items 1–13): a signature
 * of either scheme that holds (digest, Date window, this server as the target), a key found with
 * `keyOf` (fetched once more on failure: rotation), the key's owner equal to `actor`, the activity's
 * id on the actor's host. Blocked hosts are refused before any fetch; a Delete from an actor never
 * seen is accepted and dropped without fetching it (the actor is usually gone); activities of
 * suspended or deleted remote users are accepted and dropped. A failure is an answer, never a throw.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { BoundedMap, type InboxEntry, type RemoteActorRecord, type Store } from '../../store/index.js';
import { parseSignature, verifyParsed } from '../http-signatures.js';
import type { RemoteActorService } from '../remote-actors.js';
import type { ParsedSignature } from '../signature-types.js';
import type { FederationUrls } from '../urls.js';
import type { BatchVerifier } from './batch-verifier.js';
import { type ClaimedActivity, claimedKeyId, readActivity } from './delivery-check.js';
import { hostOf } from './json.js';

/** A POST to an inbox as received: the URL it was addressed to, its headers (lower-case names), its body. */
export interface Delivery {
  url: string;
  headers: ReadonlyMap<string, string>;
  body: string;
}

/** 202 with the entry to queue (null: accepted and dropped), or a refusal. */
export type Verdict = { status: 202; entry: InboxEntry | null } | { status: 400 | 401 | 403; reason: string };

export interface VerifyDeps {
  urls: FederationUrls;
  store: Store;
  remote: RemoteActorService;
  /** Whether the instance refuses a host name (blockedHosts, suffix rule). */
  isBlockedHost(hostname: string): boolean;
  /** Whether a user is suspended or deleted. */
  isHidden(userId: string): boolean;
  /** Checks signatures off the gateway thread. */
  verifier: BatchVerifier;
}

const hostnameOf = (url: string) => {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
};

/**
 * Verifies a delivery; the activity's fields are read defensively (json.ts). A delivery signed with a
 * stored, fresh key (nearly all) is parsed and checked on the verifying thread; any other, and one
 * whose signature does not hold with the stored key, is checked here, fetching keys as needed.
 */
export async function verifyDelivery(delivery: Delivery, deps: VerifyDeps, now = Date.now()): Promise<Verdict> {
  const keyId = claimedKeyId(delivery.headers);
  const stored = keyId === undefined ? null : deps.remote.storedKey(keyId, now);
  if (stored !== null) {
    const { url, body } = delivery;
    const headers = [...delivery.headers];
    const check = await deps.verifier.check(
      { keyId: stored.keyId, url, headers, body, expectedHost: deps.urls.host, now },
      stored.publicKeyPem,
    );
    if (check?.outcome === 'refused') return { status: check.status, reason: check.reason };
    if (check?.outcome === 'verified')
      return judge(check.claimed, stored.keyId, delivery, deps, now, () => Promise.resolve(stored));
  }

  const request = {
    method: 'POST',
    url: delivery.url,
    header: (name: string) => delivery.headers.get(name),
    body: delivery.body,
  };
  const parsed = parseSignature(request, { expectedHost: deps.urls.host, now });
  if (!parsed.ok) return { status: 401, reason: parsed.reason };
  const claimed = readActivity(delivery.body);
  if ('status' in claimed) return claimed;
  return judge(claimed, parsed.signature.keyId, delivery, deps, now, () => verifiedSigner(parsed.signature, deps));
}

/**
 * What follows the signature's own checks, in the order that fetches nothing for a blocked host or a
 * Delete from an actor never seen; `signer` answers the actor whose key verifies the signature.
 */
async function judge(
  { id, type, actorUri }: ClaimedActivity,
  keyId: string,
  delivery: Delivery,
  deps: VerifyDeps,
  now: number,
  signerOf: () => Promise<RemoteActorRecord | null>,
): Promise<Verdict> {
  const actorHostname = hostnameOf(actorUri);
  const keyHostname = hostnameOf(keyId);
  if (keyHostname === null) return { status: 401, reason: 'the keyId is not a URL' };
  if (deps.isBlockedHost(actorHostname!) || deps.isBlockedHost(keyHostname))
    return { status: 403, reason: 'the host is blocked' };
  if (type === 'Delete' && deps.store.remoteActors.get(actorUri) === undefined) return { status: 202, entry: null };

  const signer = await signerOf();
  if (signer === null) return { status: 401, reason: 'the signature does not verify with the key of its keyId' };
  if (signer.uri !== actorUri) return { status: 401, reason: 'the key does not belong to the actor' };
  if (hostOf(id) !== hostOf(actorUri)) return { status: 401, reason: "the activity's id is not on the actor's host" };
  if (deps.isHidden(signer.userId)) return { status: 202, entry: null };
  return {
    status: 202,
    entry: {
      activityId: id,
      type,
      actorUri,
      actorUserId: signer.userId,
      json: delivery.body,
      receivedAt: now,
      attempts: 0,
    },
  };
}

/**
 * Public keys parsed once, by key id (the PEM compared, so a rotated key is parsed again), for the
 * checks the verifying thread could not make: reading a PEM into a key costs several verifications.
 */
const parsedKeys = new BoundedMap<string, { pem: string; key: KeyObject | null }>(10_000);

function keyObjectOf(record: RemoteActorRecord): KeyObject | null {
  const cached = parsedKeys.get(record.keyId);
  if (cached !== undefined && cached.pem === record.publicKeyPem) return cached.key;
  let key: KeyObject | null;
  try {
    key = createPublicKey(record.publicKeyPem);
  } catch {
    key = null;
  }
  parsedKeys.set(record.keyId, { pem: record.publicKeyPem, key });
  return key;
}

/** Whether the signature holds with the record's key: on the verifying thread, here when it cannot tell. */
async function verifiesWith(
  signature: ParsedSignature,
  record: RemoteActorRecord | null,
  verifier: BatchVerifier,
): Promise<boolean> {
  if (record === null) return false;
  const holds = await verifier.verify(signature, record.publicKeyPem);
  if (holds !== null) return holds;
  const key = keyObjectOf(record);
  return key !== null && verifyParsed(signature, key);
}

/**
 * The actor whose key verifies the signature: the known key first, then the actor fetched again (the
 * key may have rotated). A key that cannot be fetched is no key: the answer is 401, never 5xx.
 */
async function verifiedSigner(signature: ParsedSignature, deps: VerifyDeps): Promise<RemoteActorRecord | null> {
  const first = await keyOf(signature.keyId, false, deps);
  if (await verifiesWith(signature, first, deps.verifier)) return first;
  const refreshed = await keyOf(signature.keyId, true, deps);
  return (await verifiesWith(signature, refreshed, deps.verifier)) ? refreshed : null;
}

async function keyOf(keyId: string, refresh: boolean, deps: VerifyDeps): Promise<RemoteActorRecord | null> {
  try {
    return await deps.remote.keyOf(keyId, refresh);
  } catch {
    if (refresh) return null;
    // an actor kept past its day whose server does not answer now still has the key it signed with
    const uri = deps.store.remoteActors.actorOfKey(keyId);
    return (uri === undefined ? undefined : deps.store.remoteActors.get(uri)) ?? null;
  }
}
