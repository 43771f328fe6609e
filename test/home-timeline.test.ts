/**
 * Home timelines live in the timeline actors' memory, are flushed to LMDB behind the writes and
 * rebuilt from notes after a crash: bounded length, paging across flushed chunks, hybrid merging,
 * and survival of SIGTERM and SIGKILL with a different worker count on the next start.
 */
import t from 'tap';
import { TIMELINE_CHUNK } from '../src/store/index.js';
import { ids } from './helpers/assert.js';
import { type Account, api, call, post, signup, sleep, startServer, tempDir } from './helpers/server.js';

/** Every id of a listing, following untilId until it runs out. */
async function walk(url: string, endpoint: string, token: string): Promise<string[]> {
  const all: string[] = [];
  for (let untilId: string | undefined; ; ) {
    const page = ids(await call(url, endpoint, { limit: 100, ...(untilId === undefined ? {} : { untilId }) }, token));
    if (page.length === 0) return all;
    all.push(...page);
    untilId = page[page.length - 1];
  }
}

t.test(
  'a home timeline keeps the newest notes, bounded near homeTimelineMax, and pages across flushed chunks',
  async (t) => {
    const dataDir = tempDir();
    const env = { FLOCK_HOME_TIMELINE_MAX: '20', FLOCK_TIMELINE_FLUSH_MS: '50' };
    const server = await startServer({ dataDir, env });
    const alice = await signup(server.url, 'alice');
    const bob = await signup(server.url, 'bob');
    await call(server.url, 'following/create', { userId: alice.id }, bob.token);
    const posted: string[] = [];
    for (let n = 0; n < 160; n++) posted.push((await post(server.url, alice.token, `note ${n}`)).id);
    const newestFirst = [...posted].reverse();

    const kept = await walk(server.url, 'notes/timeline', bob.token);
    t.ok(kept.length >= 20, `at least homeTimelineMax notes are kept (${kept.length})`);
    t.ok(
      kept.length <= Math.max(20 * 1.1, 20 + TIMELINE_CHUNK - 1),
      `and at most homeTimelineMax + slack or + one chunk (${kept.length})`,
    );
    t.same(
      kept,
      newestFirst.slice(0, kept.length),
      'the kept ones are the newest, newest first, without gaps across chunks',
    );
    const ascending = ids(
      await call(server.url, 'notes/timeline', { sinceId: kept[kept.length - 1], limit: 5 }, bob.token),
    );
    t.same(ascending, [...kept].reverse().slice(1, 6), 'sinceId alone pages upwards from the oldest kept note');

    t.equal(await server.stop(), 0);
    const again = await startServer({ dataDir, env });
    t.same(await walk(again.url, 'notes/timeline', bob.token), kept, 'the same timeline after a restart');
    await again.stop();
  },
);

t.test(
  "notes answered 200 are in the followers' home timelines after kill -9, also when the worker count changes",
  async (t) => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir, env: { FLOCK_WORKERS: '2', FLOCK_SHARDS: '8' } });
    const authors: Account[] = [];
    for (const name of ['carol', 'dave', 'erin']) authors.push(await signup(first.url, name));
    const reader = await signup(first.url, 'reader');
    for (const a of authors) await call(first.url, 'following/create', { userId: a.id }, reader.token);
    const posted: string[] = [];
    for (let n = 0; n < 30; n++) posted.push((await post(first.url, authors[n % 3]!.token, `crash ${n}`)).id);
    await first.kill();

    const second = await startServer({ dataDir, env: { FLOCK_WORKERS: '1', FLOCK_SHARDS: '8' } });
    const tl = await walk(second.url, 'notes/timeline', reader.token);
    t.same(tl, [...posted].reverse(), 'every note, newest first, rebuilt from the stored notes');
    const own = await walk(second.url, 'notes/timeline', authors[0]!.token);
    t.same(own, posted.filter((_, n) => n % 3 === 0).reverse(), "an author's own notes are in their home timeline");
    t.equal(await second.stop(), 0);

    const third = await startServer({ dataDir, env: { FLOCK_WORKERS: '2', FLOCK_SHARDS: '8' } });
    t.same(
      await walk(third.url, 'notes/timeline', reader.token),
      [...posted].reverse(),
      'and after a clean stop and another worker count',
    );
    await third.stop();
  },
);

t.test(
  'the hybrid timeline merges the home timeline with local public notes, newest first, each note once',
  async (t) => {
    const server = await startServer();
    const viewer = await signup(server.url, 'viewer');
    const friend = await signup(server.url, 'friend');
    const stranger = await signup(server.url, 'stranger');
    await call(server.url, 'following/create', { userId: friend.id }, viewer.token);
    const expected: string[] = [];
    const hidden: string[] = [];
    for (let n = 0; n < 12; n++) {
      expected.push(
        (
          await post(server.url, friend.token, {
            text: `friend ${n}`,
            visibility: n % 2 === 0 ? 'public' : 'followers',
          })
        ).id,
      );
      const strangerNote = await post(server.url, stranger.token, {
        text: `stranger ${n}`,
        visibility: n % 3 === 0 ? 'home' : 'public',
      });
      (n % 3 === 0 ? hidden : expected).push(strangerNote.id);
    }
    expected.push((await post(server.url, viewer.token, 'mine')).id);
    const newestFirst = [...expected].reverse();

    const hybrid = await walk(server.url, 'notes/hybrid-timeline', viewer.token);
    t.same(
      hybrid,
      newestFirst,
      "followed users' notes (followers-only too), own notes and local public notes, in id order",
    );
    t.notOk(
      hybrid.some((id) => hidden.includes(id)),
      "a stranger's home-visibility notes are not in it",
    );
    const firstPage = ids(await call(server.url, 'notes/hybrid-timeline', { limit: 5 }, viewer.token));
    const secondPage = ids(
      await call(server.url, 'notes/hybrid-timeline', { limit: 5, untilId: firstPage[4] }, viewer.token),
    );
    t.same([...firstPage, ...secondPage], newestFirst.slice(0, 10), 'untilId continues where the previous page ended');
    const since = ids(
      await call(server.url, 'notes/hybrid-timeline', { limit: 3, sinceId: newestFirst[6] }, viewer.token),
    );
    t.same(
      since,
      [newestFirst[5], newestFirst[4], newestFirst[3]],
      'sinceId alone answers the next newer notes, oldest first',
    );

    const res = await api(server.url, 'notes/hybrid-timeline', {});
    t.equal(res.status, 401, 'it needs credentials');
    await server.stop();
  },
);

t.test(
  'a new follower gets the next notes and an unfollower stops getting them, whatever the author posted before',
  async (t) => {
    const server = await startServer();
    const author = await signup(server.url, 'author');
    const fan = await signup(server.url, 'fan');
    const before = await post(server.url, author.token, 'before the follow');
    await call(server.url, 'following/create', { userId: author.id }, fan.token);
    const during = await post(server.url, author.token, 'while followed');
    await call(server.url, 'following/delete', { userId: author.id }, fan.token);
    const after = await post(server.url, author.token, 'after the unfollow');
    const tl = ids(await call(server.url, 'notes/timeline', { limit: 100 }, fan.token));
    t.ok(tl.includes(during.id), 'the note posted while following is there');
    t.notOk(tl.includes(before.id), 'the one from before the follow is not pushed');
    t.notOk(tl.includes(after.id), 'the one from after the unfollow is not either');
    await server.stop();
  },
);

t.test("timelines dropped from a worker's memory (timelineCacheUsers) read back the same from LMDB", async (t) => {
  const server = await startServer({ env: { FLOCK_TIMELINE_CACHE_USERS: '1', FLOCK_TIMELINE_FLUSH_MS: '20' } });
  const author = await signup(server.url, 'writer');
  const readers: Account[] = [];
  for (const name of ['r1', 'r2', 'r3']) {
    const reader = await signup(server.url, name);
    await call(server.url, 'following/create', { userId: author.id }, reader.token);
    readers.push(reader);
  }
  const posted: string[] = [];
  for (let round = 0; round < 3; round++) {
    for (let n = 0; n < 30; n++) posted.push((await post(server.url, author.token, `round ${round} note ${n}`)).id);
    // let a flush run and evict, so the next reads load the timelines back from LMDB
    await sleep(100);
    for (const reader of readers) {
      t.same(
        await walk(server.url, 'notes/timeline', reader.token),
        [...posted].reverse(),
        `${reader.username} sees all ${posted.length} notes after round ${round}`,
      );
    }
  }
  await server.stop();
});

t.test(
  'note lists are written as the same JSON notes/show renders, with multi-byte text, pages past the output buffer, and edits seen at once',
  async (t) => {
    const server = await startServer({ dataDir: tempDir() });
    const alice = await signup(server.url, 'alice');
    const bob = await signup(server.url, 'bob');
    await call(server.url, 'following/create', { userId: alice.id }, bob.token);
    // 2950 UTF-16 units of mixed one-, two-, three- and four-byte UTF-8: 40 of them outgrow the 64 KiB buffer
    const long = 'aé日🎉'.repeat(590);
    const first = await post(server.url, alice.token, { text: long, cw: 'ß' });
    for (let n = 0; n < 38; n++) await post(server.url, alice.token, { text: `${n} ${long}` });
    await post(server.url, alice.token, { renoteId: first.id });
    const reply = await post(server.url, alice.token, { text: 'スレッド', replyId: first.id, visibility: 'followers' });
    await call(server.url, 'notes/reactions/create', { noteId: reply.id, reaction: '🍣' }, bob.token);

    const sameAsShow = async (list: any[], what: string) => {
      const shown = await Promise.all(list.map((n) => call(server.url, 'notes/show', { noteId: n.id }, bob.token)));
      t.same(list, shown, `${what}: every note equals notes/show's rendering for the same viewer`);
    };
    const home = await api(server.url, 'notes/timeline', { limit: 41 }, bob.token);
    t.equal(home.status, 200);
    t.equal(home.body.length, 41, 'the whole page came back');
    t.ok(
      Buffer.byteLength(home.text) > 64 * 1024,
      `the page is larger than the initial output buffer (${Buffer.byteLength(home.text)} bytes)`,
    );
    t.equal(home.body[0].myReaction, '🍣', "the viewer's own reaction is spliced in");
    t.equal(home.body[0].reply.text.length, long.length, 'an embedded reply keeps its multi-byte text intact');
    await sameAsShow(home.body, 'notes/timeline');
    await sameAsShow(
      await call(server.url, 'users/notes', { userId: alice.id, limit: 41, withReplies: true }, bob.token),
      'users/notes',
    );

    await call(server.url, 'i/update', { name: 'Ålice 🌸' }, alice.token);
    await call(server.url, 'notes/reactions/create', { noteId: first.id, reaction: '👍' }, bob.token);
    const after = await call(server.url, 'notes/timeline', { limit: 41 }, bob.token);
    t.ok(
      after.every((n: any) => n.user.name === 'Ålice 🌸'),
      'a new display name shows in every note at once',
    );
    const original = after.find((n: any) => n.id === first.id);
    t.same(original.reactions, { '👍': 1 }, 'a new reaction shows at once');
    await sameAsShow(after, 'notes/timeline after the edits');
    await server.stop();
  },
);

t.test(
  'a home-timeline read sent after notes/create answered already has the note, with one worker and with two',
  async (t) => {
    for (const workers of ['1', '2']) {
      const server = await startServer({ dataDir: tempDir(), env: { FLOCK_WORKERS: workers, FLOCK_SHARDS: '8' } });
      const author = await signup(server.url, 'author');
      const readers: Account[] = [];
      for (const name of ['r1', 'r2', 'r3', 'r4']) readers.push(await signup(server.url, name));
      for (const r of readers) await call(server.url, 'following/create', { userId: author.id }, r.token);
      const missing: string[] = [];
      for (let n = 0; n < 40; n++) {
        const note = await post(server.url, author.token, `read-after-write ${n}`);
        const pages = await Promise.all(readers.map((r) => call(server.url, 'notes/timeline', { limit: 1 }, r.token)));
        pages.forEach((page, i) => {
          if (page[0]?.id !== note.id) missing.push(`note ${n} not first for ${readers[i]!.username}`);
        });
      }
      t.same(missing, [], `FLOCK_WORKERS=${workers}: every follower's newest entry is the note just answered`);
      await server.stop();
    }
  },
);
