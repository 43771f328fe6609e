/**
 * Misskey's stream through misskey-js' own Stream class (over `ws`) against the real server: timeline
 * notes, note updates, the main channel, visibility and mutes on both delivery paths (topics, and per
 * socket for users who hide something), reconnection, bad frames and closing on revocation.
 */
import { connect, createServer, type Socket } from 'node:net';
import * as Misskey from 'misskey-js';
import t from 'tap';
import WebSocket from 'ws';
import { until } from './helpers/assert.js';
import { noisePng, upload } from './helpers/drive.js';
import { type Account, call, http, post, type Server, signup, sleep, startServer } from './helpers/server.js';

let server: Server;
/** The first account: the instance's root, who may suspend. */
let admin: Account;

t.before(async () => {
  server = await startServer();
  admin = await signup(server.url, 'boss');
});

interface Received {
  notes: any[];
}

const streams: Misskey.Stream[] = [];
t.teardown(() => {
  for (const stream of streams) stream.close();
});

/** A misskey-js Stream for `account`, connected. */
async function openStream(account: Account | null, origin = server.url): Promise<Misskey.Stream> {
  const stream = new Misskey.Stream(origin, account === null ? null : { token: account.token }, {
    WebSocket: WebSocket as any,
  });
  streams.push(stream);
  if (stream.state !== 'connected') await new Promise<void>((resolve) => stream.once('_connected_', resolve));
  return stream;
}

/**
 * Connects a timeline channel and collects its notes; waits until the server has it (a note of the user's
 * own arrives). The connect frame may reach the server after a probe was published (a loaded machine, a
 * relay in between), so a probe that does not arrive is followed by another, a bounded number of times.
 */
async function timeline(
  stream: Misskey.Stream,
  channel: 'homeTimeline' | 'localTimeline' | 'globalTimeline' | 'hybridTimeline',
  probe: Account | null,
): Promise<Received> {
  const received: Received = { notes: [] };
  const connection = stream.useChannel(channel);
  connection.on('note', (note: any) => received.notes.push(note));
  if (probe === null) await sleep(300);
  else {
    let arrived = false;
    for (let attempt = 0; attempt < 5 && !arrived; attempt++) {
      const mine = await post(server.url, probe.token, `probe ${channel}`);
      arrived = await until(() => received.notes.some((n) => n.id === mine.id), 2_000);
    }
    if (!arrived) throw new Error(`Expected a probe note on ${channel}`);
  }
  return received;
}

const has = (received: Received, noteId: string) => received.notes.some((n) => n.id === noteId);

t.test('a followee note arrives on homeTimeline, a followers-only note only where it may', async (t) => {
  const alice = await signup(server.url, 'alice');
  const bob = await signup(server.url, 'bob');
  const carol = await signup(server.url, 'carol');
  await call(server.url, 'following/create', { userId: alice.id }, bob.token);
  const bobHome = await timeline(await openStream(bob), 'homeTimeline', bob);
  const carolStream = await openStream(carol);
  const carolHome = await timeline(carolStream, 'homeTimeline', carol);
  const carolLocal = await timeline(carolStream, 'localTimeline', null);
  const carolGlobal = await timeline(carolStream, 'globalTimeline', null);
  const anonymousLocal = await timeline(await openStream(null), 'localTimeline', null);

  const shown = await post(server.url, alice.token, 'hello stream');
  t.ok(await until(() => has(bobHome, shown.id)), "the followee's note arrives on homeTimeline");
  const note = bobHome.notes.find((n) => n.id === shown.id);
  t.equal(note.text, 'hello stream');
  t.equal(note.user.username, 'alice', 'packed with its user');
  t.notOk('myReaction' in note, 'no viewer fields');
  t.ok(await until(() => has(carolLocal, shown.id) && has(anonymousLocal, shown.id)), 'and on localTimeline');

  const followersOnly = await post(server.url, alice.token, { text: 'followers only', visibility: 'followers' });
  t.ok(await until(() => has(bobHome, followersOnly.id)), 'a follower gets a followers-only note');
  await sleep(300);
  t.notOk(has(carolHome, followersOnly.id), 'not on a non-follower home timeline');
  t.notOk(has(carolLocal, followersOnly.id) || has(carolGlobal, followersOnly.id), 'nor on public timelines');
  t.notOk(has(anonymousLocal, followersOnly.id), 'nor for an anonymous socket');

  const specified = await post(server.url, alice.token, {
    text: 'for carol',
    visibility: 'specified',
    visibleUserIds: [carol.id],
  });
  await sleep(300);
  t.notOk(has(bobHome, specified.id), 'a specified note does not reach a follower it is not addressed to');
});

t.test('noteUpdated on a watched note; main channel followed', async (t) => {
  const dave = await signup(server.url, 'dave');
  const erin = await signup(server.url, 'erin');
  const stream = await openStream(dave);
  const events: any[] = [];
  stream.on('noteUpdated', (event: any) => events.push(event));
  const main = stream.useChannel('main');
  const followed: any[] = [];
  main.on('followed', (user: any) => followed.push(user));
  const note = await post(server.url, dave.token, 'watch me');
  stream.send('sr', { id: note.id });
  await sleep(300);
  await call(server.url, 'notes/reactions/create', { noteId: note.id, reaction: '👍' }, erin.token);
  t.ok(await until(() => events.some((e) => e.type === 'reacted')), 'a reacted event');
  t.same(
    events.find((e) => e.type === 'reacted'),
    { id: note.id, type: 'reacted', body: { reaction: '👍', emoji: null, userId: erin.id } },
    "Misskey's shape",
  );
  await call(server.url, 'notes/reactions/delete', { noteId: note.id }, erin.token);
  t.ok(await until(() => events.some((e) => e.type === 'unreacted')), 'an unreacted event');
  await call(server.url, 'following/create', { userId: dave.id }, erin.token);
  t.ok(await until(() => followed.length === 1), 'main gets followed');
  t.equal(followed[0]?.id, erin.id, 'with the follower');
  await call(server.url, 'notes/delete', { noteId: note.id }, dave.token);
  t.ok(await until(() => events.some((e) => e.type === 'deleted')), 'a deleted event');
});

t.test('notifications on main: notification, unreadNotification, readAllNotifications', async (t) => {
  const mia = await signup(server.url, 'mia');
  const ned = await signup(server.url, 'ned');
  const stream = await openStream(mia);
  const main = stream.useChannel('main');
  const seen: { type: string; body: any }[] = [];
  for (const type of ['notification', 'unreadNotification', 'readAllNotifications', 'mention'] as const)
    main.on(type, (body?: any) => seen.push({ type, body }));
  await sleep(300);
  await call(server.url, 'following/create', { userId: mia.id }, ned.token);
  t.ok(await until(() => seen.some((e) => e.type === 'notification')), 'a notification');
  const notification = seen.find((e) => e.type === 'notification')!.body;
  t.equal(notification.type, 'follow', 'of the follow');
  t.equal(notification.userId, ned.id);
  const listed = await call(server.url, 'i/notifications', { markAsRead: false }, mia.token);
  t.same(notification, listed[0], 'the very JSON i/notifications answers');
  t.ok(await until(() => seen.some((e) => e.type === 'unreadNotification'), 5000), 'unreadNotification 2 s later');
  const note = await post(server.url, ned.token, `hi @mia`);
  t.ok(await until(() => seen.some((e) => e.type === 'mention' && e.body.id === note.id)), 'mention with the note');
  stream.send('readNotification', {});
  t.ok(await until(() => seen.some((e) => e.type === 'readAllNotifications')), 'readNotification reads them all');
  const me = await call(server.url, 'i', {}, mia.token);
  t.equal(me.hasUnreadNotification, false, 'i agrees');
});

/** A channel's events of one type, collected. */
function collect(connection: { on(type: string, listener: (body?: any) => void): unknown }, type: string): any[] {
  const got: any[] = [];
  connection.on(type, (body?: any) => got.push(body));
  return got;
}

t.test(
  'channel parameters and kinds: withRenotes, hybrid, userList, drive; follows and blocks while connected',
  async (t) => {
    const oscar = await signup(server.url, 'oscar');
    const pat = await signup(server.url, 'pat');
    const quinn = await signup(server.url, 'quinn');
    const rita = await signup(server.url, 'rita');
    await call(server.url, 'following/create', { userId: oscar.id }, pat.token);
    const list = await call(server.url, 'users/lists/create', { name: 'watch' }, pat.token);
    await call(server.url, 'users/lists/push', { listId: list.id, userId: quinn.id }, pat.token);
    const stream = await openStream(pat);
    const home = await timeline(stream, 'homeTimeline', pat);
    const noRenotes = collect(stream.useChannel('homeTimeline', { withRenotes: false }), 'note');
    const hybrid = collect(stream.useChannel('hybridTimeline'), 'note');
    const listNotes = collect(stream.useChannel('userList', { listId: list.id }), 'note');
    const drive = stream.useChannel('drive');
    const fileCreated = collect(drive, 'fileCreated');
    const driveOnMain = collect(stream.useChannel('main'), 'driveFileCreated');
    await sleep(300);
    const seen = (got: any[], id: string) => got.some((n) => n.id === id);

    const original = await post(server.url, rita.token, 'by rita, public');
    const renote = (await call(server.url, 'notes/create', { renoteId: original.id }, oscar.token)).createdNote;
    t.ok(await until(() => has(home, renote.id)), 'a renote on the default homeTimeline');
    await sleep(200);
    t.notOk(seen(noRenotes, renote.id), 'not where withRenotes is false');
    t.ok(seen(hybrid, original.id), 'hybrid: a local public note of someone not followed');
    const ritaHome = await post(server.url, rita.token, { text: 'rita home', visibility: 'home' });
    const quinnNote = await post(server.url, quinn.token, 'quinn in the list');
    t.ok(await until(() => seen(listNotes, quinnNote.id)), "userList: a member's note");
    await sleep(200);
    t.notOk(seen(hybrid, ritaHome.id), 'hybrid: not a home-visibility note of someone not followed');
    t.notOk(seen(listNotes, original.id), "userList: not a non-member's note");

    await call(server.url, 'users/lists/pull', { listId: list.id, userId: quinn.id }, pat.token);
    await call(server.url, 'following/delete', { userId: oscar.id }, pat.token);
    await call(server.url, 'blocking/create', { userId: pat.id }, rita.token);
    const quinnAfter = await post(server.url, quinn.token, 'quinn after leaving the list');
    const oscarAfter = await post(server.url, oscar.token, 'oscar after the unfollow');
    const ritaAfter = await post(server.url, rita.token, 'rita after blocking pat');
    const mine = await post(server.url, pat.token, 'pat, last');
    t.ok(await until(() => has(home, mine.id) && seen(hybrid, mine.id)), 'own notes still arrive');
    t.notOk(seen(listNotes, quinnAfter.id), 'a member pulled while connected is gone from the list channel');
    t.notOk(has(home, oscarAfter.id), 'an unfollowed user is gone from homeTimeline');
    t.notOk(seen(hybrid, ritaAfter.id), 'a user who blocks the viewer is gone from hybrid');

    const file = await upload(server.url, pat.token, await noisePng(8, 8), { name: 'noise.png' }, 'image/png');
    t.ok(await until(() => fileCreated.some((f) => f.id === file.id)), 'drive: fileCreated');
    t.ok(await until(() => driveOnMain.some((f) => f.id === file.id)), 'main: driveFileCreated');
  },
);

t.test("a muted user's note never reaches the muter, on topics or judged per socket", async (t) => {
  const frank = await signup(server.url, 'frank');
  const gina = await signup(server.url, 'gina');
  const hank = await signup(server.url, 'hank');
  await call(server.url, 'following/create', { userId: frank.id }, gina.token);
  await call(server.url, 'following/create', { userId: hank.id }, gina.token);
  // connected with no mutes (topics), then muting while connected
  const ginaHome = await timeline(await openStream(gina), 'homeTimeline', gina);
  await call(server.url, 'mute/create', { userId: frank.id }, gina.token);
  const muted = await post(server.url, frank.token, 'muted one');
  const fine = await post(server.url, hank.token, 'not muted');
  t.ok(await until(() => has(ginaHome, fine.id)), 'a note of another followee still arrives');
  await sleep(200);
  t.notOk(has(ginaHome, muted.id), 'the muted user note does not (muted while connected)');
  // connected with the mute in place: judged per socket from the start
  const again = await timeline(await openStream(gina), 'homeTimeline', gina);
  const muted2 = await post(server.url, frank.token, 'muted two');
  const fine2 = await post(server.url, hank.token, 'fine two');
  t.ok(await until(() => has(again, fine2.id)), 'judged per socket: the other note arrives');
  await sleep(200);
  t.notOk(has(again, muted2.id), 'judged per socket: the muted note does not');
  // a renote by someone else of the muted user's note is hidden too
  const renote = await call(server.url, 'notes/create', { renoteId: muted2.id }, hank.token);
  const fine3 = await post(server.url, hank.token, 'fine three');
  t.ok(await until(() => has(again, fine3.id)));
  t.notOk(has(again, renote.createdNote.id), "a renote of the muted user's note is hidden");
});

t.test('reconnecting re-subscribes the channels', async (t) => {
  const ivan = await signup(server.url, 'ivan');
  const judy = await signup(server.url, 'judy');
  await call(server.url, 'following/create', { userId: judy.id }, ivan.token);
  // a loopback relay whose connections the test cuts, as a network would
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = connect(server.port, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  t.teardown(() => relay.close());
  const port = (relay.address() as { port: number }).port;
  const stream = await openStream(ivan, `http://127.0.0.1:${port}`);
  const home = await timeline(stream, 'homeTimeline', ivan);
  const before = await post(server.url, judy.token, 'before');
  t.ok(await until(() => has(home, before.id)), 'delivered before the cut');
  const reconnected = new Promise<void>((resolve) => stream.once('_connected_', resolve));
  for (const s of sockets) s.destroy();
  await reconnected;
  await sleep(300);
  const after = await post(server.url, judy.token, 'after');
  t.ok(await until(() => has(home, after.id)), 'delivered after misskey-js reconnected and re-sent connect');
});

t.test('bad frames never crash and never leak; a bad token is refused before the upgrade', async (t) => {
  const kate = await signup(server.url, 'kate');
  const refused = await new Promise<number>((resolve) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/streaming?i=not-a-token`);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
    ws.on('error', () => {});
  });
  t.equal(refused, 401, 'a bad token: 401');

  const raw = new WebSocket(`${server.url.replace('http', 'ws')}/streaming?i=${kate.token}`);
  await new Promise((resolve) => raw.once('open', resolve));
  const got: string[] = [];
  raw.on('message', (data) => got.push(String(data)));
  for (const frame of [
    'h',
    'ping',
    'not json',
    '{"type":"nope","body":{}}',
    '{"type":"connect","body":{"channel":"noSuchChannel","id":"1"}}',
    '{"type":"connect","body":{"channel":"homeTimeline","id":{"x":1}}}',
    '{"type":"connect"}',
    '[1,2,3]',
    '{"type":"s","body":{"id":"doesnotexist"}}',
    '{"type":"ch","body":{"id":"1","type":"x","body":null}}',
    `{"type":"connect","body":{"channel":"main","id":"${'x'.repeat(1000)}"}}`,
    '['.repeat(10_000),
  ])
    raw.send(frame);
  for (let i = 0; i < 40; i++)
    raw.send(JSON.stringify({ type: 'connect', body: { channel: 'homeTimeline', id: `c${i}`, pong: true } }));
  t.ok(await until(() => got.length >= 32, 5000), 'connects answered with pong');
  await sleep(300);
  t.equal(got.filter((m) => m.includes('"connected"')).length, 32, 'at most 32 channels per socket');
  for (let i = 0; i < 100; i++)
    raw.send(JSON.stringify({ type: 'connect', body: { channel: 'main', id: 'c0', pong: true } }));
  await sleep(300);
  const connected = got.filter((m) => m.includes('"connected"')).length;
  t.ok(connected < 32 + 100, `a connect loop is slowed (${connected - 32} of 100 taken at once)`);
  const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
  raw.send('x'.repeat(200 * 1024));
  t.ok((await closed) > 0, 'a huge frame closes the socket');
  const health = await http(server.url, '/healthz');
  t.equal(health.status, 200, 'the server lives on');
  const stream = await openStream(kate);
  await timeline(stream, 'homeTimeline', kate);
  t.pass('a new socket works');
});

t.test(
  'sockets closed by their clients leave nothing open; the token also works as Authorization: Bearer',
  async (t) => {
    const sam = await signup(server.url, 'sam');
    const note = await post(server.url, sam.token, 'watched by many');
    const openSockets = async () => (await http(server.url, '/healthz')).body.sockets as number;
    const before = await openSockets();
    const sockets = Array.from(
      { length: 50 },
      (_, i) =>
        new WebSocket(`${server.url.replace('http', 'ws')}/streaming`, {
          headers: i % 2 === 0 ? { Authorization: `Bearer ${sam.token}` } : {},
        }),
    );
    await Promise.all(sockets.map((ws) => new Promise((resolve) => ws.once('open', resolve))));
    const pongs: string[] = [];
    for (const [i, ws] of sockets.entries()) {
      ws.on('message', (data) => pongs.push(String(data)));
      const channel = i % 2 === 0 ? 'homeTimeline' : 'localTimeline';
      ws.send(JSON.stringify({ type: 'connect', body: { channel, id: '1', pong: true } }));
      ws.send(JSON.stringify({ type: 'connect', body: { channel: 'globalTimeline', id: '2', pong: true } }));
      ws.send(JSON.stringify({ type: 's', body: { id: note.id } }));
    }
    t.ok(await until(() => pongs.length === 100), 'every connect answered, homeTimeline with the Bearer token');
    t.equal(await openSockets(), before + 50, '/healthz counts the open sockets');
    await Promise.all(
      sockets.map((ws) => {
        const closed = new Promise((resolve) => ws.once('close', resolve));
        ws.close();
        return closed;
      }),
    );
    t.ok(await until(async () => (await openSockets()) === before), 'every socket is gone once its client closed it');
    const reacted = await call(server.url, 'notes/reactions/create', { noteId: note.id, reaction: '👍' }, admin.token);
    t.equal(reacted, null, 'a note update for the closed sockets costs nothing and breaks nothing');
  },
);

t.test("the seed's variant: the token in the first connect, no channel id", async (t) => {
  const tina = await signup(server.url, 'tina');
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/streaming`);
  await new Promise((resolve) => ws.once('open', resolve));
  const got: any[] = [];
  ws.on('message', (data) => got.push(JSON.parse(String(data))));
  ws.send(JSON.stringify({ type: 'connect', body: { channel: 'homeTimeline', token: tina.token } }));
  await sleep(300);
  const note = await post(server.url, tina.token, 'seed style');
  t.ok(
    await until(() =>
      got.some((m) => m.type === 'channel' && m.body.id === 'homeTimeline' && m.body.body.id === note.id),
    ),
    'the note arrives under the channel name as id',
  );
  const bad = new WebSocket(`${server.url.replace('http', 'ws')}/streaming`);
  await new Promise((resolve) => bad.once('open', resolve));
  const closed = new Promise<number>((resolve) => bad.once('close', (code) => resolve(code)));
  bad.send(JSON.stringify({ type: 'connect', body: { channel: 'homeTimeline', token: 'wrong-token' } }));
  t.equal(await closed, 4001, 'a wrong token in the connect closes the socket');
  ws.close();
});

t.test('a revoked token or a suspended account closes the socket at once', async (t) => {
  const leo = await signup(server.url, 'leo');
  const second = (await call(server.url, 'signin-flow', { username: 'leo', password: leo.password })).i as string;
  const open = (token: string) => new WebSocket(`${server.url.replace('http', 'ws')}/streaming?i=${token}`);
  const revocable = open(second);
  const kept = open(leo.token);
  await Promise.all([revocable, kept].map((ws) => new Promise((resolve) => ws.once('open', resolve))));
  const revokedClose = new Promise<number>((resolve) => revocable.once('close', (code) => resolve(code)));
  await call(server.url, 'i/revoke-token', { token: second }, leo.token);
  t.equal(await revokedClose, 4002, 'the revoked token socket closes');
  await sleep(100);
  t.equal(kept.readyState, WebSocket.OPEN, 'the other token socket stays');
  const suspendedClose = new Promise<number>((resolve) => kept.once('close', (code) => resolve(code)));
  await call(server.url, 'admin/suspend-user', { userId: leo.id }, admin.token);
  t.equal(await suspendedClose, 4003, 'a suspended account socket closes');
  const refused = await new Promise<number>((resolve) => {
    const ws = open(leo.token);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
    ws.on('error', () => {});
  });
  t.equal(refused, 403, 'and cannot connect again');
});
