/** A home-timeline page holds `limit` notes whenever that many older visible ones exist, however many invisible entries lie in between. */
import t from 'tap';
import { ids } from './helpers/assert.js';
import { call, post, signup, startServer } from './helpers/server.js';

t.test(
  'after unfollowing an author of many followers-only notes, notes/timeline still reaches the older visible notes',
  async (t) => {
    const server = await startServer();
    const reader = await signup(server.url, 'reader');
    const friend = await signup(server.url, 'friend');
    const chatty = await signup(server.url, 'chatty');
    await call(server.url, 'following/create', { userId: friend.id }, reader.token);
    await call(server.url, 'following/create', { userId: chatty.id }, reader.token);
    const older: string[] = [];
    for (let i = 0; i < 12; i++) older.push((await post(server.url, friend.token, `friend ${i}`)).id);
    // more followers-only notes than a few rounds of timeline.page ask for
    for (let i = 0; i < 130; i++)
      await post(server.url, chatty.token, { text: `followers only ${i}`, visibility: 'followers' });
    await call(server.url, 'following/delete', { userId: chatty.id }, reader.token);

    const page = await call(server.url, 'notes/timeline', { limit: 10 }, reader.token);
    t.same(ids(page), older.slice(-10).reverse(), 'the ten newest visible notes, not []');
    const next = await call(server.url, 'notes/timeline', { limit: 10, untilId: older[2] }, reader.token);
    t.same(ids(next), older.slice(0, 2).reverse(), 'and the page after them');
    const hybrid = await call(server.url, 'notes/hybrid-timeline', { limit: 5 }, reader.token);
    t.equal(hybrid.length, 5, 'the hybrid timeline fills its page too');
  },
);
