/**
 * The outbox's signing thread: RSA signatures (most of a delivery's CPU) made beside the thread that
 * sends the requests, so on two cores one signs while the other talks HTTP. Takes batches of strings to
 * sign, each with its signer's key (the PEM sent once per signer, parsed once here).
 */
import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { SignBatch, SignedBatch } from './batch-signer.js';

const port = parentPort;
if (port === null) throw new Error('Expected to run as a worker thread');
const keys = new Map<string, KeyObject>();

port.on('message', (batch: SignBatch) => {
  for (const [signerId, pem] of batch.keys) keys.set(signerId, createPrivateKey(pem));
  const signatures = batch.items.map(([signerId, text]) => {
    const key = keys.get(signerId);
    return key === undefined ? null : createSign('sha256').update(text).sign(key, 'base64');
  });
  port.postMessage({ id: batch.id, signatures } satisfies SignedBatch);
});
