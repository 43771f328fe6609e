/** The thread-boundary codec: declared protocol shapes and arbitrary client values both round-trip, and a message of another format version is refused. */
import t from 'tap';
import {
  decodeBatch,
  decodeResult,
  encodeBatch,
  encodeResult,
  FORMAT_VERSION,
  UnknownFormatError,
} from '../src/actors/codec.js';
import type { Batch, BatchResult } from '../src/actors/protocol.js';

const note = {
  text: 'hi',
  cw: null,
  visibility: 'public' as const,
  visibleUserIds: [],
  localOnly: false,
  reactionAcceptance: null,
  replyId: null,
  renoteId: null,
  poll: { choices: ['a', 'b'], multiple: false, expiresAt: null },
  fileIds: [],
};

t.test('a batch of commands and its result come back as they were sent', async (t) => {
  const batch: Batch = {
    shards: [
      {
        shard: 3,
        commands: [
          { op: 'note.create', args: { userId: 'u1', note } },
          { op: 'note.create', args: { userId: 'u2', note: { ...note, poll: null } } },
          { op: 'timeline.page', args: { userId: 'u1', since: null, until: 'x', ascending: false, limit: 20 } },
        ],
      },
    ],
  };
  t.same(decodeBatch(encodeBatch(batch)), batch);
  const result: BatchResult = {
    replies: [
      { ok: true, value: { noteId: 'n1' } },
      { ok: false, error: 'noSuchUser' },
      { ok: true, value: { entries: ['a'], more: false } },
    ],
    outgoing: [
      { shard: 1, command: { op: 'timeline.push', args: { userIds: ['a', 'b'], noteId: 'n1', flags: 0 } }, cause: 0 },
    ],
    events: [
      { type: 'noteCreated', noteId: 'n1', userId: 'u1' },
      { type: 'noteReacted', noteId: 'n0', userId: 'u1', reaction: '👍' },
      { type: 'tokensRevoked', userId: 'u1', tokenKeys: ['k1', 'k2'] },
      { type: 'registryChanged', userId: 'u1', domain: null, scope: ['a'], key: 'k' },
    ],
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
    const back = (
      decodeBatch(encodeBatch(batch)).shards[0]!.commands[0]!.args as unknown as { patch: { fields: unknown[] } }
    ).patch.fields[0];
    t.same(back, value);
    t.same(Object.keys(back as object), Object.keys(value), 'key order kept');
  }
});

t.test('every message starts with the format version', async (t) => {
  t.equal(encodeBatch({ shards: [] })[0], FORMAT_VERSION, 'a batch');
  t.equal(encodeResult({ replies: [], outgoing: [], events: [] })[0], FORMAT_VERSION, 'a result');
});

t.test('a message of another version, or no message at all, is refused with a clear error', async (t) => {
  const batch = encodeBatch({ shards: [{ shard: 0, commands: [{ op: 'note.fanout', args: { noteId: 'n1' } }] }] });
  const future = Uint8Array.from(batch);
  future[0] = FORMAT_VERSION + 1;
  t.throws(() => decodeBatch(future), new UnknownFormatError(FORMAT_VERSION + 1), 'a batch of the next version');
  t.throws(() => decodeBatch(future), {
    message: `Expected an actor message of format version ${FORMAT_VERSION}, got version ${FORMAT_VERSION + 1}`,
  });
  const result = Uint8Array.from(encodeResult({ replies: [{ ok: true, value: null }], outgoing: [], events: [] }));
  result[0] = 0;
  const refused = (() => {
    try {
      decodeResult(result);
    } catch (err) {
      return err;
    }
  })();
  t.ok(refused instanceof UnknownFormatError, 'a result of version 0');
  t.equal((refused as UnknownFormatError).version, 0, 'naming the version found');
  t.throws(() => decodeBatch(new Uint8Array(0)), {
    message: `Expected an actor message of format version ${FORMAT_VERSION}, got an empty message`,
  });
  t.same(
    decodeBatch(batch),
    { shards: [{ shard: 0, commands: [{ op: 'note.fanout', args: { noteId: 'n1' } }] }] },
    'the message itself still reads',
  );
});
