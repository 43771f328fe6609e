/** users/report-abuse, admin/abuse-user-reports, admin/resolve-abuse-user-report, admin/forward-abuse-user-report. */
import { Type } from '@sinclair/typebox';
import { type AbuseReportRecord, idDate } from '../../store/index.js';
import { type CallContext, endpoint } from '../endpoint.js';
import { ApiError, endpointErrors as E, moderationErrors } from '../errors.js';
import { moderationMeta as M } from '../misskey-moderation-meta.js';
import { userDetailed } from '../render/user.js';
import { Id, Nullable, Paging, Params, UserSchema } from './common.js';

const Origin = Type.Union([Type.Literal('combined'), Type.Literal('local'), Type.Literal('remote')], {
  default: 'combined',
});
type Origin = 'combined' | 'local' | 'remote';

const fromOrigin = (host: string | null, origin: Origin) =>
  origin === 'combined' || (origin === 'local') === (host === null);

export const usersReportAbuse = endpoint({
  name: 'users/report-abuse',
  description: "Reports a user to this instance's moderators, with a comment (1–2048 characters).",
  ...M['users/report-abuse'],
  params: Params({ userId: Id, comment: Type.String({ minLength: 1, maxLength: 2048 }) }),
  errors: { noSuchUser: E['users/report-abuse'].noSuchUser },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    if (p.userId === me) throw new ApiError(E['users/report-abuse'].cannotReportYourself);
    if (!ctx.store.users.exists(p.userId) || ctx.queries.caches.accounts.isDeleted(p.userId))
      throw new ApiError(E['users/report-abuse'].noSuchUser);
    if (ctx.roles.of(p.userId).isAdministrator) throw new ApiError(E['users/report-abuse'].cannotReportAdmin);
    await ctx.call({ op: 'report.create', args: { reporterId: me, targetUserId: p.userId, comment: p.comment } }, me);
    return null;
  },
});

/** UserDetailed of a user named by a report, or null when the account is gone. */
function reportUser(ctx: CallContext, userId: string | null): Record<string, unknown> | null {
  const user = userId === null ? undefined : ctx.store.users.get(userId);
  return user === undefined ? null : userDetailed(ctx.store, user, ctx.user!.id, ctx.roles.of(user.id), ctx.renderer());
}

function packReport(ctx: CallContext, id: string, report: AbuseReportRecord): Record<string, unknown> {
  return {
    id,
    createdAt: idDate(id),
    comment: report.comment,
    resolved: report.resolved,
    reporterId: report.reporterId,
    targetUserId: report.targetUserId,
    assigneeId: report.assigneeId,
    reporter: reportUser(ctx, report.reporterId),
    targetUser: reportUser(ctx, report.targetUserId),
    assignee: reportUser(ctx, report.assigneeId),
    forwarded: report.forwarded,
    resolvedAs: report.resolvedAs,
    moderationNote: report.moderationNote,
  };
}

export const adminAbuseUserReports = endpoint({
  name: 'admin/abuse-user-reports',
  description:
    'Abuse reports, newest first: all, or only `resolved`/`unresolved` ones, by the reporter’s and the target’s origin.',
  ...M['admin/abuse-user-reports'],
  params: Params({
    ...Paging,
    state: Type.Optional(Nullable(Type.Union([Type.Literal('resolved'), Type.Literal('unresolved')]))),
    reporterOrigin: Origin,
    targetUserOrigin: Origin,
    forwarded: Type.Optional(Type.Boolean()),
  }),
  res: Type.Array(
    Type.Object({ id: Type.String(), comment: Type.String(), resolved: Type.Boolean(), targetUser: UserSchema }),
  ),
  handler(p, ctx) {
    const state = p.state ?? null;
    return ctx.store.abuseReports.page(p, p.limit, (id, report) => {
      if (state !== null && report.resolved !== (state === 'resolved')) return undefined;
      if (!fromOrigin(report.reporterHost, p.reporterOrigin)) return undefined;
      if (!fromOrigin(report.targetUserHost, p.targetUserOrigin)) return undefined;
      if (p.forwarded !== undefined && report.forwarded !== p.forwarded) return undefined;
      return packReport(ctx, id, report);
    });
  },
});

export const adminResolveAbuseUserReport = endpoint({
  name: 'admin/resolve-abuse-user-report',
  description: 'Marks a report resolved, as `accept`ed or `reject`ed (or neither), with you as its assignee.',
  ...M['admin/resolve-abuse-user-report'],
  params: Params({
    reportId: Id,
    resolvedAs: Type.Optional(Nullable(Type.Union([Type.Literal('accept'), Type.Literal('reject')]))),
  }),
  errors: { noSuchReport: E['admin/resolve-abuse-user-report'].noSuchAbuseReport },
  async handler(p, ctx) {
    const args = { moderatorId: ctx.user!.id, reportId: p.reportId, resolvedAs: p.resolvedAs ?? null };
    await ctx.call({ op: 'report.resolve', args }, p.reportId);
    return null;
  },
});

export const adminForwardAbuseUserReport = endpoint({
  name: 'admin/forward-abuse-user-report',
  description:
    "Forwards a report on a remote user to that user's server, as an ActivityPub Flag from this server's instance actor with the report's comment; once per report.",
  ...M['admin/forward-abuse-user-report'],
  params: Params({ reportId: Id }),
  errors: {
    noSuchReport: E['admin/forward-abuse-user-report'].noSuchAbuseReport,
    targetNotRemote: moderationErrors.reportTargetNotRemote,
    alreadyForwarded: moderationErrors.reportAlreadyForwarded,
  },
  async handler(p, ctx) {
    await ctx.call({ op: 'report.forward', args: { moderatorId: ctx.user!.id, reportId: p.reportId } }, p.reportId);
    return null;
  },
});
