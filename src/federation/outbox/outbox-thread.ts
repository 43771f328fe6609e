/**
 * The outbox's thread: signing (an RSA-2048 signature per request, about a millisecond) and the
 * deliveries' I/O run here, off the gateway's thread, and so do webhook calls (whose outcomes go to the
 * main thread, for the hooks' owners to record). It opens the store for itself (LMDB is shared
 * between threads) and answers the main thread's requests (stats, retry, drop, stop).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../../config/index.js';
import { setLogLevel } from '../../log/index.js';
import { openStore } from '../../store/index.js';
import { GuardedFetcher } from '../fetcher.js';
import { ActorKeyService } from '../keys.js';
import { FederationUrls } from '../urls.js';
import { Outbox } from './outbox.js';
import type { OutboxReply, OutboxRequest } from './outbox-protocol.js';
import type { HookCallReport } from './webhook-calls.js';

const port = parentPort;
if (port === null) throw new Error('Expected to run as a worker thread');
const config = (workerData as { config: Config }).config;
setLogLevel(config.logLevel);
const store = openStore({ path: config.dataDir, mapSizeMb: config.mapSizeMb });
const urls = new FederationUrls(config.url);
const fetcher = new GuardedFetcher({
  allowedNetworks: config.allowedPrivateNetworks,
  ownOrigin: urls.origin,
  readTimeoutMs: config.deliveryTimeoutMs,
});
const reply = (message: OutboxReply) => port.postMessage(message);
const onHookCall = (report: HookCallReport) => reply({ kind: 'hookCall', report });
const outbox = new Outbox({ config, store, urls, keys: new ActorKeyService(store), fetcher, onHookCall });
outbox.start();

const STATS_MS = 500;
const statsTimer = setInterval(() => reply({ kind: 'stats', stats: outbox.stats() }), STATS_MS);

port.on('message', (request: OutboxRequest) => {
  switch (request.kind) {
    case 'retry':
      reply({ kind: 'done', id: request.id, count: outbox.retryNow(request.host ?? undefined) });
      break;
    case 'drop':
      void outbox.drop(request.host).then((count) => reply({ kind: 'done', id: request.id, count }));
      break;
    case 'stop':
      clearInterval(statsTimer);
      void outbox
        .stop(request.timeoutMs)
        .then(() => fetcher.close())
        .then(() => store.close())
        .finally(() => reply({ kind: 'stopped' }));
      break;
  }
});
