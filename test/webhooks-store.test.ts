/** store.webhooks: a user's hooks in one record, and the listener counts that keep unheard events cheap. */
import t from 'tap';
import { openStore, type WebhookRecord } from '../src/store/index.js';
import { tempDir } from './helpers/server.js';

const hook = (id: string, userId: string, on: WebhookRecord['on'], active = true): WebhookRecord => ({
  id,
  userId,
  name: id,
  url: 'https://example.com/hook',
  secret: 's',
  on,
  active,
  latestSentAt: null,
  latestStatus: null,
  flavour: 'misskey',
});

t.test('the listener counts follow every active hook, and vanish with the last one', async (t) => {
  const store = openStore({ path: tempDir('flock-webhooks-'), mapSizeMb: 64 });
  t.teardown(() => store.close());
  t.equal(store.webhooks.listening(), null, 'nothing listens at first');
  await store.transaction(() => {
    store.webhooks.replace('u1', [hook('a', 'u1', ['note', 'reply']), hook('b', 'u1', ['note'], false)]);
    store.webhooks.replace('u2', [hook('c', 'u2', ['note', 'mention'])]);
  });
  t.same(store.webhooks.listening(), { note: 2, reply: 1, mention: 1 }, 'inactive hooks are not counted');
  t.same(
    store.webhooks.activeFor('u1', 'note').map((h) => h.id),
    ['a'],
  );
  t.equal(store.webhooks.find('u2', 'a'), undefined, "another user's hook is not found");

  await store.transaction(() => {
    store.webhooks.replace('u1', [hook('a', 'u1', ['reply'], false), hook('b', 'u1', ['note'])]);
  });
  t.same(store.webhooks.listening(), { note: 2, mention: 1 }, 'turning hooks off and on moves the counts');
  await store.transaction(() => {
    store.webhooks.replace('u1', []);
    store.webhooks.replace('u2', []);
  });
  t.equal(store.webhooks.listening(), null, 'no active hook left: the record is gone');
  t.same(store.webhooks.of('u1'), []);
});
