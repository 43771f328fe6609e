/**
 * One of the outbox's signing threads (`deliverySigningThreads`): RSA signatures, most of a delivery's
 * CPU, made beside the thread that sends the requests, so a large fan-out signs on every core while the
 * sending thread talks HTTP. Takes batches of strings to sign, each with its signer's key (the PEM sent
 * once per signer and thread, parsed once here).
 */
import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { SignBatch, SignedBatch } from './batch-signer.js';

const port = parentPort;
if (port === null) throw new Error('Expected to run as a worker thread');
const keys = new Map<string, KeyObject>();

/**
 * Signatures go back a few at a time rather than a batch at once: the first requests of a large batch
 * can be sent while the rest are signed.
 */
const ANSWER_EVERY = 4;

port.on('message', (batch: SignBatch) => {
  for (const [signerId, pem] of batch.keys) keys.set(signerId, createPrivateKey(pem));
  let signatures: (string | null)[] = [];
  let from = 0;
  batch.items.forEach(([signerId, text], i) => {
    const key = keys.get(signerId);
    signatures.push(key === undefined ? null : createSign('sha256').update(text).sign(key, 'base64'));
    if (signatures.length === ANSWER_EVERY || i === batch.items.length - 1) {
      port.postMessage({ id: batch.id, from, signatures } satisfies SignedBatch);
      from = i + 1;
      signatures = [];
    }
  });
});
