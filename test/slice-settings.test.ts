/**
 * i/update stores every setting it accepts and i answers it back (MeDetailed); the settings only the
 * owner sees live apart from the user record. The sign-up answer is the same MeDetailed `i` gives.
 */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { api, call, type Server, startServer } from './helpers/server.js';

let server: Server;

t.before(async () => {
  server = await startServer();
});

t.test('the sign-up answer is the MeDetailed `i` answers, plus the token', async (t) => {
  const res = await api(server.url, 'signup', { username: 'newcomer', password: 'correct horse' });
  t.equal(res.status, 200);
  const { token, ...signedUp } = res.body as Record<string, unknown>;
  t.type(token, 'string');
  const me = await call(server.url, 'i', {}, token as string);
  t.same(Object.keys(signedUp).sort(), Object.keys(me).sort(), 'the same fields');
  for (const key of ['email', 'emailVerified', 'securityKeysList', 'emailNotificationTypes', 'loggedInDays'])
    t.ok(Object.hasOwn(signedUp, key), `has ${key}`);
  t.same(signedUp.securityKeysList, []);
  t.equal(signedUp.emailVerified, false);
});

t.test('i/update stores each setting and i answers it', async (t) => {
  const res = await api(server.url, 'signup', { username: 'settler', password: 'correct horse' });
  const client = new Misskey.api.APIClient({ origin: server.url, credential: res.body.token as string });
  const settings = {
    followedMessage: 'thanks for the follow',
    injectFeaturedNote: false,
    receiveAnnouncementEmail: false,
    alwaysMarkNsfw: true,
    autoSensitive: true,
    emailNotificationTypes: ['mention'],
    notificationRecieveConfig: { follow: { type: 'never' as const }, mention: { type: 'following' as const } },
    carefulBot: true,
    autoAcceptFollowed: false,
    noCrawle: true,
    preventAiLearning: false,
    isExplorable: false,
    hideOnlineStatus: true,
    publicReactions: false,
    followingVisibility: 'followers' as const,
    followersVisibility: 'private' as const,
    mutedWords: [['spoiler'], ['a', 'b']],
    hardMutedWords: [['nsfw']],
    mutedInstances: ['bad.example'],
  };
  const answered = await client.request('i/update', settings);
  t.match(answered, settings, 'i/update answers the new settings');
  t.match(await client.request('i', {}), settings, 'i answers them after');
  await client.request('i/update', { alwaysMarkNsfw: false });
  t.match(
    await client.request('i', {}),
    { ...settings, alwaysMarkNsfw: false },
    'a later update changes only what it names',
  );
});

t.test('bad settings are refused with Misskey errors and change nothing', async (t) => {
  const res = await api(server.url, 'signup', { username: 'refused', password: 'correct horse' });
  const token = res.body.token as string;
  isApiError(
    t,
    await api(server.url, 'i/update', { notificationRecieveConfig: { follow: { type: 'sometimes' } } }, token),
    400,
    'INVALID_PARAM',
  );
  isApiError(t, await api(server.url, 'i/update', { followedMessage: 'x'.repeat(300) }, token), 400, 'INVALID_PARAM');
  isApiError(t, await api(server.url, 'i/update', { mutedWords: ['not a regexp'] }, token), 400, 'INVALID_REGEXP');
  isApiError(
    t,
    await api(server.url, 'i/update', { mutedWords: [['w'.repeat(300)]] }, token),
    400,
    'TOO_MANY_MUTED_WORDS',
  );
  const me = await call(server.url, 'i', {}, token);
  t.same(me.notificationRecieveConfig, {}, 'unchanged');
  t.equal(me.followedMessage, null);
  t.same(me.mutedWords, []);
});
