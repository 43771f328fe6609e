/**
 * Who sees public / home / followers / specified notes in notes/show, users/notes, the home, local and
 * global timelines, and notes/mentions (Misskey's rules; unreadable notes come back hidden from notes/show).
 */
import t from 'tap';
import { ids } from './helpers/assert.js';
import { type Account, api, call, post, type Server, signup, startServer } from './helpers/server.js';

let server: Server;
/** author of every note */
let author: Account;
/** follows author */
let follower: Account;
/** follows nobody, is not addressed */
let stranger: Account;
/** addressed by the specified note, does not follow */
let addressee: Account;
const notes: Record<'pub' | 'home' | 'fol' | 'spec' | 'mention' | 'folMention', { id: string }> = {} as never;

t.before(async () => {
  server = await startServer();
  author = await signup(server.url, 'author');
  follower = await signup(server.url, 'follower');
  stranger = await signup(server.url, 'stranger');
  addressee = await signup(server.url, 'addressee');
  await call(server.url, 'following/create', { userId: author.id }, follower.token);
  notes.pub = await post(server.url, author.token, { text: 'public note', visibility: 'public' });
  notes.home = await post(server.url, author.token, { text: 'home note', visibility: 'home' });
  notes.fol = await post(server.url, author.token, { text: 'followers note', visibility: 'followers' });
  notes.spec = await post(server.url, author.token, {
    text: 'specified note',
    visibility: 'specified',
    visibleUserIds: [addressee.id],
  });
  notes.mention = await post(server.url, author.token, { text: 'hello @stranger', visibility: 'public' });
  notes.folMention = await post(server.url, author.token, { text: 'psst @stranger', visibility: 'followers' });
});

type Who = 'author' | 'follower' | 'stranger' | 'addressee' | 'anonymous';
const tokenOf = (who: Who) => ({ author, follower, stranger, addressee, anonymous: undefined })[who]?.token;
const texts: Record<keyof typeof notes, string> = {
  pub: 'public note',
  home: 'home note',
  fol: 'followers note',
  spec: 'specified note',
  mention: 'hello @stranger',
  folMention: 'psst @stranger',
};

/** Which of the notes each viewer may read. */
const readable: Record<Who, (keyof typeof notes)[]> = {
  author: ['pub', 'home', 'fol', 'spec', 'mention', 'folMention'],
  follower: ['pub', 'home', 'fol', 'mention', 'folMention'],
  stranger: ['pub', 'home', 'mention', 'folMention'],
  addressee: ['pub', 'home', 'spec', 'mention'],
  anonymous: ['pub', 'home', 'mention'],
};

t.test('notes/show: readable notes in full, the others hidden (text null, isHidden true)', async (t) => {
  for (const who of Object.keys(readable) as Who[]) {
    for (const key of Object.keys(notes) as (keyof typeof notes)[]) {
      const res = await api(server.url, 'notes/show', { noteId: notes[key].id }, tokenOf(who));
      t.equal(res.status, 200, `${who} gets ${key} with 200`);
      if (readable[who].includes(key)) {
        t.equal(res.body?.text, texts[key], `${who} reads ${key}`);
        t.notOk(res.body?.isHidden, `${key} is not hidden from ${who}`);
      } else {
        t.match(
          res.body,
          { id: notes[key].id, text: null, cw: null, isHidden: true, files: [], fileIds: [] },
          `${key} is hidden from ${who}`,
        );
        t.notOk('poll' in res.body, 'no poll on a hidden note');
      }
    }
  }
});

t.test('the note keeps its visibility, and visibleUserIds only on specified notes', async (t) => {
  const spec = await call(server.url, 'notes/show', { noteId: notes.spec.id }, author.token);
  t.equal(spec.visibility, 'specified');
  t.same(spec.visibleUserIds, [addressee.id]);
  const fol = await call(server.url, 'notes/show', { noteId: notes.fol.id }, follower.token);
  t.equal(fol.visibility, 'followers');
  t.notOk('visibleUserIds' in fol, 'no visibleUserIds on a followers note');
  const mention = await call(server.url, 'notes/show', { noteId: notes.mention.id });
  t.same(mention.mentions, [stranger.id], 'mentions lists the mentioned user id');
});

t.test('users/notes lists only the notes the viewer may read', async (t) => {
  for (const who of Object.keys(readable) as Who[]) {
    const list = await call(server.url, 'users/notes', { userId: author.id, limit: 100 }, tokenOf(who));
    t.same(new Set(ids(list)), new Set(readable[who].map((k) => notes[k].id)), `users/notes for ${who}`);
    t.notOk(
      list.some((n: { isHidden?: boolean }) => n.isHidden),
      `no hidden placeholders for ${who}`,
    );
  }
});

t.test('home timeline: followers get public, home and followers notes; strangers nothing', async (t) => {
  const forFollower = ids(await call(server.url, 'notes/timeline', { limit: 100 }, follower.token));
  t.same(
    new Set(forFollower),
    new Set(['pub', 'home', 'fol', 'mention', 'folMention'].map((k) => notes[k as keyof typeof notes].id)),
    'follower',
  );
  const forAuthor = ids(await call(server.url, 'notes/timeline', { limit: 100 }, author.token));
  t.same(new Set(forAuthor), new Set(Object.values(notes).map((n) => n.id)), 'the author sees all their own notes');
  const forStranger = ids(await call(server.url, 'notes/timeline', { limit: 100 }, stranger.token));
  t.notOk(
    forStranger.some((id) => [notes.pub.id, notes.home.id, notes.fol.id, notes.spec.id].includes(id)),
    "a stranger follows nobody: none of the author's unaddressed notes",
  );
  const forAddressee = ids(await call(server.url, 'notes/timeline', { limit: 100 }, addressee.token));
  t.notOk(forAddressee.includes(notes.fol.id), 'no followers note for a non-follower');
  t.notOk(forAddressee.includes(notes.pub.id), 'no public note from someone not followed');
});

t.test('local and global timelines carry public notes only (home notes excluded)', async (t) => {
  const publicIds = new Set([notes.pub.id, notes.mention.id]);
  for (const endpoint of ['notes/local-timeline', 'notes/global-timeline']) {
    for (const who of ['anonymous', 'stranger', 'author'] as Who[]) {
      const res = await api(server.url, endpoint, { limit: 100 }, tokenOf(who));
      t.equal(res.status, 200, `${endpoint} for ${who}`);
      t.same(new Set(ids(res.body)), publicIds, `${endpoint} for ${who}: public notes only`);
    }
  }
});

t.test('notes/mentions: mentioned and addressed users get the note; others do not', async (t) => {
  const forStranger = ids(await call(server.url, 'notes/mentions', { limit: 100 }, stranger.token));
  t.same(
    new Set(forStranger),
    new Set([notes.mention.id, notes.folMention.id]),
    'mentions of stranger, including the followers-only one',
  );
  const forAddressee = ids(await call(server.url, 'notes/mentions', { limit: 100 }, addressee.token));
  t.same(forAddressee, [notes.spec.id], 'the specified note counts as a mention of its addressee');
  const direct = ids(
    await call(server.url, 'notes/mentions', { limit: 100, visibility: 'specified' }, addressee.token),
  );
  t.same(direct, [notes.spec.id], 'visibility: specified gives the direct notes');
  const forFollower = ids(await call(server.url, 'notes/mentions', { limit: 100 }, follower.token));
  t.same(forFollower, [], 'nothing for the follower');
  const forAuthor = ids(await call(server.url, 'notes/mentions', { limit: 100 }, author.token));
  t.same(forAuthor, [], 'your own notes are not mentions of you');
});

t.test('replies to a followers-only note are visible to its author', async (t) => {
  const reply = await post(server.url, follower.token, {
    text: 'only you and my followers',
    visibility: 'followers',
    replyId: notes.pub.id,
  });
  const asAuthor = await call(server.url, 'notes/show', { noteId: reply.id }, author.token);
  t.equal(asAuthor.text, 'only you and my followers', 'the replied-to author reads a followers-only reply');
  const asStranger = await call(server.url, 'notes/show', { noteId: reply.id }, stranger.token);
  t.equal(asStranger.isHidden, true, 'a stranger does not');
});

t.test('following makes followers-only notes readable; unfollowing hides them again', async (t) => {
  const before = await call(server.url, 'notes/show', { noteId: notes.fol.id }, addressee.token);
  t.equal(before.isHidden, true, 'hidden before following');
  await call(server.url, 'following/create', { userId: author.id }, addressee.token);
  const during = await call(server.url, 'notes/show', { noteId: notes.fol.id }, addressee.token);
  t.equal(during.text, 'followers note', 'readable while following');
  const listed = ids(await call(server.url, 'users/notes', { userId: author.id, limit: 100 }, addressee.token));
  t.ok(listed.includes(notes.fol.id), 'and listed in users/notes');
  await call(server.url, 'following/delete', { userId: author.id }, addressee.token);
  const after = await call(server.url, 'notes/show', { noteId: notes.fol.id }, addressee.token);
  t.equal(after.isHidden, true, 'hidden again after unfollowing');
});
