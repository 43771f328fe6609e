/**
 * Roles and their assignments, all addressed to ROLES_ADDRESS: one shard applies them in order, so
 * the checks an assignment makes (the role exists, moderators may edit its members) cannot race a
 * change of the role.
 */
import { genId } from '../store/index.js';
import { fail, ok } from './context.js';
import type { Handler } from './handler.js';
import { ROLE_FIELDS, type RoleFields } from './protocol.js';

/** Where every role command goes. */
export const ROLES_ADDRESS = 'roles';

const create: Handler<'role.create'> = (ctx, a) => {
  const id = genId();
  const fields = roleFields(a.fields);
  ctx.store.roles.put({ ...(fields as RoleFields), id, updatedAt: Date.now() });
  ctx.emit({ type: 'roleCreated', roleId: id });
  return ok({ roleId: id });
};

/** The named fields of a patch, and nothing else. */
function roleFields(patch: Partial<RoleFields>): Partial<RoleFields> {
  const picked: Record<string, unknown> = {};
  for (const field of ROLE_FIELDS)
    if (Object.hasOwn(patch, field) && patch[field] !== undefined) picked[field] = patch[field];
  return picked as Partial<RoleFields>;
}

const update: Handler<'role.update'> = (ctx, a) => {
  const role = ctx.store.roles.get(a.roleId);
  if (role === undefined) return fail('noSuchRole');
  ctx.store.roles.put({ ...role, ...roleFields(a.patch), updatedAt: Date.now() });
  ctx.emit({ type: 'roleUpdated', roleId: a.roleId });
  return ok(null);
};

const remove: Handler<'role.delete'> = (ctx, a) => {
  if (ctx.store.roles.get(a.roleId) === undefined) return fail('noSuchRole');
  ctx.store.roles.remove(a.roleId);
  ctx.emit({ type: 'roleDeleted', roleId: a.roleId });
  return ok(null);
};

/** An assignment that would already have ended changes nothing, as in Misskey; assigning again replaces the assignment. */
const assign: Handler<'role.assign'> = (ctx, a) => {
  const role = ctx.store.roles.get(a.roleId);
  if (role === undefined) return fail('noSuchRole');
  if (!ctx.store.users.exists(a.userId)) return fail('noSuchUser');
  if (!a.byAdmin && !role.canEditMembersByModerator) return fail('accessDenied');
  if (a.expiresAt !== null && a.expiresAt <= Date.now()) return ok(null);
  ctx.store.roles.assign(a.roleId, a.userId, { id: genId(), expiresAt: a.expiresAt });
  ctx.emit({ type: 'roleAssigned', roleId: a.roleId, userId: a.userId });
  return ok(null);
};

const unassign: Handler<'role.unassign'> = (ctx, a) => {
  const role = ctx.store.roles.get(a.roleId);
  if (role === undefined) return fail('noSuchRole');
  if (!ctx.store.users.exists(a.userId)) return fail('noSuchUser');
  if (!a.byAdmin && !role.canEditMembersByModerator) return fail('accessDenied');
  if (ctx.store.roles.unassign(a.roleId, a.userId) === undefined) return fail('notAssigned');
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
