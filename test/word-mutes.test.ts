/** Word mutes: hardMutedWords hide others' matching notes server-side; mutedWords are stored for the client, which collapses them. */
import t from 'tap';
import { ids } from './helpers/assert.js';
import { call, post, signup, startServer } from './helpers/server.js';

const TIMELINES = ['notes/timeline', 'notes/local-timeline', 'notes/hybrid-timeline', 'notes/global-timeline'];

t.test('word muting', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  await call(url, 'following/create', { userId: bob.id }, alice.token);
  const both = await post(url, bob.token, 'the film ending is a spoiler');
  const one = await post(url, bob.token, 'a spoiler alone');
  const pattern = await post(url, bob.token, { cw: 'LEAK', text: 'details' });
  const renoted = await post(url, bob.token, { renoteId: both.id });
  const soft = await post(url, bob.token, 'about cats');
  const mine = await post(url, alice.token, 'my own spoiler about the ending');
  const all = [both.id, one.id, pattern.id, renoted.id, soft.id, mine.id];
  const shown = async (endpoint: string, params: Record<string, unknown> = {}) => {
    const seen = ids(await call(url, endpoint, { limit: 100, ...params }, alice.token));
    return all.filter((id) => seen.includes(id));
  };

  await call(
    url,
    'i/update',
    { hardMutedWords: [['spoiler', 'ending'], '/^leak/i'], mutedWords: [['cats']] },
    alice.token,
  );
  const visible = [one.id, soft.id, mine.id];
  for (const endpoint of TIMELINES) t.same(await shown(endpoint), visible, endpoint);
  t.same(await shown('users/notes', { userId: bob.id }), [one.id, soft.id], 'users/notes');
  t.same(await shown('notes/renotes', { noteId: both.id }), [], 'a pure renote is tested by the renoted text');

  await call(url, 'i/update', { hardMutedWords: [] }, alice.token);
  for (const endpoint of TIMELINES) t.same(await shown(endpoint), all, `${endpoint} after clearing them`);
});
