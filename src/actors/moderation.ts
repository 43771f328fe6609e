/**
 * Moderation's writes: instance settings, suspension, account deletion, password resets, abuse reports
 * and invitation codes. Each action a moderator takes writes its moderation log entry in the same
 * commit, so the log holds exactly the actions that happened.
 */
import { randomInt } from 'node:crypto';
import { activityId, flagActivity, INSTANCE_ACTOR_ID } from '../domain/index.js';
import {
  genId,
  INSTANCE_SETTINGS_FIELDS,
  type InstanceSettings,
  type InvitationRecord,
  type UserRecord,
} from '../store/index.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import type { Handler } from './handler.js';
import { queueDelivery } from './outgoing-follows.js';
import { runIn } from './relations.js';
import { userHandlers } from './user.js';

/** Records a moderator's action (Misskey's log types and payloads), in the running command's commit. */
export function logAction(ctx: ActorContext, moderatorId: string, type: string, info: Record<string, unknown>): void {
  ctx.store.moderationLogs.add(genId(), { userId: moderatorId, type, info });
}

/** How Misskey's log payloads name a user. */
const aboutUser = (user: UserRecord) => ({ userId: user.id, userUsername: user.username, userHost: user.host });

const updateSettings: Handler<'instance.updateSettings'> = (ctx, a) => {
  const before = ctx.store.instanceSettings.of(a.defaults);
  const after: InstanceSettings = { ...before };
  const changes = after as unknown as Record<string, unknown>;
  for (const field of INSTANCE_SETTINGS_FIELDS)
    if (Object.hasOwn(a.patch, field) && a.patch[field] !== undefined) changes[field] = a.patch[field];
  ctx.store.instanceSettings.set(after);
  logAction(ctx, a.moderatorId, 'updateServerSettings', { before, after });
  ctx.emit({ type: 'instanceSettingsUpdated' });
  return ok(null);
};

/**
 * Suspending deletes the pending follow requests both ways, as Misskey does: those to the user here
 * (their shard), theirs to others in each followee's shard; follows stay. Unsuspending brings back
 * everything else, since nothing else was removed.
 */
const suspend: Handler<'user.suspend'> = (ctx, a, effects) => {
  const { store } = ctx;
  const user = store.users.get(a.userId);
  if (user === undefined) return fail('noSuchUser');
  const state = store.accountStates.of(a.userId);
  store.accountStates.set(a.userId, { ...state, suspended: a.suspended });
  if (a.suspended) {
    for (const followerId of store.followRequests.requesterIds(a.userId))
      userHandlers['user.rejectRequest'](ctx, { followeeId: a.userId, followerId }, effects);
    for (const followeeId of store.followRequests.requestedBy(a.userId)) {
      const args = { followerId: a.userId, followeeId };
      runIn(ctx, followeeId, { op: 'user.unfollow', args }, effects, () =>
        userHandlers['user.unfollow'](ctx, args, effects),
      );
    }
  }
  logAction(ctx, a.moderatorId, a.suspended ? 'suspend' : 'unsuspend', aboutUser(user));
  ctx.emit({ type: a.suspended ? 'accountSuspended' : 'accountUnsuspended', userId: a.userId });
  return ok(null);
};

/** An account deleted twice is left alone, as Misskey does; the username stays taken (its acct key is kept). Its webhooks are deleted with it. */
const deleteAccount: Handler<'user.deleteAccount'> = (ctx, a) => {
  const { store } = ctx;
  const user = store.users.get(a.userId);
  if (user === undefined) return fail('noSuchUser');
  const state = store.accountStates.of(a.userId);
  if (state.deleted) return ok(null);
  store.accountStates.set(a.userId, { ...state, deleted: true, purged: false });
  const tokenKeys = store.tokens.ofUser(a.userId);
  for (const key of tokenKeys) store.tokens.revoke(a.userId, key);
  if (tokenKeys.length > 0) ctx.emit({ type: 'tokensRevoked', userId: a.userId, tokenKeys });
  // its hooks (and their secrets) go at once: the purge's unfollows call nobody, queued calls are dropped
  store.webhooks.replace(a.userId, []);
  logAction(ctx, a.moderatorId, 'deleteAccount', aboutUser(user));
  ctx.emit({ type: 'accountDeleted', userId: a.userId });
  return ok(null);
};

const accountPurged: Handler<'user.accountPurged'> = (ctx, a) => {
  const state = ctx.store.accountStates.of(a.userId);
  if (state.deleted && !state.purged) ctx.store.accountStates.set(a.userId, { ...state, purged: true });
  return ok(null);
};

const resetPassword: Handler<'user.resetPassword'> = (ctx, a) => {
  const user = ctx.store.users.get(a.userId);
  if (user === undefined) return fail('noSuchUser');
  void ctx.store.accounts.setPasswordHash(a.userId, a.passwordHash);
  logAction(ctx, a.moderatorId, 'resetPassword', aboutUser(user));
  ctx.emit({ type: 'passwordChanged', userId: a.userId });
  return ok(null);
};

const createReport: Handler<'report.create'> = (ctx, a) => {
  const { store } = ctx;
  const target = store.users.get(a.targetUserId);
  const reporter = store.users.get(a.reporterId);
  if (target === undefined || reporter === undefined) return fail('noSuchUser');
  const reportId = genId();
  store.abuseReports.put(reportId, {
    reporterId: a.reporterId,
    reporterHost: reporter.host,
    targetUserId: a.targetUserId,
    targetUserHost: target.host,
    comment: a.comment,
    resolved: false,
    resolvedAs: null,
    assigneeId: null,
    forwarded: false,
    moderationNote: '',
  });
  ctx.emit({ type: 'abuseReported', reportId, targetUserId: a.targetUserId });
  return ok({ reportId });
};

/** Resolving again records the later resolution and moderator, as Misskey does. */
const resolveReport: Handler<'report.resolve'> = (ctx, a) => {
  const report = ctx.store.abuseReports.get(a.reportId);
  if (report === undefined) return fail('noSuchReport');
  const resolved = { ...report, resolved: true, resolvedAs: a.resolvedAs, assigneeId: a.moderatorId };
  ctx.store.abuseReports.put(a.reportId, resolved);
  logAction(ctx, a.moderatorId, 'resolveAbuseReport', {
    reportId: a.reportId,
    report: { id: a.reportId, ...resolved },
    resolvedAs: a.resolvedAs,
  });
  ctx.emit({ type: 'abuseReportResolved', reportId: a.reportId });
  return ok(null);
};

/**
 * Forwarding a report tells the remote target's server, as Misskey does: a Flag from the instance actor
 * with the reporter's comment (the reporter stays unnamed), queued in the commit that marks it forwarded.
 * A report is forwarded once.
 */
const forwardReport: Handler<'report.forward'> = (ctx, a) => {
  const { store } = ctx;
  const report = store.abuseReports.get(a.reportId);
  if (report === undefined) return fail('noSuchReport');
  if (report.forwarded) return fail('alreadyForwarded');
  const target = store.users.get(report.targetUserId);
  if (target?.host == null || target.uri === null) return fail('targetNotRemote');
  const origin = ctx.settings.url;
  const flag = flagActivity(origin, activityId(origin, genId()), [target.uri], report.comment);
  if (!queueDelivery(ctx, INSTANCE_ACTOR_ID, target, flag)) return fail('targetNotRemote');
  const forwarded = { ...report, forwarded: true };
  store.abuseReports.put(a.reportId, forwarded);
  logAction(ctx, a.moderatorId, 'forwardAbuseReport', {
    reportId: a.reportId,
    report: { id: a.reportId, ...forwarded },
  });
  ctx.emit({ type: 'abuseReportForwarded', reportId: a.reportId });
  return ok(null);
};

/** Misskey's code alphabet: digits and capitals without 0, 1, I and O (32 symbols). */
const CODE_SYMBOLS = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Eight random symbols, then the minute of creation in base 36, as Misskey makes them. */
function newInvitationCode(now: number): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += CODE_SYMBOLS[randomInt(CODE_SYMBOLS.length)];
  return (
    code +
    Math.floor(now / 60_000)
      .toString(36)
      .toUpperCase()
  );
}

const createInvitations: Handler<'invite.create'> = (ctx, a) => {
  const { invitations } = ctx.store;
  if (
    a.creatorId !== null &&
    a.limit !== null &&
    invitations.countByCreatorSince(a.creatorId, a.limit.sinceId) >= a.limit.max
  )
    return fail('inviteLimitExceeded');
  const now = Date.now();
  const created: ({ id: string } & InvitationRecord)[] = [];
  for (const code of Array.from({ length: a.count }, () => newInvitationCode(now))) {
    // 40 random bits: a repeat is all but impossible, and would only cost this one code
    if (invitations.idOfCode(code) !== undefined) continue;
    const invitation = { code, createdBy: a.creatorId, expiresAt: a.expiresAt, usedBy: null, usedAt: null };
    const id = genId();
    invitations.put(id, invitation);
    created.push({ id, ...invitation });
  }
  if (a.moderatorId !== null) logAction(ctx, a.moderatorId, 'createInvitation', { invitations: created });
  const inviteIds = created.map((invitation) => invitation.id);
  ctx.emit({ type: 'invitationsCreated', inviteIds });
  return ok({ inviteIds });
};

const deleteInvitation: Handler<'invite.delete'> = (ctx, a) => {
  if (ctx.store.invitations.get(a.inviteId) === undefined) return fail('noSuchInvitation');
  ctx.store.invitations.remove(a.inviteId);
  ctx.emit({ type: 'invitationsDeleted', inviteIds: [a.inviteId] });
  return ok(null);
};

export const moderationHandlers = {
  'instance.updateSettings': updateSettings,
  'user.suspend': suspend,
  'user.deleteAccount': deleteAccount,
  'user.accountPurged': accountPurged,
  'user.resetPassword': resetPassword,
  'report.create': createReport,
  'report.resolve': resolveReport,
  'report.forward': forwardReport,
  'invite.create': createInvitations,
  'invite.delete': deleteInvitation,
};
