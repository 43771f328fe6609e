/**
 * The part of an inbox delivery's verification that needs neither the store nor a fetch: the signature
 * parsed and checked as far as it goes without a key (parseSignature), the body read as an activity
 * with an id, a type and an actor, and the signature checked with a key given. The verifying thread
 * runs it on deliveries whose key is stored (verifier-thread.ts); verify.ts uses the same readers.
 */
import type { KeyObject } from 'node:crypto';
import { parseJsonSafely } from '../documents-fetch.js';
import { parseSignature, verifyParsed } from '../http-signatures.js';
import { asObject, asUrl, idOf, typeOf } from './json.js';

/** What an activity says it is: checked against the signer afterwards. */
export interface ClaimedActivity {
  id: string;
  type: string;
  actorUri: string;
}

export type Refusal = { status: 400 | 401; reason: string };

/** A delivery to check on the verifying thread, with the key id its stored key was found by. */
export interface DeliveryToCheck {
  keyId: string;
  url: string;
  /** Lower-case names. */
  headers: [string, string][];
  body: string;
  /** This server's host (signatures that cover `host` must name it). */
  expectedHost: string;
  now: number;
}

/**
 * `refused`: the answer (the signature or the body is malformed; the same whatever the key);
 * `verified`: the signature holds with the key given and the activity is `claimed`;
 * `unverified`: it does not hold with that key, or names another key (the gateway looks further).
 */
export type DeliveryCheck =
  | ({ outcome: 'refused' } & Refusal)
  | { outcome: 'verified'; claimed: ClaimedActivity }
  | { outcome: 'unverified' };

/** The activity's id, type and actor, or 400. */
export function readActivity(body: string): ClaimedActivity | Refusal {
  let activity: Readonly<Record<string, unknown>> | undefined;
  try {
    activity = asObject(parseJsonSafely(body));
  } catch {
    return { status: 400, reason: 'the body is not bounded JSON' };
  }
  const id = asUrl(activity?.id);
  const type = typeOf(activity);
  const actorUri = idOf(activity?.actor);
  if (activity === undefined || id === undefined || type === undefined || actorUri === undefined)
    return { status: 400, reason: 'expected an activity with an id, a type and an actor' };
  return { id, type, actorUri };
}

/** The checks in the order the gateway makes them: the signature's own (401), the body (400), then the key. */
export function checkDelivery(delivery: DeliveryToCheck, key: KeyObject | null): DeliveryCheck {
  const headers = new Map(delivery.headers);
  const request = {
    method: 'POST',
    url: delivery.url,
    header: (name: string) => headers.get(name),
    body: delivery.body,
  };
  const parsed = parseSignature(request, { expectedHost: delivery.expectedHost, now: delivery.now });
  if (!parsed.ok) return { outcome: 'refused', status: 401, reason: parsed.reason };
  const claimed = readActivity(delivery.body);
  if ('status' in claimed) return { outcome: 'refused', ...claimed };
  if (parsed.signature.keyId !== delivery.keyId || key === null || !verifyParsed(parsed.signature, key))
    return { outcome: 'unverified' };
  return { outcome: 'verified', claimed };
}

const KEY_ID = /keyid\s*=\s*"([^"]{1,2048})"/i;

/**
 * The key id a delivery names, found cheaply to look its key up before the signature is parsed (the
 * parse on the verifying thread must find the same one, or the delivery takes the gateway's path).
 */
export function claimedKeyId(headers: ReadonlyMap<string, string>): string | undefined {
  const header = headers.get('signature-input') ?? headers.get('signature') ?? headers.get('authorization');
  return header === undefined ? undefined : KEY_ID.exec(header)?.[1];
}
