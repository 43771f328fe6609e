/** The notifications repository on a real LMDB store: a user's notifications stay bounded, unread is newer than the read pointer. */
import t from 'tap';
import { genId, NOTIFICATIONS_PER_USER, type NotificationRecord, openStore } from '../src/store/index.js';
import { tempDir } from './helpers/server.js';

const follow = (notifierId: string): NotificationRecord => ({
  type: 'follow',
  notifierId,
  noteId: null,
  reaction: null,
  roleId: null,
  body: null,
  header: null,
  icon: null,
});

t.test(
  'a flood keeps the newest NOTIFICATIONS_PER_USER (and a few being trimmed), and unread counts follow the pointer',
  async (t) => {
    const store = openStore({ path: tempDir(), mapSizeMb: 256 });
    t.teardown(() => store.close());
    const userId = genId();
    const ids: string[] = [];
    await store.transaction(() => {
      for (let i = 0; i < NOTIFICATIONS_PER_USER + 500; i++) {
        const id = genId();
        ids.push(id);
        store.notifications.add(userId, id, follow(`notifier${i}`));
      }
    });
    const kept = store.notifications.page(userId, {}, NOTIFICATIONS_PER_USER + 500, (id) => id);
    t.ok(kept.length >= NOTIFICATIONS_PER_USER && kept.length < NOTIFICATIONS_PER_USER + 32, `kept ${kept.length}`);
    t.equal(kept[0], ids.at(-1), 'the newest stay');
    t.notOk(kept.includes(ids[0]!), 'the oldest went');
    t.equal(store.notifications.newestId(userId), ids.at(-1));
    t.equal(store.notifications.hasUnread(userId), true);

    await store.transaction(() => store.notifications.markReadUpTo(userId, ids.at(-3)!));
    t.equal(store.notifications.unreadCount(userId, 100), 2, 'two newer than the pointer');
    t.equal(
      await store.transaction(() => store.notifications.markReadUpTo(userId, ids.at(-4)!)),
      false,
      'the pointer never moves back',
    );
    await store.transaction(() => store.notifications.markReadUpTo(userId, ids.at(-1)!));
    t.equal(store.notifications.hasUnread(userId), false);
    t.equal(store.notifications.unreadCount(userId, 100), 0);

    await store.transaction(() => store.notifications.flush(userId));
    t.equal(store.notifications.newestId(userId), undefined);
    t.same(
      store.notifications.page(genId(), {}, 10, (id) => id),
      [],
      "another user's are apart",
    );
  },
);
