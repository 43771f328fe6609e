/** users/report-abuse, admin/abuse-user-reports and admin/resolve-abuse-user-report through the real server and misskey-js. */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { logsOf, makeModerator } from './helpers/moderation.js';
import { MODERATOR_REQUIRED } from './helpers/roles.js';
import { api, call, signup, startServer } from './helpers/server.js';

t.test('abuse reports', async (t) => {
  const server = await startServer();
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const bob = await signup(url, 'bob');
  const carol = await signup(url, 'carol');
  const dave = await signup(url, 'dave');
  await makeModerator(url, alice.token, carol.id);
  const bobApi = new Misskey.api.APIClient({ origin: url, credential: bob.token });
  const moderator = new Misskey.api.APIClient({ origin: url, credential: carol.token });

  await t.test('what a report refuses, with Misskey’s errors', async (t) => {
    isApiError(
      t,
      await api(url, 'users/report-abuse', { userId: bob.id, comment: 'me' }, bob.token),
      400,
      'CANNOT_REPORT_YOURSELF',
      '1e13149e-b1e8-43cf-902e-c01dbfcb202f',
    );
    isApiError(
      t,
      await api(url, 'users/report-abuse', { userId: alice.id, comment: 'admin' }, bob.token),
      400,
      'CANNOT_REPORT_THE_ADMIN',
      '35e166f5-05fb-4f87-a2d5-adb42676d48f',
    );
    isApiError(
      t,
      await api(url, 'users/report-abuse', { userId: 'nosuchuser000000', comment: 'x' }, bob.token),
      400,
      'NO_SUCH_USER',
      '1acefcb5-0959-43fd-9685-b48305736cb5',
    );
    isApiError(
      t,
      await api(url, 'users/report-abuse', { userId: dave.id, comment: '' }, bob.token),
      400,
      'INVALID_PARAM',
    );
    isApiError(
      t,
      await api(url, 'users/report-abuse', { userId: dave.id, comment: 'x'.repeat(2049) }, bob.token),
      400,
      'INVALID_PARAM',
    );
    isApiError(t, await api(url, 'users/report-abuse', { userId: dave.id, comment: 'x' }), 401, 'CREDENTIAL_REQUIRED');
  });

  await bobApi.request('users/report-abuse', { userId: dave.id, comment: 'dave spams' });
  await call(url, 'users/report-abuse', { userId: bob.id, comment: 'bob is rude' }, dave.token);

  await t.test('moderators list reports, newest first, with the users packed', async (t) => {
    const reports = await moderator.request('admin/abuse-user-reports', {});
    t.equal(reports.length, 2);
    const [newest, oldest] = reports;
    t.equal(newest!.comment, 'bob is rude');
    t.equal(oldest!.comment, 'dave spams');
    t.equal(oldest!.reporterId, bob.id);
    t.equal(oldest!.targetUserId, dave.id);
    t.equal(oldest!.reporter.id, bob.id);
    t.equal(oldest!.targetUser.id, dave.id);
    t.equal(oldest!.resolved, false);
    t.equal(oldest!.assignee, null);
    const paged = await moderator.request('admin/abuse-user-reports', { untilId: newest!.id });
    t.same(
      paged.map((r) => r.id),
      [oldest!.id],
      'paging by id',
    );
    t.same(
      await moderator.request('admin/abuse-user-reports', { reporterOrigin: 'remote' }),
      [],
      'no remote reporters',
    );
    isApiError(
      t,
      await api(url, 'admin/abuse-user-reports', {}, bob.token),
      403,
      'ROLE_PERMISSION_DENIED',
      MODERATOR_REQUIRED,
    );
  });

  await t.test('resolving records how and by whom, and is logged', async (t) => {
    const [, report] = await moderator.request('admin/abuse-user-reports', {});
    await moderator.request('admin/resolve-abuse-user-report', { reportId: report!.id, resolvedAs: 'accept' });
    const resolved = await moderator.request('admin/abuse-user-reports', { state: 'resolved' });
    t.same(
      resolved.map((r) => r.id),
      [report!.id],
    );
    t.equal(resolved[0]!.resolvedAs, 'accept');
    t.equal(resolved[0]!.assigneeId, carol.id);
    t.equal(resolved[0]!.assignee?.id, carol.id);
    const unresolved = await moderator.request('admin/abuse-user-reports', { state: 'unresolved' });
    t.same(
      unresolved.map((r) => r.comment),
      ['bob is rude'],
    );
    const [entry] = await logsOf(url, alice.token, 'resolveAbuseReport');
    t.equal(entry.info.reportId, report!.id);
    t.equal(entry.info.resolvedAs, 'accept');
    t.equal(entry.userId, carol.id);
  });

  await t.test('an unknown report is 404 NO_SUCH_ABUSE_REPORT, to resolve or to forward', async (t) => {
    const res = await api(url, 'admin/resolve-abuse-user-report', { reportId: 'nosuchreport0000' }, carol.token);
    isApiError(t, res, 404, 'NO_SUCH_ABUSE_REPORT', 'ac3794dd-2ce4-d878-e546-73c60c06b398');
    isApiError(
      t,
      await api(url, 'admin/resolve-abuse-user-report', { reportId: 'x', resolvedAs: 'maybe' }, carol.token),
      400,
      'INVALID_PARAM',
    );
    const forward = await api(url, 'admin/forward-abuse-user-report', { reportId: 'nosuchreport0000' }, carol.token);
    isApiError(t, forward, 404, 'NO_SUCH_ABUSE_REPORT', '8763e21b-d9bc-40be-acf6-54c1a6986493');
  });
});
