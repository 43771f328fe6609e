/**
 * The main LMDB environment holds every acknowledged write, so it syncs on commit; only the timelines
 * environment (rebuilt from the main one after a crash) is opened with noSync.
 */
import t from 'tap';
import { openStore } from '../src/store/index.js';
import { tempDir } from './helpers/server.js';

t.test('openStore: the main environment syncs on commit, the timelines environment does not', async (t) => {
  const store = openStore({ path: tempDir(), mapSizeMb: 64 });
  try {
    const { mainSyncsCommits, timelinesSyncCommits } = store.durability();
    t.equal(mainSyncsCommits, true, 'main: noSync and noMetaSync are off');
    t.equal(timelinesSyncCommits, false, 'timelines: noSync is on');
  } finally {
    await store.close();
  }
});
