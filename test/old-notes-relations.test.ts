/** Notes stored before `renoteUserId` and `threadId` existed (the first NOTE shape) are filtered by mutes and thread mutes all the same. */
import { open } from 'lmdb';
import t from 'tap';
import { recordEncoder, SHAPES } from '../src/store/index.js';
import { ids } from './helpers/assert.js';
import { call, post, signup, startServer, tempDir } from './helpers/server.js';

t.test('an old-shape renote and reply still hide behind a mute and a thread mute', async (t) => {
  const dataDir = tempDir();
  const server = await startServer({ dataDir });
  const alice = await signup(server.url, 'alice');
  const bob = await signup(server.url, 'bob');
  const carol = await signup(server.url, 'carol');
  await call(server.url, 'following/create', { userId: bob.id }, alice.token);
  const root = await post(server.url, carol.token, 'a thread by carol');
  const reply = await post(server.url, bob.token, { text: 'bob joins in, @alice', replyId: root.id });
  const deeper = await post(server.url, bob.token, { text: 'and goes on', replyId: reply.id });
  const renote = await post(server.url, bob.token, { renoteId: root.id });
  t.equal(await server.stop(), 0);

  // write bob's notes back without the two fields, as the first NOTE shape
  const env = open({ path: dataDir, maxDbs: 64 });
  const notes = env.openDB<Record<string, unknown>, string>({ name: 'notes', encoder: recordEncoder() } as never);
  for (const id of [reply.id, deeper.id, renote.id]) {
    const {
      renoteUserId: _renoteUserId,
      threadId: _threadId,
      fileIds: _fileIds,
      updatedAt: _updatedAt,
      ...old
    } = notes.get(id)!;
    await notes.put(id, old);
    t.equal(notes.getBinary(id)![0], 0x40 + SHAPES.indexOf(SHAPES[0]!), 'stored with the first NOTE shape');
  }
  await env.close();

  const again = await startServer({ dataDir });
  t.teardown(() => again.stop());
  const url = again.url;
  const timeline = async () => ids(await call(url, 'notes/timeline', { limit: 100 }, alice.token));
  // the reply to carol reaches no home timeline (a reply to someone else needs a withReplies follow)
  t.same(await timeline(), [renote.id, deeper.id]);
  await call(url, 'mute/create', { userId: carol.id }, alice.token);
  t.same(await timeline(), [deeper.id], 'the old renote of carol hides behind her mute');
  await call(url, 'mute/delete', { userId: carol.id }, alice.token);
  t.same(ids(await call(url, 'notes/mentions', {}, alice.token)), [reply.id]);
  await call(url, 'notes/thread-muting/create', { noteId: deeper.id }, alice.token);
  t.equal(
    (await call(url, 'notes/state', { noteId: root.id }, alice.token)).isMutedThread,
    true,
    'the old reply names its root',
  );
  t.same(ids(await call(url, 'notes/mentions', {}, alice.token)), [], 'the old reply is in the muted thread');
  t.same(await timeline(), [renote.id], 'so is the old reply to it, in the timeline');
});
