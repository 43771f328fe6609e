/**
 * admin/forward-abuse-user-report: a report on a remote user reaches that user's server as a Flag from
 * Flock's instance actor, with the report's comment, signed with the instance actor's key (a Fedify
 * peer's own verifier accepts it, fetching the key from the instance actor's document); the report is
 * marked forwarded and logged, and forwarding it again, or a report on a local user, is refused.
 */
import t from 'tap';
import { eventually, isApiError } from './helpers/assert.js';
import { startFedifyPeer } from './helpers/fedify-peer.js';
import { logsOf } from './helpers/moderation.js';
import { api, call, signup, startServer } from './helpers/server.js';

const LOOPBACK = { FLOCK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.0/8', FLOCK_DELIVERY_RETRY_BASE_MS: '100' };

t.test('a report on a remote user is forwarded to its server as a Flag from the instance actor', async (t) => {
  const peer = await startFedifyPeer(t);
  const server = await startServer({ env: LOOPBACK });
  t.teardown(() => server.stop());
  const url = server.url;
  const admin = await signup(url, 'ann');
  const bob = await signup(url, 'bob');
  const dave = await signup(url, 'dave');
  const carol = (await call(url, 'ap/show', { uri: peer.actorUrl('carol') }, bob.token)).object;
  await call(url, 'users/report-abuse', { userId: carol.id, comment: 'carol spams' }, bob.token);
  await call(url, 'users/report-abuse', { userId: dave.id, comment: 'dave is rude' }, bob.token);
  const reports: { id: string; targetUserId: string; forwarded: boolean }[] = await call(
    url,
    'admin/abuse-user-reports',
    {},
    admin.token,
  );
  const remoteReport = reports.find((r) => r.targetUserId === carol.id)!;
  const localReport = reports.find((r) => r.targetUserId === dave.id)!;

  isApiError(
    t,
    await api(url, 'admin/forward-abuse-user-report', { reportId: '0000000000000000' }, admin.token),
    404,
    'NO_SUCH_ABUSE_REPORT',
    '8763e21b-d9bc-40be-acf6-54c1a6986493',
  );
  isApiError(
    t,
    await api(url, 'admin/forward-abuse-user-report', { reportId: localReport.id }, admin.token),
    400,
    'REPORT_TARGET_NOT_REMOTE',
  );
  t.ok(
    (await api(url, 'admin/forward-abuse-user-report', { reportId: remoteReport.id }, bob.token)).status >= 400,
    'a user who is no moderator cannot forward',
  );

  t.equal(await call(url, 'admin/forward-abuse-user-report', { reportId: remoteReport.id }, admin.token), null);
  await eventually(t, "the Flag arrived and verified with the instance actor's key", () =>
    peer.received.some((r) => r.type === 'Flag'),
  );
  const flag = peer.received.find((r) => r.type === 'Flag')!;
  t.equal(flag.actor, `${url}/actor`, 'from the instance actor');
  t.equal(flag.content, 'carol spams', "with the report's comment");
  t.same(flag.objects, [peer.actorUrl('carol')], 'flagging the reported user');

  isApiError(
    t,
    await api(url, 'admin/forward-abuse-user-report', { reportId: remoteReport.id }, admin.token),
    400,
    'REPORT_ALREADY_FORWARDED',
  );
  const forwarded = await call(url, 'admin/abuse-user-reports', { forwarded: true }, admin.token);
  t.same(
    forwarded.map((r: { id: string }) => r.id),
    [remoteReport.id],
    'the report is marked forwarded',
  );
  const logs = await logsOf(url, admin.token, 'forwardAbuseReport');
  t.equal(logs.length, 1, 'the moderation log has the forwarding');
  t.equal(logs[0].info.reportId, remoteReport.id);
  t.equal(peer.received.filter((r) => r.type === 'Flag').length, 1, 'sent once');
});
