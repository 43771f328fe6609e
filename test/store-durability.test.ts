/**
 * The main LMDB environment holds every acknowledged write, so it syncs on commit; only the timelines
 * environment (rebuilt from the main one after a crash) is opened with noSync.
 */
import t from 'tap';
import { tempDir } from './helpers/server.js';
import { openStore } from '../src/store/index.js';

t.test('openStore: the main environment syncs on commit, the timelines environment does not', async (t) => {
  const store = openStore({ path: tempDir(), mapSizeMb: 64 });
  try {
    // lmdb-js exposes the open flags on the environment
    const main = store.env as unknown as { noSync?: boolean; noMetaSync?: boolean };
    const timelines = store.timelineEnv as unknown as { noSync?: boolean };
    t.notOk(main.noSync, 'main: noSync is off');
    t.notOk(main.noMetaSync, 'main: noMetaSync is off');
    t.equal(timelines.noSync, true, 'timelines: noSync is on');
  } finally {
    await store.close();
  }
});
