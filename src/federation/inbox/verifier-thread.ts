/**
 * One of the inbox's verifying threads: checks batches of deliveries and signatures (batch-verifier.ts) beside
 * the gateway thread. Keys come as PEM, once per key id, and are kept parsed here; a key that does not
 * parse verifies nothing.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { verifyParsed } from '../http-signatures.js';
import {
  VERIFIER_KEYS,
  type VerifiedBatch,
  type VerifyAnswer,
  type VerifyBatch,
  type VerifyItem,
} from './batch-verifier.js';
import { checkDelivery } from './delivery-check.js';

const port = parentPort;
if (port === null) throw new Error('Expected to run as a worker thread');
const keys = new Map<string, KeyObject | null>();

const parsedKey = (pem: string) => {
  try {
    return createPublicKey(pem);
  } catch {
    return null;
  }
};

function answer(item: VerifyItem): VerifyAnswer {
  const key = keys.get(item.kind === 'delivery' ? item.delivery.keyId : item.keyId);
  if (key === undefined) return null;
  if (item.kind === 'delivery') return checkDelivery(item.delivery, key);
  return key !== null && verifyParsed(item, key);
}

/** Answers go back this many at a time: a sender's request waits for its own check, not the batch's last. */
const ANSWER_EVERY = 8;

port.on('message', (batch: VerifyBatch) => {
  // past the bound, start again: the gateway sends a key again when told it is missing
  if (keys.size + batch.keys.length > VERIFIER_KEYS) keys.clear();
  for (const [keyId, pem] of batch.keys) keys.set(keyId, parsedKey(pem));
  for (let from = 0; from < batch.items.length; from += ANSWER_EVERY) {
    const answers = batch.items.slice(from, from + ANSWER_EVERY).map(answer);
    port.postMessage({ id: batch.id, from, answers } satisfies VerifiedBatch);
  }
});
