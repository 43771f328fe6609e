/**
 * Invitation codes: invite/create, delete, list, limit (users whose roles give canInvite, within
 * inviteLimit per inviteLimitCycle) and admin/invite/create, list (moderators). A code opens sign-up
 * once while registration is closed (signup's invitationCode).
 */
import { Type } from '@sinclair/typebox';
import { type InvitationRecord, idAtTime, idDate } from '../../store/index.js';
import { type CallContext, endpoint } from '../endpoint.js';
import { ApiError, endpointErrors as E } from '../errors.js';
import { moderationMeta as M } from '../misskey-moderation-meta.js';
import { userDetailed } from '../render/user.js';
import { Id, Params } from './common.js';

const MINUTE_MS = 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Misskey's InviteCode entity. */
function packInvitation(ctx: CallContext, id: string, invitation: InvitationRecord): Record<string, unknown> {
  const user = (userId: string | null) => {
    const record = userId === null ? undefined : ctx.store.users.get(userId);
    return record === undefined
      ? null
      : userDetailed(ctx.store, record, ctx.user!.id, ctx.roles.of(record.id), ctx.renderer());
  };
  return {
    id,
    code: invitation.code,
    expiresAt: iso(invitation.expiresAt),
    createdAt: idDate(id),
    createdBy: user(invitation.createdBy),
    usedBy: user(invitation.usedBy),
    usedAt: iso(invitation.usedAt),
    used: invitation.usedAt !== null,
  };
}

/** The caller's policies (the endpoints' requiredRolePolicy canInvite has let them in: their roles give it, or they administer). */
const invitePolicies = (ctx: CallContext) => ctx.roles.policiesOf(ctx.user!.id);

/** The id below which invitations no longer count against the caller's inviteLimit (one inviteLimitCycle ago). */
const cycleStart = (minutes: number) => idAtTime(Date.now() - minutes * MINUTE_MS);

const InviteCodeSchema = Type.Object({ id: Type.String(), code: Type.String(), used: Type.Boolean() });

export const inviteCreate = endpoint({
  name: 'invite/create',
  description:
    'Makes an invitation code (your roles must give canInvite; at most inviteLimit per inviteLimitCycle minutes, 0: no limit), valid for inviteExpirationTime minutes (0: for good).',
  ...M['invite/create'],
  params: Params({}),
  res: InviteCodeSchema,
  errors: { inviteLimitExceeded: E['invite/create'].exceededCreateLimit },
  async handler(_p, ctx) {
    const policies = invitePolicies(ctx);
    const me = ctx.user!.id;
    const limit =
      policies.inviteLimit > 0 ? { max: policies.inviteLimit, sinceId: cycleStart(policies.inviteLimitCycle) } : null;
    const expiresAt = policies.inviteExpirationTime > 0 ? Date.now() + policies.inviteExpirationTime * MINUTE_MS : null;
    const args = { creatorId: me, moderatorId: null, count: 1, expiresAt, limit };
    const { inviteIds } = await ctx.call({ op: 'invite.create', args }, me);
    const id = inviteIds[0]!;
    return packInvitation(ctx, id, ctx.store.invitations.get(id)!);
  },
});

export const inviteDelete = endpoint({
  name: 'invite/delete',
  description: 'Deletes one of your invitation codes that has not been used (moderators: any code).',
  ...M['invite/delete'],
  params: Params({ inviteId: Id }),
  errors: { noSuchInvitation: E['invite/delete'].noSuchCode },
  async handler(p, ctx) {
    const invitation = ctx.store.invitations.get(p.inviteId);
    if (invitation === undefined) throw new ApiError(E['invite/delete'].noSuchCode);
    const isModerator = ctx.roles.isModerator(ctx.user!.id);
    if (invitation.createdBy !== ctx.user!.id && !isModerator) throw new ApiError(E['invite/delete'].accessDenied);
    if (invitation.usedAt !== null && !isModerator) throw new ApiError(E['invite/delete'].cantDelete);
    await ctx.call({ op: 'invite.delete', args: { inviteId: p.inviteId } }, p.inviteId);
    return null;
  },
});

export const inviteList = endpoint({
  name: 'invite/list',
  description: 'Your invitation codes, newest first (paging by id).',
  ...M['invite/list'],
  params: Params({
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
    sinceId: Type.Optional(Id),
    untilId: Type.Optional(Id),
  }),
  res: Type.Array(InviteCodeSchema),
  handler(p, ctx) {
    return ctx.store.invitations.pageOf(ctx.user!.id, p, p.limit, (id, invitation) =>
      packInvitation(ctx, id, invitation),
    );
  },
});

export const inviteLimit = endpoint({
  name: 'invite/limit',
  description: 'How many more codes you may make in this inviteLimitCycle: `{remaining}` (null: no limit).',
  ...M['invite/limit'],
  params: Params({}),
  res: Type.Object({ remaining: Type.Union([Type.Integer(), Type.Null()]) }),
  handler(_p, ctx) {
    const policies = invitePolicies(ctx);
    if (policies.inviteLimit <= 0) return { remaining: null };
    const made = ctx.store.invitations.countByCreatorSince(ctx.user!.id, cycleStart(policies.inviteLimitCycle));
    return { remaining: Math.max(0, policies.inviteLimit - made) };
  },
});

export const adminInviteCreate = endpoint({
  name: 'admin/invite/create',
  description:
    'Makes 1–100 invitation codes, valid until `expiresAt` (a date-time; absent or null: for good); answers the codes.',
  ...M['admin/invite/create'],
  params: Params({
    count: Type.Integer({ minimum: 1, maximum: 100, default: 1 }),
    expiresAt: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  }),
  res: Type.Array(InviteCodeSchema),
  errors: { inviteLimitExceeded: E['invite/create'].exceededCreateLimit },
  async handler(p, ctx) {
    let expiresAt: number | null = null;
    if (p.expiresAt != null && p.expiresAt !== '') {
      expiresAt = Date.parse(p.expiresAt);
      if (Number.isNaN(expiresAt)) throw new ApiError(E['admin/invite/create'].invalidDateTime);
    }
    const args = { creatorId: null, moderatorId: ctx.user!.id, count: p.count, expiresAt, limit: null };
    const { inviteIds } = await ctx.call({ op: 'invite.create', args }, ctx.user!.id);
    return inviteIds.map((id) => packInvitation(ctx, id, ctx.store.invitations.get(id)!));
  },
});

const INVITE_TYPES = ['unused', 'used', 'expired', 'all'] as const;
const INVITE_SORTS = ['+createdAt', '-createdAt', '+usedAt', '-usedAt'] as const;

export const adminInviteList = endpoint({
  name: 'admin/invite/list',
  description:
    'Every invitation code, for moderators: `unused`, `used`, `expired` or `all`, sorted by creation or use (`+`: newest first), with offset paging.',
  ...M['admin/invite/list'],
  params: Params({
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
    type: Type.Union(
      INVITE_TYPES.map((t) => Type.Literal(t)),
      { default: 'all' },
    ),
    sort: Type.Optional(Type.Union(INVITE_SORTS.map((s) => Type.Literal(s)))),
  }),
  res: Type.Array(InviteCodeSchema),
  handler(p, ctx) {
    const now = Date.now();
    const expired = (i: InvitationRecord) => i.usedAt === null && i.expiresAt !== null && i.expiresAt <= now;
    const found = [...ctx.store.invitations.all()].filter(({ invitation }) => {
      if (p.type === 'used') return invitation.usedAt !== null;
      if (p.type === 'expired') return expired(invitation);
      if (p.type === 'unused') return invitation.usedAt === null && !expired(invitation);
      return true;
    });
    const sort = p.sort ?? '+createdAt';
    const key = (e: (typeof found)[number]) => (sort.endsWith('usedAt') ? (e.invitation.usedAt ?? 0) : idDate(e.id));
    const descending = sort.startsWith('+');
    found.sort((a, b) => (key(a) === key(b) ? 0 : key(a) < key(b) !== descending ? -1 : 1));
    return found.slice(p.offset, p.offset + p.limit).map(({ id, invitation }) => packInvitation(ctx, id, invitation));
  },
});
