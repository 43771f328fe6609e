/**
 * admin/roles/*: roles and their members, for moderators (reads, assignments) and administrators
 * (creating, changing and deleting roles, the base policies). The pipeline checks the gate
 * (requireModerator / requireAdmin) before a handler runs; every write goes to the roles actor.
 */
import { Type } from '@sinclair/typebox';
import { ROLES_ADDRESS, type RoleFields } from '../../actors/index.js';
import { parsePolicyValues } from '../../domain/index.js';
import { idDate } from '../../store/index.js';
import { type CallContext, endpoint } from '../endpoint.js';
import { ApiError, endpointErrors as E, endpointMeta as M, type MisskeyErrorDef } from '../errors.js';
import { packRole } from '../render/role.js';
import { userDetailed } from '../render/user.js';
import { Id, Nullable, Paging, Params, Timestamp, UserSchema } from './common.js';
import { checkedPolicies, DefaultPoliciesParam, roleFieldParams, roleFieldsOf } from './role-params.js';

const RoleSchema = Type.Object({ id: Type.String(), name: Type.String(), policies: Type.Object({}) });
const RoleIdParams = Params({ roleId: Id });

/** The role as packed now, or the endpoint's NO_SUCH_ROLE. */
function shownRole(ctx: CallContext, roleId: string, noSuchRole: MisskeyErrorDef) {
  const role = ctx.store.roles.get(roleId);
  if (role === undefined) throw new ApiError(noSuchRole);
  return packRole(role, ctx.store.roles.memberCount(roleId));
}

export const adminRolesList = endpoint({
  name: 'admin/roles/list',
  description: 'Every role (moderators).',
  ...M['admin/roles/list'],
  params: Params({}),
  res: Type.Array(RoleSchema),
  handler: (_p, ctx) => ctx.store.roles.all().map((role) => packRole(role, ctx.store.roles.memberCount(role.id))),
});

export const adminRolesShow = endpoint({
  name: 'admin/roles/show',
  description: 'One role (moderators).',
  ...M['admin/roles/show'],
  params: RoleIdParams,
  res: RoleSchema,
  handler: (p, ctx) => shownRole(ctx, p.roleId, E['admin/roles/show'].noSuchRole),
});

const createParams = Params({
  ...roleFieldParams,
  isExplorable: Type.Boolean({ default: false }),
  preserveAssignmentOnMoveAccount: Type.Boolean({ default: false }),
});

export const adminRolesCreate = endpoint({
  name: 'admin/roles/create',
  description: 'Creates a role (administrators); answers it.',
  ...M['admin/roles/create'],
  params: createParams,
  res: RoleSchema,
  async handler(p, ctx) {
    const fields = roleFieldsOf(p) as RoleFields;
    const { roleId } = await ctx.call(
      { op: 'role.create', args: { moderatorId: ctx.user!.id, fields } },
      ROLES_ADDRESS,
    );
    return shownRole(ctx, roleId, E['admin/roles/show'].noSuchRole);
  },
});

const updateParams = Type.Composite([
  Params({ roleId: Id }),
  Type.Partial(
    Params({
      ...roleFieldParams,
      isExplorable: Type.Boolean(),
      preserveAssignmentOnMoveAccount: Type.Boolean(),
    }),
  ),
]);

export const adminRolesUpdate = endpoint({
  name: 'admin/roles/update',
  description: 'Changes the fields given of a role (administrators).',
  ...M['admin/roles/update'],
  params: updateParams,
  errors: { noSuchRole: E['admin/roles/update'].noSuchRole },
  async handler(p, ctx) {
    const { roleId, ...patch } = p;
    await ctx.call(
      { op: 'role.update', args: { moderatorId: ctx.user!.id, roleId, patch: roleFieldsOf(patch) } },
      ROLES_ADDRESS,
    );
  },
});

export const adminRolesDelete = endpoint({
  name: 'admin/roles/delete',
  description: 'Deletes a role and its assignments (administrators).',
  ...M['admin/roles/delete'],
  params: RoleIdParams,
  errors: { noSuchRole: E['admin/roles/delete'].noSuchRole },
  async handler(p, ctx) {
    await ctx.call({ op: 'role.delete', args: { moderatorId: ctx.user!.id, roleId: p.roleId } }, ROLES_ADDRESS);
  },
});

export const adminRolesAssign = endpoint({
  name: 'admin/roles/assign',
  description:
    'Assigns a user to a role until expiresAt (ms; null: for good); again replaces the assignment. Moderators may only for roles that let them.',
  ...M['admin/roles/assign'],
  params: Params({ roleId: Id, userId: Id, expiresAt: Type.Optional(Nullable(Timestamp)) }),
  errors: {
    noSuchRole: E['admin/roles/assign'].noSuchRole,
    noSuchUser: E['admin/roles/assign'].noSuchUser,
    accessDenied: E['admin/roles/assign'].accessDenied,
  },
  async handler(p, ctx) {
    const byAdmin = ctx.roles.isAdministrator(ctx.user!.id);
    const args = {
      moderatorId: ctx.user!.id,
      roleId: p.roleId,
      userId: p.userId,
      expiresAt: p.expiresAt ?? null,
      byAdmin,
    };
    await ctx.call({ op: 'role.assign', args }, ROLES_ADDRESS);
  },
});

export const adminRolesUnassign = endpoint({
  name: 'admin/roles/unassign',
  description: 'Ends a user’s assignment to a role. Moderators may only for roles that let them.',
  ...M['admin/roles/unassign'],
  params: Params({ roleId: Id, userId: Id }),
  errors: {
    noSuchRole: E['admin/roles/unassign'].noSuchRole,
    noSuchUser: E['admin/roles/unassign'].noSuchUser,
    notAssigned: E['admin/roles/unassign'].notAssigned,
    accessDenied: E['admin/roles/unassign'].accessDenied,
  },
  async handler(p, ctx) {
    const byAdmin = ctx.roles.isAdministrator(ctx.user!.id);
    await ctx.call(
      { op: 'role.unassign', args: { moderatorId: ctx.user!.id, roleId: p.roleId, userId: p.userId, byAdmin } },
      ROLES_ADDRESS,
    );
  },
});

export const adminRolesUsers = endpoint({
  name: 'admin/roles/users',
  description: 'A role’s members with unexpired assignments, newest assignment first (moderators).',
  ...M['admin/roles/users'],
  params: Params({ roleId: Id, ...Paging }),
  res: Type.Array(Type.Object({ id: Type.String(), user: UserSchema })),
  handler(p, ctx) {
    if (ctx.store.roles.get(p.roleId) === undefined) throw new ApiError(E['admin/roles/users'].noSuchRole);
    const now = Date.now();
    return ctx.store.roles.membersPage(p.roleId, p, p.limit, (assignmentId, userId) => {
      const assignment = ctx.store.roles.assignment(p.roleId, userId);
      const user = ctx.store.users.get(userId);
      if (assignment === undefined || user === undefined) return undefined;
      if (assignment.expiresAt !== null && assignment.expiresAt <= now) return undefined;
      return {
        id: assignmentId,
        createdAt: idDate(assignmentId),
        user: userDetailed(ctx.store, user, ctx.user!.id, ctx.roles.of(user.id), ctx.renderer()),
        expiresAt: assignment.expiresAt === null ? null : new Date(assignment.expiresAt).toISOString(),
      };
    });
  },
});

export const adminRolesUpdateDefaultPolicies = endpoint({
  name: 'admin/roles/update-default-policies',
  description: 'Sets the instance’s base policies (administrators): what a user without roles may do.',
  ...M['admin/roles/update-default-policies'],
  params: Params({ policies: DefaultPoliciesParam }),
  async handler(p, ctx) {
    const policies = checkedPolicies('#/policies', () => parsePolicyValues(p.policies));
    await ctx.call({ op: 'role.setDefaultPolicies', args: { policies } }, ROLES_ADDRESS);
  },
});
