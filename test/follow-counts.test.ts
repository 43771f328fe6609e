/**
 * followersCount / followingCount: they go up with a follow, back down with an unfollow, and say the
 * same after a clean stop and after kill -9 on the same data directory. The counts live in their own
 * db and the gateway caches users, so each check reads them three ways (users/show anonymously,
 * users/show by the other user, `i` by the user itself) and compares them with the follow lists,
 * which are stored apart from the counts (helpers/counts.ts). Follow requests: follow-request-counts.test.ts.
 */
import t from 'tap';
import { hasCounts } from './helpers/counts.js';
import { api, call, type Server, signup, startServer, tempDir } from './helpers/server.js';

t.test("follow, unfollow and follow again move both users' counts, and they survive SIGTERM and kill -9", async (t) => {
  const dataDir = tempDir();
  let server: Server = await startServer({ dataDir });
  const alice = await signup(server.url, 'alice');
  const bob = await signup(server.url, 'bob');
  await hasCounts(t, server.url, alice, bob, 0, 0, 'new account');

  await call(server.url, 'following/create', { userId: alice.id }, bob.token);
  await hasCounts(t, server.url, alice, bob, 1, 0, 'bob followed alice');
  await hasCounts(t, server.url, bob, alice, 0, 1, 'bob followed alice');

  await call(server.url, 'following/delete', { userId: alice.id }, bob.token);
  await hasCounts(t, server.url, alice, bob, 0, 0, 'bob unfollowed alice');
  await hasCounts(t, server.url, bob, alice, 0, 0, 'bob unfollowed alice');

  // an unfollow whose counts were only right in memory would show up after a restart
  t.equal(await server.stop(), 0, 'SIGTERM exits with 0');
  server = await startServer({ dataDir });
  await hasCounts(t, server.url, alice, bob, 0, 0, 'after unfollow + SIGTERM');
  await hasCounts(t, server.url, bob, alice, 0, 0, 'after unfollow + SIGTERM');

  await call(server.url, 'following/create', { userId: alice.id }, bob.token);
  await call(server.url, 'following/create', { userId: bob.id }, alice.token);
  t.equal(await server.stop(), 0);
  server = await startServer({ dataDir });
  await hasCounts(t, server.url, alice, bob, 1, 1, 'mutual follow + SIGTERM');
  await hasCounts(t, server.url, bob, alice, 1, 1, 'mutual follow + SIGTERM');

  await call(server.url, 'following/delete', { userId: alice.id }, bob.token);
  await server.kill();
  server = await startServer({ dataDir });
  await hasCounts(t, server.url, alice, bob, 0, 1, 'bob unfollowed alice, then kill -9');
  await hasCounts(t, server.url, bob, alice, 1, 0, 'bob unfollowed alice, then kill -9');

  await call(server.url, 'following/delete', { userId: bob.id }, alice.token);
  await call(server.url, 'following/create', { userId: alice.id }, bob.token);
  await server.kill();
  server = await startServer({ dataDir });
  await hasCounts(t, server.url, alice, bob, 1, 0, 'alice unfollowed bob, bob followed alice again, then kill -9');
  await hasCounts(t, server.url, bob, alice, 0, 1, 'alice unfollowed bob, bob followed alice again, then kill -9');

  // a refused unfollow (NOT_FOLLOWING) must not move anything
  const refused = await api(server.url, 'following/delete', { userId: bob.id }, alice.token);
  t.equal(refused.status, 400, 'unfollowing someone you do not follow is refused');
  await hasCounts(t, server.url, alice, bob, 1, 0, 'after a refused unfollow');
  await hasCounts(t, server.url, bob, alice, 0, 1, 'after a refused unfollow');
  t.equal(await server.stop(), 0);
});
