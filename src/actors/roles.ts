/**
 * Roles and their assignments, all addressed to ROLES_ADDRESS: one shard applies them in order, so
 * the checks an assignment makes (the role exists, moderators may edit its members) cannot race a
 * change of the role. Each change writes its moderation log entry in the same commit, and re-renders
 * the stored UserLite of the users whose badges it changes.
 */
import { genId, type RoleRecord, type UserRecord } from '../store/index.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import type { Handler } from './handler.js';
import { logAction } from './moderation.js';
import { ROLE_FIELDS, type RoleFields } from './protocol.js';
import { saveUser } from './user.js';

/** Where every role command goes. */
export const ROLES_ADDRESS = 'roles';

const showsBadge = (role: RoleRecord | undefined) => role?.asBadge === true && role.isPublic;

/** Renders a local user's UserLite again (their badge roles changed). */
function rerenderLite(ctx: ActorContext, user: UserRecord | undefined): void {
  if (user === undefined || user.host !== null) return;
  const { lite: _lite, ...rest } = user;
  saveUser(ctx, rest);
  ctx.emit({ type: 'userUpdated', userId: user.id });
}

/**
 * Renders again the UserLite of everyone whose badges a role change may change: the members of a
 * manual role, every local user for a conditional one (whose members are not stored). Only when the
 * role shows, or showed, as a public badge.
 */
function rerenderBadges(
  ctx: ActorContext,
  before: RoleRecord | undefined,
  after: RoleRecord | undefined,
  memberIds: readonly string[],
): void {
  if (!showsBadge(before) && !showsBadge(after)) return;
  if (before?.target === 'conditional' || after?.target === 'conditional') {
    for (const user of ctx.store.users.all()) rerenderLite(ctx, user);
    return;
  }
  for (const userId of memberIds) rerenderLite(ctx, ctx.store.users.get(userId));
}

/** The named fields of a patch, and nothing else. */
function roleFields(patch: Partial<RoleFields>): Partial<RoleFields> {
  const picked: Record<string, unknown> = {};
  for (const field of ROLE_FIELDS)
    if (Object.hasOwn(patch, field) && patch[field] !== undefined) picked[field] = patch[field];
  return picked as Partial<RoleFields>;
}

const memberIdsOf = (ctx: ActorContext, roleId: string) => ctx.store.roles.members(roleId).map((m) => m.userId);

const create: Handler<'role.create'> = (ctx, a) => {
  const role: RoleRecord = { ...(roleFields(a.fields) as RoleFields), id: genId(), updatedAt: Date.now() };
  ctx.store.roles.put(role);
  logAction(ctx, a.moderatorId, 'createRole', { roleId: role.id, role });
  rerenderBadges(ctx, undefined, role, []);
  ctx.emit({ type: 'roleCreated', roleId: role.id });
  return ok({ roleId: role.id });
};

const update: Handler<'role.update'> = (ctx, a) => {
  const before = ctx.store.roles.get(a.roleId);
  if (before === undefined) return fail('noSuchRole');
  const after = { ...before, ...roleFields(a.patch), updatedAt: Date.now() };
  ctx.store.roles.put(after);
  logAction(ctx, a.moderatorId, 'updateRole', { roleId: a.roleId, before, after });
  rerenderBadges(ctx, before, after, memberIdsOf(ctx, a.roleId));
  ctx.emit({ type: 'roleUpdated', roleId: a.roleId });
  return ok(null);
};

const remove: Handler<'role.delete'> = (ctx, a) => {
  const role = ctx.store.roles.get(a.roleId);
  if (role === undefined) return fail('noSuchRole');
  const memberIds = ctx.store.roles.remove(a.roleId);
  logAction(ctx, a.moderatorId, 'deleteRole', { roleId: a.roleId, role });
  rerenderBadges(ctx, role, undefined, memberIds);
  ctx.emit({ type: 'roleDeleted', roleId: a.roleId });
  return ok(null);
};

/** An assignment that would already have ended changes nothing, as in Misskey; assigning again replaces the assignment. */
const assign: Handler<'role.assign'> = (ctx, a) => {
  const role = ctx.store.roles.get(a.roleId);
  if (role === undefined) return fail('noSuchRole');
  const user = ctx.store.users.get(a.userId);
  if (user === undefined) return fail('noSuchUser');
  if (!a.byAdmin && !role.canEditMembersByModerator) return fail('accessDenied');
  if (a.expiresAt !== null && a.expiresAt <= Date.now()) return ok(null);
  ctx.store.roles.assign(a.roleId, a.userId, { id: genId(), expiresAt: a.expiresAt });
  logAction(ctx, a.moderatorId, 'assignRole', {
    userId: user.id,
    userUsername: user.username,
    userHost: user.host,
    roleId: role.id,
    roleName: role.name,
    expiresAt: a.expiresAt === null ? null : new Date(a.expiresAt).toISOString(),
  });
  if (showsBadge(role)) rerenderLite(ctx, user);
  ctx.emit({ type: 'roleAssigned', roleId: a.roleId, userId: a.userId });
  return ok(null);
};

const unassign: Handler<'role.unassign'> = (ctx, a) => {
  const role = ctx.store.roles.get(a.roleId);
  if (role === undefined) return fail('noSuchRole');
  const user = ctx.store.users.get(a.userId);
  if (user === undefined) return fail('noSuchUser');
  if (!a.byAdmin && !role.canEditMembersByModerator) return fail('accessDenied');
  if (ctx.store.roles.unassign(a.roleId, a.userId) === undefined) return fail('notAssigned');
  logAction(ctx, a.moderatorId, 'unassignRole', {
    userId: user.id,
    userUsername: user.username,
    userHost: user.host,
    roleId: role.id,
    roleName: role.name,
  });
  if (showsBadge(role)) rerenderLite(ctx, ctx.store.users.get(a.userId));
  ctx.emit({ type: 'roleUnassigned', roleId: a.roleId, userId: a.userId });
  return ok(null);
};

const setDefaultPolicies: Handler<'role.setDefaultPolicies'> = (ctx, a) => {
  ctx.store.roles.setInstancePolicies({ ...ctx.store.roles.instancePolicies(), ...a.policies });
  ctx.emit({ type: 'defaultPoliciesUpdated' });
  return ok(null);
};

export const roleHandlers = {
  'role.create': create,
  'role.update': update,
  'role.delete': remove,
  'role.assign': assign,
  'role.unassign': unassign,
  'role.setDefaultPolicies': setDefaultPolicies,
};
