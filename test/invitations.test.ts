/** Closed registration and invitation codes (invite/*, admin/invite/*, signup's invitationCode) through the real server and misskey-js. */
import * as Misskey from 'misskey-js';
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { giveRole, logsOf, policy } from './helpers/moderation.js';
import { api, call, signup, startServer } from './helpers/server.js';

const POLICY_REQUIRED = '7f86f06f-7e15-4057-8561-f4b6d4ac755a';

const signupWith = (url: string, username: string, invitationCode?: string) =>
  api(url, 'signup', { username, password: 'pw', ...(invitationCode === undefined ? {} : { invitationCode }) });

t.test('invitations', async (t) => {
  const server = await startServer({ env: { FLOCK_REGISTRATION_OPEN: 'off' } });
  t.teardown(() => server.stop());
  const url = server.url;
  const alice = await signup(url, 'alice');
  const admin = new Misskey.api.APIClient({ origin: url, credential: alice.token });

  await t.test('registration is closed: sign-up needs a valid code', async (t) => {
    t.equal((await call(url, 'meta', {})).disableRegistration, true);
    isApiError(t, await signupWith(url, 'bob'), 403, 'REGISTRATION_CLOSED');
    isApiError(t, await signupWith(url, 'bob', 'NOSUCHCODE'), 400, 'INVALID_INVITATION_CODE');
  });

  const codes = await admin.request('admin/invite/create', { count: 2 });
  let bob!: { id: string; token: string };

  await t.test('a moderator’s code opens sign-up once', async (t) => {
    t.equal(codes.length, 2);
    t.match(codes[0]!.code, /^[2-9A-HJ-NP-Z]{8}[0-9A-Z]+$/);
    t.equal(codes[0]!.used, false);
    const res = await signupWith(url, 'bob', codes[0]!.code);
    t.equal(res.status, 200, res.text);
    bob = { id: res.body.id, token: res.body.token };
    isApiError(t, await signupWith(url, 'carol', codes[0]!.code), 400, 'INVALID_INVITATION_CODE', undefined);
    const used = await admin.request('admin/invite/list', { type: 'used' });
    t.same(
      used.map((c) => c.code),
      [codes[0]!.code],
    );
    t.equal(used[0]!.usedBy!.id, bob.id);
    t.same(
      (await admin.request('admin/invite/list', { type: 'unused' })).map((c) => c.code),
      [codes[1]!.code],
    );
    t.equal((await logsOf(url, alice.token, 'createInvitation')).length, 1, 'logged');
  });

  await t.test('an expired code is refused; a bad date is INVALID_DATE_TIME', async (t) => {
    const [expired] = await admin.request('admin/invite/create', {
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    isApiError(t, await signupWith(url, 'carol', expired!.code), 400, 'INVALID_INVITATION_CODE');
    t.same(
      (await admin.request('admin/invite/list', { type: 'expired' })).map((c) => c.code),
      [expired!.code],
    );
    isApiError(
      t,
      await api(url, 'admin/invite/create', { expiresAt: 'soon' }, alice.token),
      400,
      'INVALID_DATE_TIME',
      'f1380b15-3760-4c6c-a1db-5c3aaf1cbd49',
    );
    isApiError(t, await api(url, 'admin/invite/create', { count: 101 }, alice.token), 400, 'INVALID_PARAM');
  });

  await t.test('users invite only when a role gives canInvite, within inviteLimit', async (t) => {
    isApiError(t, await api(url, 'invite/create', {}, bob.token), 403, 'ROLE_PERMISSION_DENIED', POLICY_REQUIRED);
    await giveRole(url, alice.token, bob.id, { policies: { canInvite: policy(true), inviteLimit: policy(1) } });
    const bobApi = new Misskey.api.APIClient({ origin: url, credential: bob.token });
    t.same(await bobApi.request('invite/limit', {}), { remaining: 1 });
    const mine = await bobApi.request('invite/create', {});
    t.equal(mine.createdBy!.id, bob.id);
    isApiError(
      t,
      await api(url, 'invite/create', {}, bob.token),
      400,
      'EXCEEDED_LIMIT_OF_CREATE_INVITE_CODE',
      '8b165dd3-6f37-4557-8db1-73175d63c641',
    );
    t.same(await bobApi.request('invite/limit', {}), { remaining: 0 });
    t.same(
      (await bobApi.request('invite/list', {})).map((c) => c.id),
      [mine.id],
    );
    const carol = await signupWith(url, 'carol', mine.code);
    t.equal(carol.status, 200, 'his code works too');
    isApiError(
      t,
      await api(url, 'invite/delete', { inviteId: mine.id }, bob.token),
      400,
      'CAN_NOT_DELETE_INVITE_CODE',
      'ff17af39-000c-4d4e-abdf-848fa30fc1ce',
    );
    isApiError(
      t,
      await api(url, 'invite/delete', { inviteId: codes[1]!.id }, bob.token),
      400,
      'ACCESS_DENIED',
      '5eb8d909-2540-4970-90b8-dd6f86088121',
    );
    isApiError(
      t,
      await api(url, 'invite/delete', { inviteId: 'nosuchinvite0000' }, bob.token),
      400,
      'NO_SUCH_INVITE_CODE',
      'cd4f9ae4-7854-4e3e-8df9-c296f051e634',
    );
    await admin.request('invite/delete', { inviteId: codes[1]!.id });
    isApiError(t, await signupWith(url, 'dave', codes[1]!.code), 400, 'INVALID_INVITATION_CODE', undefined);
  });

  await t.test('two sign-ups racing for one code: one account', async (t) => {
    const [code] = await admin.request('admin/invite/create', {});
    const results = await Promise.all(['racer1', 'racer2', 'racer3'].map((name) => signupWith(url, name, code!.code)));
    t.equal(results.filter((r) => r.status === 200).length, 1);
  });

  await t.test('reopened registration needs no code', async (t) => {
    await admin.request('admin/update-meta', { disableRegistration: false });
    t.equal((await signupWith(url, 'erin')).status, 200);
  });
});
