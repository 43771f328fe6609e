/** A Piscina worker thread's entry: the actors of one worker, writing the stored fragments with the Misskey API's projection. */
import { workerData } from 'node:worker_threads';
import { startWorkerThread, type WorkerData } from './actors/index.js';
import { storedProjection } from './misskey/index.js';

const data = workerData as WorkerData;

export default startWorkerThread(data, storedProjection(data.settings.url));
