/** Durability: everything answered 200 survives a clean stop (SIGTERM) and a crash (SIGKILL) on the same data directory. */

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { openStore } from '../src/store/index.js';
import { ids } from './helpers/assert.js';
import { api, call, post, signup, startServer, tempDir } from './helpers/server.js';

t.test('users, tokens, notes, follows and reactions survive SIGTERM and a restart', async (t) => {
  const dataDir = tempDir();
  const first = await startServer({ dataDir });
  const alice = await signup(first.url, 'alice', 'alices-password');
  const bob = await signup(first.url, 'bob');
  await call(first.url, 'following/create', { userId: alice.id }, bob.token);
  const note = await post(first.url, alice.token, 'persist me');
  const followersOnly = await post(first.url, alice.token, { text: 'for followers', visibility: 'followers' });
  const reacted = await api(first.url, 'notes/reactions/create', { noteId: note.id, reaction: '👍' }, bob.token);
  t.equal(reacted.status, 204, 'reaction accepted');
  const code = await first.stop();
  t.equal(code, 0, 'SIGTERM exits cleanly with code 0');

  const second = await startServer({ dataDir });
  t.not(second.port, 0);
  const shown = await api(second.url, 'notes/show', { noteId: note.id }, bob.token);
  t.equal(shown.status, 200, 'the note is still there');
  t.match(shown.body, { id: note.id, text: 'persist me', userId: alice.id, reactions: { '👍': 1 }, myReaction: '👍' });
  const hidden = await api(second.url, 'notes/show', { noteId: followersOnly.id });
  t.equal(hidden.body?.isHidden, true, 'visibility is still enforced for strangers');
  const forBob = await call(second.url, 'notes/show', { noteId: followersOnly.id }, bob.token);
  t.equal(forBob.text, 'for followers', 'and the follow still grants access');
  const me = await api(second.url, 'i', {}, alice.token);
  t.equal(me.status, 200, 'the old token still authenticates');
  t.match(me.body, { id: alice.id, username: 'alice', notesCount: 2, followersCount: 1 });
  const bobMe = await call(second.url, 'i', {}, bob.token);
  t.equal(bobMe.followingCount, 1, 'bob still follows one user');
  const relation = await call(second.url, 'users/show', { userId: alice.id }, bob.token);
  t.equal(relation.isFollowing, true, 'bob still follows alice');
  const tl = await call(second.url, 'notes/timeline', { limit: 100 }, bob.token);
  t.ok(ids(tl).includes(note.id), "the note is still in bob's home timeline");
  t.ok(ids(tl).includes(followersOnly.id), 'the followers-only note too');
  const signin = await api(second.url, 'signin-flow', { username: 'alice', password: 'alices-password' });
  t.match(signin.body, { finished: true, id: alice.id }, 'the password still works');
  const dup = await api(second.url, 'signup', { username: 'alice', password: 'x' });
  t.equal(dup.status, 400, 'the username is still taken');
  const after = await post(second.url, alice.token, 'posted after the restart');
  t.ok(after.id > note.id, 'new ids still sort after old ones');
  const tl2 = await call(second.url, 'notes/timeline', {}, bob.token);
  t.equal(tl2[0]?.id, after.id, 'new notes fan out after the restart');
  await second.stop();
});

t.test('notes answered 200 while a SIGTERM drains the server are all there after the restart', async (t) => {
  const dataDir = tempDir();
  const first = await startServer({ dataDir });
  const erin = await signup(first.url, 'erin');
  const fred = await signup(first.url, 'fred');
  await call(first.url, 'following/create', { userId: erin.id }, fred.token);
  const inFlight = Array.from({ length: 20 }, (_, n) =>
    api(first.url, 'notes/create', { text: `draining ${n}` }, erin.token).catch(() => null),
  );
  // SIGTERM once the first answer is back: the connections are open and the rest are being worked on.
  await Promise.race(inFlight);
  const stopped = first.stop();
  const answers = await Promise.all(inFlight);
  t.equal(await stopped, 0, 'still exits with 0');
  const accepted = answers.filter((a) => a?.status === 200).map((a) => a!.body.createdNote.id as string);
  const refused = answers.filter((a) => a !== null && a.status !== 200 && a.status !== 503);
  t.same(
    refused.map((a) => `${a!.status} ${a!.text.slice(0, 160)}`),
    [],
    'every answer is 200, 503 or a closed connection (never a 500)',
  );
  t.ok(accepted.length >= 1, `some notes were accepted (${accepted.length} of 20)`);
  const second = await startServer({ dataDir });
  for (const id of accepted) {
    const shown = await api(second.url, 'notes/show', { noteId: id });
    t.equal(shown.status, 200, `accepted note ${id} survived`);
  }
  const tl = ids(await call(second.url, 'notes/timeline', { limit: 100 }, fred.token));
  t.ok(
    accepted.every((id) => tl.includes(id)),
    `all ${accepted.length} accepted notes are in the follower's home timeline`,
  );
  const me = await call(second.url, 'i', {}, erin.token);
  t.equal(
    me.notesCount,
    (await call(second.url, 'users/notes', { userId: erin.id, limit: 100 })).length,
    'notesCount matches the stored notes',
  );
  await second.stop();
});

t.test(
  'requests arriving on open connections while the server stops get 200, 503 or a closed connection, never a 500',
  async (t) => {
    const server = await startServer();
    const gina = await signup(server.url, 'gina');
    // open several keep-alive connections, then stop and send on them at once
    await Promise.all(Array.from({ length: 10 }, () => api(server.url, 'notes/show', { noteId: 'warmup' })));
    const stopped = server.stop();
    const late = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        api(server.url, 'notes/create', { text: `late ${n}` }, gina.token).catch(() => null),
      ),
    );
    t.equal(await stopped, 0, 'exits with 0');
    const bad = late.filter((a) => a !== null && a.status !== 200 && a.status !== 503);
    t.same(
      bad.map((a) => `${a!.status} ${a!.text.slice(0, 200)}`),
      [],
      'no 500s during shutdown',
    );
  },
);

t.test("a note answered 200 survives kill -9 and is in the follower's home timeline", async (t) => {
  const dataDir = tempDir();
  const first = await startServer({ dataDir });
  const carol = await signup(first.url, 'carol');
  const dan = await signup(first.url, 'dan');
  await call(first.url, 'following/create', { userId: carol.id }, dan.token);
  const notes = [];
  for (let n = 0; n < 5; n++) notes.push(await post(first.url, carol.token, `crash test ${n}`));
  const last = notes[notes.length - 1];
  await first.kill();

  const second = await startServer({ dataDir });
  for (const note of notes) {
    const shown = await api(second.url, 'notes/show', { noteId: note.id });
    t.equal(shown.status, 200, `note ${note.text} is there`);
    t.equal(shown.body?.text, note.text);
  }
  const tl = await call(second.url, 'notes/timeline', { limit: 100 }, dan.token);
  t.same(
    ids(tl).slice(0, notes.length),
    notes.map((n) => n.id).reverse(),
    "all of them, newest first, in dan's home timeline",
  );
  t.equal(tl[0]?.id, last.id);
  const userNotes = await call(second.url, 'users/notes', { userId: carol.id, limit: 100 });
  t.equal(userNotes.length, notes.length, 'users/notes lists them');
  const me = await call(second.url, 'i', {}, carol.token);
  t.equal(me.notesCount, notes.length, 'notesCount survived');
  const followers = await call(second.url, 'users/show', { userId: carol.id });
  t.equal(followers.followersCount, 1, 'the follow survived');
  await second.stop();
});

t.test(
  'home timelines left unsynced by an earlier boot of the machine (an OS crash) are discarded and rebuilt from the notes',
  async (t) => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir });
    const hana = await signup(first.url, 'hana');
    const ivan = await signup(first.url, 'ivan');
    await call(first.url, 'following/create', { userId: hana.id }, ivan.token);
    const notes = [];
    for (let n = 0; n < 3; n++) notes.push(await post(first.url, hana.token, `before the OS crash ${n}`));
    await first.kill();
    const timelines = join(dataDir, 'timelines');
    t.match(
      JSON.parse(readFileSync(join(timelines, 'written-by-boot.json'), 'utf8')),
      { synced: false },
      'a running server marks its timelines unsynced',
    );
    // what an OS crash can leave: the environment torn (here: zeroed) and the marker of the boot before
    const data = join(timelines, 'data.mdb');
    writeFileSync(data, Buffer.alloc(statSync(data).size));
    writeFileSync(
      join(timelines, 'written-by-boot.json'),
      JSON.stringify({ boot: 'a-boot-before-the-crash', synced: false }),
    );

    const second = await startServer({ dataDir });
    t.ok(await second.waitForLine(/rebuilding them from the notes/), 'the start-up says the timelines are rebuilt');
    const tl = await call(second.url, 'notes/timeline', { limit: 100 }, ivan.token);
    t.same(ids(tl), notes.map((n) => n.id).reverse(), "ivan's home timeline has every note again, newest first");
    t.equal(await second.stop(), 0);
    t.match(
      JSON.parse(readFileSync(join(timelines, 'written-by-boot.json'), 'utf8')),
      { synced: true },
      'a clean stop syncs them and says so',
    );

    // a synced environment from another boot is kept as it is
    writeFileSync(
      join(timelines, 'written-by-boot.json'),
      JSON.stringify({ boot: 'a-boot-before-a-clean-reboot', synced: true }),
    );
    const third = await startServer({ dataDir });
    t.same(
      ids(await call(third.url, 'notes/timeline', { limit: 100 }, ivan.token)),
      notes.map((n) => n.id).reverse(),
      'still all there',
    );
    t.notMatch(third.logs(), /rebuilding them/, 'and nothing was rebuilt');
    await third.stop();
  },
);

t.test('counters an earlier version kept in the user records are moved to their own db at start-up', async (t) => {
  const dataDir = tempDir();
  const first = await startServer({ dataDir });
  const jade = await signup(first.url, 'jade');
  const kim = await signup(first.url, 'kim');
  await call(first.url, 'following/create', { userId: jade.id }, kim.token);
  await post(first.url, jade.token, 'one');
  await post(first.url, jade.token, 'two');
  t.equal(await first.stop(), 0);
  // what such a data directory holds: the counts inside each UserRecord and no userCounts entries
  const store = openStore({ path: dataDir, mapSizeMb: 256 });
  const legacy = {
    [jade.id]: { notesCount: 2, followersCount: 1, followingCount: 0 },
    [kim.id]: { notesCount: 0, followersCount: 0, followingCount: 1 },
  };
  for (const [id, counts] of Object.entries(legacy)) {
    await store.users.put({ ...store.users.get(id)!, ...counts });
    await store.counts.remove(id);
  }
  await store.close();

  const second = await startServer({ dataDir });
  t.match(
    await call(second.url, 'i', {}, jade.token),
    { notesCount: 2, followersCount: 1, followingCount: 0 },
    "jade's counts are back",
  );
  t.match(await call(second.url, 'users/show', { userId: kim.id }), { followingCount: 1 }, "and kim's");
  await post(second.url, jade.token, 'three');
  t.match(await call(second.url, 'i', {}, jade.token), { notesCount: 3 }, 'and they keep counting');
  await second.stop();
  const upgraded = openStore({ path: dataDir, mapSizeMb: 256 });
  const records = [upgraded.users.get(jade.id)!, upgraded.users.get(kim.id)!];
  await upgraded.close();
  t.same(
    records.filter((u) => 'notesCount' in u || 'followersCount' in u || 'followingCount' in u).map((u) => u.username),
    [],
    'the user records no longer carry counters',
  );
  t.same(
    records.map((u) => u.username),
    ['jade', 'kim'],
    'and are otherwise intact',
  );
});
