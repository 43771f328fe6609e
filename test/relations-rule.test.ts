/** The one rule for what a viewer's blocks and mutes hide (domain/relations.ts), context by context, and Misskey's word-mute matching. */
import t from 'tap';
import { isHiddenFor, type NoteContext, type ViewerRelations } from '../src/domain/index.js';
import { compileWordMutes, matchesWordMutes } from '../src/domain/word-mutes.js';
import type { NoteRecord } from '../src/store/index.js';

const VIEWER = 'viewer0000000000';

function note(fields: Partial<NoteRecord>): NoteRecord {
  return {
    id: 'note000000000000',
    userId: 'author0000000000',
    userHost: null,
    text: 'hello',
    cw: null,
    visibility: 'public',
    localOnly: false,
    reactionAcceptance: null,
    replyId: null,
    renoteId: null,
    replyUserId: null,
    visibleUserIds: [],
    mentions: [],
    tags: [],
    poll: null,
    uri: null,
    url: null,
    reactions: {},
    renoteCount: 0,
    repliesCount: 0,
    body: '',
    renoteUserId: null,
    threadId: 'note000000000000',
    fileIds: [],
    updatedAt: null,
    ...fields,
  };
}

function viewer(fields: Partial<ViewerRelations>): ViewerRelations {
  return {
    userId: VIEWER,
    blocking: new Set(),
    blockedBy: new Set(),
    muting: new Set(),
    renoteMuting: new Set(),
    mutedThreads: new Set(),
    mutedWords: compileWordMutes([]),
    hardMutedWords: compileWordMutes([]),
    mutedInstances: new Set(),
    validUntil: Number.POSITIVE_INFINITY,
    hidesNothing: false,
    ...fields,
  };
}

const EVERY: NoteContext[] = ['home', 'local', 'hybrid', 'global', 'list', 'user', 'mentions', 'notes'];
const hiddenIn = (n: NoteRecord, v: ViewerRelations, renoted?: NoteRecord) =>
  EVERY.filter((context) => isHiddenFor(n, v, context, renoted));

t.test('a blocker: their notes, replies to them and renotes of them, everywhere', async (t) => {
  const v = viewer({ blockedBy: new Set(['blocker000000000']) });
  t.same(hiddenIn(note({ userId: 'blocker000000000' }), v), EVERY);
  t.same(hiddenIn(note({ replyId: 'x', replyUserId: 'blocker000000000' }), v), EVERY);
  t.same(hiddenIn(note({ renoteId: 'x', renoteUserId: 'blocker000000000' }), v), EVERY);
  t.same(hiddenIn(note({}), v), []);
});

t.test('a muted user: hidden everywhere but their own notes on their profile', async (t) => {
  const v = viewer({ muting: new Set(['muted00000000000']) });
  const others = EVERY.filter((c) => c !== 'user');
  t.same(hiddenIn(note({ userId: 'muted00000000000' }), v), others);
  t.same(hiddenIn(note({ replyId: 'x', replyUserId: 'muted00000000000' }), v), EVERY);
  t.same(hiddenIn(note({ renoteId: 'x', renoteUserId: 'muted00000000000', text: null }), v), EVERY);
  t.same(
    hiddenIn(note({ userId: 'muted00000000000', replyId: 'x', replyUserId: 'muted00000000000' }), v),
    others,
    'a reply to oneself counts as the author only',
  );
});

t.test("whom the viewer blocks leaves only the viewer's mentions", async (t) => {
  const v = viewer({ blocking: new Set(['blockee000000000']) });
  t.same(hiddenIn(note({ userId: 'blockee000000000' }), v), ['mentions']);
});

t.test('a renote mute hides pure renotes in timelines only; quotes and own notes stay', async (t) => {
  const v = viewer({ renoteMuting: new Set(['renoter000000000']) });
  const pure = note({ userId: 'renoter000000000', renoteId: 'x', renoteUserId: 'other00000000000', text: null });
  t.same(hiddenIn(pure, v), ['home', 'local', 'hybrid', 'global', 'list']);
  t.same(hiddenIn(note({ userId: 'renoter000000000', renoteId: 'x', renoteUserId: 'other00000000000' }), v), []);
  t.same(hiddenIn(note({ userId: 'renoter000000000' }), v), []);
});

t.test('a thread mute hides the thread in timelines and mentions', async (t) => {
  const v = viewer({ mutedThreads: new Set(['root000000000000']) });
  t.same(hiddenIn(note({ threadId: 'root000000000000' }), v), [
    'home',
    'local',
    'hybrid',
    'global',
    'list',
    'mentions',
  ]);
});

t.test('a muted instance hides its users’ notes', async (t) => {
  const v = viewer({ mutedInstances: new Set(['remote.example']) });
  t.same(hiddenIn(note({ userHost: 'remote.example' }), v), EVERY);
  t.same(hiddenIn(note({ userHost: 'other.example' }), v), []);
});

t.test(
  "hard word mutes hide others' matching notes (a pure renote by its renoted text); soft ones hide nothing",
  async (t) => {
    const v = viewer({ hardMutedWords: compileWordMutes([['spoiler', 'ending'], '/^secret/i']) });
    t.same(hiddenIn(note({ text: 'the ending, a spoiler' }), v), EVERY, 'every keyword of a set');
    t.same(hiddenIn(note({ text: 'only a spoiler' }), v), [], 'not just one of them');
    t.same(hiddenIn(note({ cw: 'SECRET', text: 'x' }), v), EVERY, 'a pattern tests the cw and the text');
    t.same(hiddenIn(note({ userId: VIEWER, text: 'secret' }), v), [], "the viewer's own notes never match");
    const renoted = note({ id: 'target0000000000', text: 'secret plans' });
    t.same(hiddenIn(note({ renoteId: renoted.id, text: null }), v, renoted), EVERY);
    const soft = viewer({ mutedWords: compileWordMutes([['spoiler']]) });
    t.same(hiddenIn(note({ text: 'spoiler' }), soft), [], 'mutedWords are for the client to collapse');
  },
);

t.test('word mutes follow check-word-mute: empty keywords, bad and slow patterns match nothing', async (t) => {
  const mutes = compileWordMutes([[''], ['', 'a b'], '/(/', '/(a+)+$/', 'plain', '/x/gy']);
  t.equal(mutes.keywordSets.length, 1);
  t.equal(mutes.patterns.length, 1, 'only /x/ compiles (g and y dropped)');
  t.ok(matchesWordMutes({ cw: null, text: 'say a b' }, mutes));
  t.ok(matchesWordMutes({ cw: null, text: 'x' }, mutes));
  t.ok(matchesWordMutes({ cw: null, text: 'x' }, mutes), 'matching is stateless');
  t.notOk(matchesWordMutes({ cw: null, text: `${'a'.repeat(40)}!` }, mutes));
  t.notOk(matchesWordMutes({ cw: null, text: '   ' }, mutes));
});
