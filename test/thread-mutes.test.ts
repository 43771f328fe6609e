/** Thread mutes: every note of a muted reply thread leaves the muter's timelines and mentions, until unmuted. */
import t from 'tap';
import { ids, isApiError } from './helpers/assert.js';
import { api, call, post, signup, startServer } from './helpers/server.js';

const TIMELINES = ['notes/timeline', 'notes/local-timeline', 'notes/hybrid-timeline', 'notes/global-timeline'];

t.test('thread muting', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  await call(url, 'following/create', { userId: bob.id }, alice.token);
  const root = await post(url, bob.token, 'a thread starts');
  const reply = await post(url, bob.token, { text: 'and goes on, @alice', replyId: root.id });
  const deeper = await post(url, bob.token, { text: 'and on', replyId: reply.id });
  const elsewhere = await post(url, bob.token, 'another subject, @alice');
  const thread = [root.id, reply.id, deeper.id];
  const shown = async (endpoint: string) => {
    const seen = ids(await call(url, endpoint, { limit: 100, withReplies: true }, alice.token));
    return [...thread, elsewhere.id].filter((id) => seen.includes(id));
  };

  t.equal((await api(url, 'notes/thread-muting/create', { noteId: deeper.id }, alice.token)).status, 204);
  t.same(await call(url, 'notes/state', { noteId: root.id }, alice.token), { isFavorited: false, isMutedThread: true });
  t.same((await call(url, 'notes/state', { noteId: reply.id }, bob.token)).isMutedThread, false, 'the mute is alice’s');
  for (const endpoint of TIMELINES) t.same(await shown(endpoint), [elsewhere.id], endpoint);
  t.same(await shown('notes/mentions'), [elsewhere.id]);
  t.same(ids(await call(url, 'notes/children', { noteId: root.id }, alice.token)), [reply.id], 'children stay');
  const later = await post(url, bob.token, { text: 'a later reply', replyId: root.id });
  t.notOk(ids(await call(url, 'notes/global-timeline', {}, alice.token)).includes(later.id), 'later replies too');

  isApiError(
    t,
    await api(url, 'notes/thread-muting/create', { noteId: 'aaaaaaaaaaaaaaaa' }, alice.token),
    400,
    'NO_SUCH_NOTE',
    '5ff67ada-ed3b-2e71-8e87-a1a421e177d2',
  );
  isApiError(
    t,
    await api(url, 'notes/thread-muting/delete', { noteId: 'aaaaaaaaaaaaaaaa' }, alice.token),
    400,
    'NO_SUCH_NOTE',
    'bddd57ac-ceb3-b29d-4334-86ea5fae481a',
  );

  t.equal((await api(url, 'notes/thread-muting/delete', { noteId: root.id }, alice.token)).status, 204);
  t.equal((await call(url, 'notes/state', { noteId: deeper.id }, alice.token)).isMutedThread, false);
  t.same(await shown('notes/global-timeline'), [...thread, elsewhere.id]);
  t.same(await shown('notes/mentions'), [reply.id, elsewhere.id]);
});
