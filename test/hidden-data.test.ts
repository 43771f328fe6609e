/**
 * What a reader may not see is left out, not just blanked: a specified note hidden from a reader does
 * not say whom it is addressed to, and the follower/followee counts of a user who hides those lists
 * are null to those the lists are hidden from (Misskey's rules).
 */
import t from 'tap';
import { type Account, call, post, type Server, signup, startServer } from './helpers/server.js';

let server: Server;

t.before(async () => {
  server = await startServer();
});

t.test('a specified note hidden from a reader carries no visibleUserIds; its addressee sees them', async (t) => {
  const author = await signup(server.url, 'spec_author');
  const addressee = await signup(server.url, 'spec_addressee');
  const stranger = await signup(server.url, 'spec_stranger');
  const note = await post(server.url, author.token, {
    text: 'for one reader only',
    visibility: 'specified',
    visibleUserIds: [addressee.id],
  });
  for (const [who, token] of [
    ['a stranger', stranger.token],
    ['an anonymous reader', undefined],
  ] as const) {
    const shown = await call(server.url, 'notes/show', { noteId: note.id }, token);
    t.match(shown, { id: note.id, isHidden: true, text: null, visibility: 'specified' }, `hidden from ${who}`);
    t.notOk('visibleUserIds' in shown, `no visibleUserIds for ${who}: ${JSON.stringify(shown.visibleUserIds)}`);
  }
  const seen = await call(server.url, 'notes/show', { noteId: note.id }, addressee.token);
  t.equal(seen.text, 'for one reader only', 'the addressee reads it');
  t.notOk(seen.isHidden, 'not hidden from the addressee');
  t.same(seen.visibleUserIds, [addressee.id], 'the addressee sees visibleUserIds');

  // the same note embedded in its author's public quote is hidden the same way (a reply to it could
  // not be public: Misskey refuses replies to specified notes with a wider visibility)
  const quote = await post(server.url, author.token, {
    text: 'a public follow-up',
    visibility: 'public',
    renoteId: note.id,
  });
  const embedded = (await call(server.url, 'notes/show', { noteId: quote.id }, stranger.token)).renote;
  t.match(embedded, { id: note.id, isHidden: true, text: null }, 'the embedded quote target is hidden');
  t.notOk(
    embedded !== null && typeof embedded === 'object' && 'visibleUserIds' in embedded,
    'the embedded target has no visibleUserIds',
  );
});

/** The two counts users/show answers about `user` to `token`'s owner (anonymous when undefined). */
async function counts(
  user: Account,
  token?: string,
): Promise<{ followersCount: unknown; followingCount: unknown; notesCount: unknown }> {
  const { followersCount, followingCount, notesCount } = await call(
    server.url,
    'users/show',
    { userId: user.id },
    token,
  );
  return { followersCount, followingCount, notesCount };
}

t.test('private follower/followee lists: counts are null to everyone else, numbers to the user', async (t) => {
  const hidden = await signup(server.url, 'priv_user');
  const fan = await signup(server.url, 'priv_fan');
  const idol = await signup(server.url, 'priv_idol');
  const other = await signup(server.url, 'priv_other');
  await call(server.url, 'following/create', { userId: hidden.id }, fan.token);
  await call(server.url, 'following/create', { userId: idol.id }, hidden.token);
  await post(server.url, hidden.token, 'one note');
  await call(server.url, 'i/update', { followersVisibility: 'private', followingVisibility: 'private' }, hidden.token);

  for (const [who, token] of [
    ['anonymous', undefined],
    ['a logged-in stranger', other.token],
    ['a follower', fan.token],
  ] as const) {
    t.same(
      await counts(hidden, token),
      { followersCount: null, followingCount: null, notesCount: 1 },
      `${who} sees null counts (notesCount stays)`,
    );
  }
  t.match(
    await call(server.url, 'i', {}, hidden.token),
    { followersCount: 1, followingCount: 1, notesCount: 1 },
    '`i` shows the user their counts',
  );
  t.same(
    await counts(hidden, hidden.token),
    { followersCount: 1, followingCount: 1, notesCount: 1 },
    'users/show of oneself shows the counts',
  );
  const many = await call(server.url, 'users/show', { userIds: [hidden.id] }, other.token);
  t.match(
    many,
    [{ id: hidden.id, followersCount: null, followingCount: null }],
    'users/show with userIds hides them too',
  );
});

t.test('followers-only lists: a follower sees the counts, a non-follower and an anonymous reader null', async (t) => {
  const guarded = await signup(server.url, 'fol_user');
  const fan = await signup(server.url, 'fol_fan');
  const other = await signup(server.url, 'fol_other');
  await call(server.url, 'following/create', { userId: guarded.id }, fan.token);
  await call(server.url, 'following/create', { userId: other.id }, guarded.token);
  await call(
    server.url,
    'i/update',
    { followersVisibility: 'followers', followingVisibility: 'followers' },
    guarded.token,
  );

  t.same(
    await counts(guarded, fan.token),
    { followersCount: 1, followingCount: 1, notesCount: 0 },
    'a follower sees both counts',
  );
  // `other` is followed by the user but does not follow back: being followed is not enough
  t.same(
    await counts(guarded, other.token),
    { followersCount: null, followingCount: null, notesCount: 0 },
    'a non-follower sees null',
  );
  t.same(
    await counts(guarded),
    { followersCount: null, followingCount: null, notesCount: 0 },
    'an anonymous reader sees null',
  );
});

t.test('each count follows its own setting', async (t) => {
  const mixed = await signup(server.url, 'mixed_user');
  const fan = await signup(server.url, 'mixed_fan');
  await call(server.url, 'following/create', { userId: mixed.id }, fan.token);
  await call(server.url, 'i/update', { followersVisibility: 'private', followingVisibility: 'public' }, mixed.token);
  t.same(
    await counts(mixed),
    { followersCount: null, followingCount: 0, notesCount: 0 },
    'followers hidden, followees shown',
  );
  await call(server.url, 'i/update', { followersVisibility: 'public', followingVisibility: 'private' }, mixed.token);
  t.same(await counts(mixed), { followersCount: 1, followingCount: null, notesCount: 0 }, 'and the other way round');
});
