/**
 * Dates are bounded where they come in, and rendering is total: a stored note that cannot be rendered
 * is left out of a page (and logged), never a 500 for everyone reading that page.
 */
import t from 'tap';
import { openStore } from '../src/store/index.js';
import { ids, isApiError } from './helpers/assert.js';
import { api, call, http, post, signup, startServer, tempDir } from './helpers/server.js';

const YEAR_MS = 365 * 24 * 3_600_000;

t.test('poll expiries and paging dates outside what a Date holds, or absurdly far, answer 400', async (t) => {
  const server = await startServer();
  const alice = await signup(server.url, 'alice');
  const poll = (extra: Record<string, unknown>) => ({ text: 'poll', poll: { choices: ['a', 'b'], ...extra } });
  for (const extra of [
    { expiresAt: 8640000000000001 },
    { expiresAt: Date.now() + 200 * YEAR_MS },
    { expiredAfter: 8640000000000000 },
    { expiresAt: -5 },
  ]) {
    isApiError(t, await api(server.url, 'notes/create', poll(extra), alice.token), 400, 'INVALID_PARAM');
  }
  const fine = await post(server.url, alice.token, poll({ expiredAfter: 3_600_000 }));
  t.type(fine.poll.expiresAt, 'string', 'an hour-long poll is fine');
  for (const paging of [{ sinceDate: 8640000000000001 }, { untilDate: 1e300 }, { untilDate: -1 }]) {
    isApiError(t, await api(server.url, 'notes/local-timeline', paging), 400, 'INVALID_PARAM');
  }
  t.equal((await api(server.url, 'notes/local-timeline', {})).status, 200, 'the timeline still answers');
});

t.test(
  'a stored note that cannot be rendered is left out of lists, and a stored bad date renders as null',
  async (t) => {
    const dataDir = tempDir();
    let server = await startServer({ dataDir });
    const alice = await signup(server.url, 'alice');
    const before = await post(server.url, alice.token, 'before');
    const broken = await post(server.url, alice.token, { text: 'broken', visibility: 'followers' });
    // a public reply embeds the followers-only note, hidden from anonymous readers: rendering it hidden reads its body
    await post(server.url, alice.token, { text: 'thread', replyId: broken.id });
    const badDate = await post(server.url, alice.token, {
      text: 'poll',
      poll: { choices: ['a', 'b'], expiredAfter: 3_600_000 },
    });
    const after = await post(server.url, alice.token, 'after');
    await server.stop();

    // damage two records the way an older version or a bad migration could have written them
    const store = openStore({ path: dataDir, mapSizeMb: 1024 });
    const brokenRecord = store.notes.get(broken.id)!;
    await store.notes.put({ ...brokenRecord, body: '"not a fragment' });
    const pollRecord = store.notes.get(badDate.id)!;
    await store.notes.put({ ...pollRecord, poll: { ...pollRecord.poll!, expiresAt: 8640000000000001 } });
    await store.close();

    server = await startServer({ dataDir });
    const anonymous = await http(server.url, '/api/users/notes', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: alice.id, limit: 10 }),
    });
    t.equal(anonymous.status, 200, 'users/notes answers 200 with a note it cannot render among them');
    t.same(
      ids(anonymous.body),
      [after.id, badDate.id, before.id],
      'the reply embedding the unrenderable note is left out, the others are there',
    );
    const global = await call(server.url, 'notes/global-timeline', { limit: 10 });
    t.ok(ids(global).includes(badDate.id), 'the note with an unrepresentable poll date is listed');
    const shown = await call(server.url, 'notes/show', { noteId: badDate.id });
    t.equal(shown.poll.expiresAt, null, 'its expiry renders as null');
    t.ok(await server.waitForLine(/could not be rendered/), 'the failure is logged');
  },
);
