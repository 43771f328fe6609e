/**
 * followersCount / followingCount with a locked account: a request counts for nothing until it is
 * accepted (one by one, or all at once by unlocking); rejecting or withdrawing one moves nothing; an
 * accepted follower's unfollow counts down; and all of it survives kill -9 and SIGTERM.
 */
import t from 'tap';
import { hasCounts } from './helpers/counts.js';
import { api, call, type Server, signup, startServer, tempDir } from './helpers/server.js';

t.test(
  'follow requests count only once accepted: accept, unlock, reject, withdraw and unfollow, across restarts',
  async (t) => {
    const dataDir = tempDir();
    let server: Server = await startServer({ dataDir });
    const locked = await signup(server.url, 'locked');
    await call(server.url, 'i/update', { isLocked: true }, locked.token);
    const [carol, dave, erin, fay] = [
      await signup(server.url, 'carol'),
      await signup(server.url, 'dave'),
      await signup(server.url, 'erin'),
      await signup(server.url, 'fay'),
    ];
    for (const who of [carol, dave, erin, fay])
      await call(server.url, 'following/create', { userId: locked.id }, who.token);
    await hasCounts(t, server.url, locked, carol, 0, 0, 'four pending requests');
    await hasCounts(t, server.url, carol, locked, 0, 0, "carol's request is pending");

    t.equal(
      (await api(server.url, 'following/requests/accept', { userId: carol.id }, locked.token)).status,
      204,
      "carol's request accepted",
    );
    await hasCounts(t, server.url, locked, carol, 1, 0, 'carol accepted');
    await hasCounts(t, server.url, carol, locked, 0, 1, 'carol accepted');

    t.equal(
      (await api(server.url, 'following/requests/reject', { userId: dave.id }, locked.token)).status,
      204,
      "dave's request rejected",
    );
    await hasCounts(t, server.url, dave, locked, 0, 0, 'dave rejected');
    // following/delete on a pending request withdraws it and must not count as an unfollow
    t.equal(
      (await api(server.url, 'following/delete', { userId: locked.id }, erin.token)).status,
      200,
      'erin withdraws her request',
    );
    await hasCounts(t, server.url, erin, locked, 0, 0, 'erin withdrew');
    await hasCounts(t, server.url, locked, carol, 1, 0, 'after a reject and a withdrawal');

    await server.kill();
    server = await startServer({ dataDir });
    await hasCounts(t, server.url, locked, carol, 1, 0, 'accept, reject, withdraw, then kill -9');
    await hasCounts(t, server.url, carol, locked, 0, 1, 'accept, reject, withdraw, then kill -9');

    // unlocking accepts what is still pending (fay's request)
    await call(server.url, 'i/update', { isLocked: false }, locked.token);
    await hasCounts(t, server.url, locked, carol, 2, 0, 'unlocking accepted fay');
    await hasCounts(t, server.url, fay, locked, 0, 1, 'unlocking accepted fay');

    await call(server.url, 'following/delete', { userId: locked.id }, carol.token);
    await hasCounts(t, server.url, locked, fay, 1, 0, 'carol unfollowed after being accepted');
    await hasCounts(t, server.url, carol, locked, 0, 0, 'carol unfollowed after being accepted');

    t.equal(await server.stop(), 0);
    server = await startServer({ dataDir });
    await hasCounts(t, server.url, locked, fay, 1, 0, 'after SIGTERM');
    await hasCounts(t, server.url, carol, locked, 0, 0, 'after SIGTERM');
    await hasCounts(t, server.url, fay, locked, 0, 1, 'after SIGTERM');
    t.equal(await server.stop(), 0);
  },
);
