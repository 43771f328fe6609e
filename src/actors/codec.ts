/** msgpackr encoding of batches crossing the thread boundary (copied out of msgpackr's shared buffer so it can be posted). */
import { Packr } from 'msgpackr';
import type { Batch, BatchResult } from './protocol.js';

const packr = new Packr({ useRecords: true, moreTypes: false });

export const encodeBatch = (batch: Batch): Uint8Array => new Uint8Array(packr.pack(batch));
export const decodeBatch = (bytes: Uint8Array): Batch => packr.unpack(bytes) as Batch;
export const encodeResult = (result: BatchResult): Uint8Array => new Uint8Array(packr.pack(result));
export const decodeResult = (bytes: Uint8Array): BatchResult => packr.unpack(bytes) as BatchResult;
