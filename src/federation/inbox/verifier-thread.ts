/**
 * The inbox's verifying thread: checks batches of HTTP signatures (the RSA verification is the largest
 * single cost of accepting an activity) beside the gateway thread. Keys come as PEM, once per key id,
 * and are kept parsed here; a key that does not parse verifies nothing.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { verifyParsed } from '../http-signatures.js';
import { VERIFIER_KEYS, type VerifiedBatch, type VerifyBatch } from './batch-verifier.js';

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

port.on('message', (batch: VerifyBatch) => {
  // past the bound, start again: the gateway sends a key again when told it is missing
  if (keys.size + batch.keys.length > VERIFIER_KEYS) keys.clear();
  for (const [keyId, pem] of batch.keys) keys.set(keyId, parsedKey(pem));
  const results = batch.items.map(([keyId, algorithm, signature, candidates]) => {
    const key = keys.get(keyId);
    if (key === undefined) return null;
    return key !== null && verifyParsed({ algorithm, signature, candidates }, key);
  });
  port.postMessage({ id: batch.id, results } satisfies VerifiedBatch);
});
