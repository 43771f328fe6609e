/** The thread-boundary codec: declared protocol shapes and arbitrary client values both round-trip. */
import t from 'tap';
import { decodeBatch, decodeResult, encodeBatch, encodeResult } from '../src/actors/codec.js';
import type { Batch, BatchResult } from '../src/actors/protocol.js';

const note = { text: 'hi', cw: null, visibility: 'public' as const, visibleUserIds: [], localOnly: false, reactionAcceptance: null, replyId: null, renoteId: null, poll: { choices: ['a', 'b'], multiple: false, expiresAt: null } };

t.test('a batch of commands and its result come back as they were sent', async (t) => {
  const batch: Batch = {
    shards: [{ shard: 3, commands: [
      { op: 'note.create', args: { userId: 'u1', note } },
      { op: 'note.create', args: { userId: 'u2', note: { ...note, poll: null } } },
      { op: 'timeline.page', args: { userId: 'u1', since: null, until: 'x', ascending: false, limit: 20 } },
    ] }],
  };
  t.same(decodeBatch(encodeBatch(batch)), batch);
  const result: BatchResult = {
    replies: [[{ ok: true, value: { noteId: 'n1' } }, { ok: false, error: 'noSuchUser' }, { ok: true, value: { entries: ['a'], more: false } }]],
    outgoing: [{ shard: 1, group: 'n1', command: { op: 'timeline.push', args: { userIds: ['a', 'b'], noteId: 'n1', flags: 0 } } }],
    changed: { notes: ['n1'], users: [], tokens: [] },
  };
  t.same(decodeResult(encodeResult(result)), result);
});

t.test('an object of client-chosen keys keeps its keys, order and nesting, whatever they look like', async (t) => {
  const values = [
    { op: 'x', args: 1, more: true },
    { ok: true, value: { nested: ['deep', { '❤': 1 }] } },
    { ok: true, value: 1, extra: 2 },
    { '': 0, __proto_x: 1, 'a b': [null] },
    {},
  ];
  for (const value of values) {
    // a profile patch is the command that carries a client's objects (profile fields) across
    const args = { userId: 'u', patch: { fields: [value] } } as unknown as { userId: string; patch: object };
    const batch = { shards: [{ shard: 0, commands: [{ op: 'user.update', args }] }] } as Batch;
    const back = (decodeBatch(encodeBatch(batch)).shards[0]!.commands[0]!.args as unknown as { patch: { fields: unknown[] } }).patch.fields[0];
    t.same(back, value);
    t.same(Object.keys(back as object), Object.keys(value), 'key order kept');
  }
});
