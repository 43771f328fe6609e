/**
 * admin/suspend-user, unsuspend-user, delete-account, reset-password, show-user, show-users: moderators
 * acting on accounts. Each action is logged by the actor that performs it (actors/moderation.ts).
 */
import { randomInt } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { purgeAccount } from '../../actors/index.js';
import { hashPassword, lastActiveAt } from '../../domain/index.js';
import { logger } from '../../log/index.js';
import { idDate, type UserRecord } from '../../store/index.js';
import { type CallContext, endpoint } from '../endpoint.js';
import { ApiError, moderationErrors } from '../errors.js';
import { moderationMeta as M } from '../misskey-moderation-meta.js';
import { userDetailed } from '../render/user.js';
import { Id, Nullable, Params, UserSchema } from './common.js';

const log = logger('moderation');
const UserIdParams = Params({ userId: Id });

/** The user a moderator names, or Flock's NO_SUCH_USER (Misskey throws a plain error there). */
function target(ctx: CallContext, userId: string): UserRecord {
  const user = ctx.store.users.get(userId);
  if (user === undefined) throw new ApiError(moderationErrors.noSuchUser);
  return user;
}

/** Moderators and administrators are beyond suspension and deletion, as in Misskey. */
function notAModerator(ctx: CallContext, user: UserRecord): void {
  if (ctx.roles.isModerator(user.id)) throw new ApiError(moderationErrors.targetIsModerator);
}

export const adminSuspendUser = endpoint({
  name: 'admin/suspend-user',
  description:
    'Suspends an account: its tokens stop working at once, it cannot sign in, its notes leave every list and it leaves every list of people (except for moderators); pending follow requests both ways are deleted. Moderators and administrators cannot be suspended.',
  ...M['admin/suspend-user'],
  params: UserIdParams,
  errors: { noSuchUser: moderationErrors.noSuchUser },
  async handler(p, ctx) {
    notAModerator(ctx, target(ctx, p.userId));
    await ctx.call(
      { op: 'user.suspend', args: { moderatorId: ctx.user!.id, userId: p.userId, suspended: true } },
      p.userId,
    );
    return null;
  },
});

export const adminUnsuspendUser = endpoint({
  name: 'admin/unsuspend-user',
  description: 'Ends a suspension: the account, its tokens and its notes are back as they were.',
  ...M['admin/unsuspend-user'],
  params: UserIdParams,
  errors: { noSuchUser: moderationErrors.noSuchUser },
  async handler(p, ctx) {
    target(ctx, p.userId);
    const args = { moderatorId: ctx.user!.id, userId: p.userId, suspended: false };
    await ctx.call({ op: 'user.suspend', args }, p.userId);
    return null;
  },
});

export const adminDeleteAccount = endpoint({
  name: 'admin/delete-account',
  description:
    'Deletes an account for good: its tokens are revoked at once; its notes, follows and follow requests are removed in the background (resumed after a restart). The username stays taken.',
  ...M['admin/delete-account'],
  params: UserIdParams,
  errors: { noSuchUser: moderationErrors.noSuchUser },
  async handler(p, ctx) {
    notAModerator(ctx, target(ctx, p.userId));
    await ctx.call({ op: 'user.deleteAccount', args: { moderatorId: ctx.user!.id, userId: p.userId } }, p.userId);
    purgeAccount(ctx.store, ctx.mailboxes, p.userId).catch((err: unknown) =>
      log.error({ err, userId: p.userId }, 'removing a deleted account failed; it resumes at the next start'),
    );
    return null;
  },
});

/** Misskey's secureRndstr alphabet. */
const PASSWORD_SYMBOLS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export const adminResetPassword = endpoint({
  name: 'admin/reset-password',
  description:
    "Gives an account a new random 8-character password and answers it: `{password}`. An administrator's cannot be reset.",
  ...M['admin/reset-password'],
  params: UserIdParams,
  res: Type.Object({ password: Type.String() }),
  errors: { noSuchUser: moderationErrors.noSuchUser },
  async handler(p, ctx) {
    const user = target(ctx, p.userId);
    if (ctx.roles.of(user.id).isAdministrator) throw new ApiError(moderationErrors.rootPassword);
    let password = '';
    for (let i = 0; i < 8; i++) password += PASSWORD_SYMBOLS[randomInt(PASSWORD_SYMBOLS.length)];
    const passwordHash = await hashPassword(password, ctx.config.passwordHashCost);
    await ctx.call(
      { op: 'user.resetPassword', args: { moderatorId: ctx.user!.id, userId: p.userId, passwordHash } },
      p.userId,
    );
    return { password };
  },
});

export const adminShowUser = endpoint({
  name: 'admin/show-user',
  description:
    'What moderators see of an account: its settings, standing, last activity, policies and role assignments.',
  ...M['admin/show-user'],
  params: UserIdParams,
  res: Type.Object({ isSuspended: Type.Boolean(), isModerator: Type.Boolean() }),
  handler(p, ctx) {
    const user = target(ctx, p.userId);
    const settings = ctx.store.userSettings.of(user.id);
    const counts = ctx.store.counts.of(user.id);
    const state = ctx.store.accountStates.of(user.id);
    const roles = ctx.roles.of(user.id);
    return {
      email: null,
      emailVerified: false,
      followedMessage: settings.followedMessage,
      autoAcceptFollowed: user.autoAcceptFollowed,
      noCrawle: user.noCrawle,
      preventAiLearning: user.preventAiLearning,
      alwaysMarkNsfw: settings.alwaysMarkNsfw,
      autoSensitive: settings.autoSensitive,
      carefulBot: user.carefulBot,
      injectFeaturedNote: settings.injectFeaturedNote,
      receiveAnnouncementEmail: settings.receiveAnnouncementEmail,
      mutedWords: user.mutedWords,
      mutedInstances: user.mutedInstances,
      notificationRecieveConfig: settings.notificationRecieveConfig,
      isModerator: roles.isModerator,
      isSystem: false,
      isSilenced: !roles.policies.canPublicNote,
      isSuspended: state.suspended,
      isDeleted: state.deleted,
      isHibernated: false,
      lastActiveDate: counts.lastActiveDay === 0 ? null : new Date(counts.lastActiveDay * 86_400_000).toISOString(),
      moderationNote: '',
      signins: [],
      policies: roles.policies,
      roleAssigns: ctx.store.roles.assignmentsOf(user.id).map(({ roleId, assignment }) => ({
        createdAt: idDate(assignment.id),
        expiresAt: assignment.expiresAt === null ? null : new Date(assignment.expiresAt).toISOString(),
        roleId,
      })),
    };
  },
});

type ShowUsersSort =
  | '+follower'
  | '-follower'
  | '+createdAt'
  | '-createdAt'
  | '+updatedAt'
  | '-updatedAt'
  | '+lastActiveDate'
  | '-lastActiveDate';
const SORTS: readonly ShowUsersSort[] = [
  '+follower',
  '-follower',
  '+createdAt',
  '-createdAt',
  '+updatedAt',
  '-updatedAt',
  '+lastActiveDate',
  '-lastActiveDate',
];
const STATES = ['all', 'alive', 'available', 'admin', 'moderator', 'adminOrModerator', 'suspended'] as const;
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** `users` counts a user alive when updated within five days, as Misskey does. */
const ALIVE_MS = 5 * 86_400_000;

/** The key each sort orders by (`+` is descending, as in Misskey). */
function sortKey(ctx: CallContext, user: UserRecord, sort: ShowUsersSort): number | string {
  const counts = ctx.store.counts.of(user.id);
  switch (sort.slice(1)) {
    case 'follower':
      return counts.followersCount;
    case 'updatedAt':
      return lastActiveAt(user, counts) ?? 0;
    case 'lastActiveDate':
      return counts.lastActiveDay;
    default:
      return user.id;
  }
}

export const adminShowUsers = endpoint({
  name: 'admin/show-users',
  description:
    'Every account, for moderators: by state (alive, available, admin, moderator, suspended), origin, username prefix and host, in a sort order (`+` descending), with offset paging. It reads every user record, as the list is for moderators only.',
  ...M['admin/show-users'],
  params: Params({
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
    sort: Type.Optional(literals(SORTS)),
    state: Type.Optional(literals(STATES)),
    origin: Type.Optional(literals(['combined', 'local', 'remote'] as const)),
    username: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
    hostname: Type.Optional(Nullable(Type.String({ maxLength: 256 }))),
  }),
  res: Type.Array(UserSchema),
  handler(p, ctx) {
    const accounts = ctx.queries.caches.accounts;
    const state = p.state ?? 'all';
    const origin = p.origin ?? 'combined';
    const username = p.username?.toLowerCase() || null;
    const hostname = p.hostname?.toLowerCase() || null;
    const now = Date.now();
    const keep = (user: UserRecord): boolean => {
      if (origin !== 'combined' && (origin === 'local') !== (user.host === null)) return false;
      if (username !== null && !user.usernameLower.startsWith(username)) return false;
      if (hostname !== null && !(user.host ?? '').includes(hostname)) return false;
      const roles =
        state === 'admin' || state === 'moderator' || state === 'adminOrModerator' ? ctx.roles.of(user.id) : undefined;
      switch (state) {
        case 'alive':
          return (lastActiveAt(user, ctx.store.counts.of(user.id)) ?? 0) > now - ALIVE_MS;
        case 'available':
          return !accounts.hidden.has(user.id);
        case 'admin':
          return roles!.isAdministrator;
        case 'moderator':
          return roles!.isModerator && !roles!.isAdministrator;
        case 'adminOrModerator':
          return roles!.isModerator;
        case 'suspended':
          return accounts.isSuspended(user.id);
        default:
          return true;
      }
    };
    const found = [...ctx.store.users.all()].filter(keep);
    if (p.sort !== undefined) {
      const sort = p.sort;
      const descending = sort.startsWith('+');
      const keyed = found.map((user) => ({ user, key: sortKey(ctx, user, sort) }));
      keyed.sort((a, b) => (a.key === b.key ? 0 : a.key < b.key !== descending ? -1 : 1));
      found.splice(0, found.length, ...keyed.map((entry) => entry.user));
    }
    const renderer = ctx.renderer();
    return found
      .slice(p.offset, p.offset + p.limit)
      .map((user) => userDetailed(ctx.store, user, ctx.user!.id, ctx.roles.of(user.id), renderer));
  },
});
