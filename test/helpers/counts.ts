/** Checks of followersCount / followingCount, shared by the follow-counts suites. */
import type { Test } from 'tap';
import { type Account, call } from './server.js';

/** What the follow lists say, which the counts must agree with. */
async function listed(url: string, user: Account): Promise<{ followers: number; following: number }> {
  const followers = await call(url, 'users/followers', { userId: user.id, limit: 100 });
  const following = await call(url, 'users/following', { userId: user.id, limit: 100 });
  return { followers: followers.length, following: following.length };
}

/** Checks one user's counts through users/show (anonymous and as `viewer`), `i`, and against the lists. */
export async function hasCounts(
  t: Test,
  url: string,
  user: Account,
  viewer: Account,
  followers: number,
  following: number,
  when: string,
): Promise<void> {
  const expected = { followersCount: followers, followingCount: following };
  const anonymous = await call(url, 'users/show', { userId: user.id });
  t.match(
    anonymous,
    expected,
    `${when}: users/show of ${user.username} (anonymous) has followers ${followers}, following ${following}`,
  );
  const seen = await call(url, 'users/show', { userId: user.id }, viewer.token);
  t.match(seen, expected, `${when}: users/show of ${user.username} seen by ${viewer.username}`);
  const me = await call(url, 'i', {}, user.token);
  t.match(me, expected, `${when}: i of ${user.username}`);
  t.same(
    await listed(url, user),
    { followers, following },
    `${when}: ${user.username}'s follower and following lists have as many entries`,
  );
}
