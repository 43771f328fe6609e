/**
 * roles/{list,show,users,notes}: the roles anyone may look at. Public roles can be shown; public and
 * explorable ones list their members and have a timeline of their members' public notes.
 */
import { Type } from '@sinclair/typebox';
import { isAssignmentLive } from '../../domain/index.js';
import type { RoleRecord } from '../../store/index.js';
import { endpoint } from '../endpoint.js';
import { ApiError, endpointErrors as E, endpointMeta as M } from '../errors.js';
import { packRole } from '../render/role.js';
import { userDetailed } from '../render/user.js';
import { Id, NotesSchema, Paging, Params, UserSchema } from './common.js';

const RoleSchema = Type.Object({ id: Type.String(), name: Type.String() });
const explorable = (role: RoleRecord | undefined): role is RoleRecord => role?.isPublic === true && role.isExplorable;

export const rolesList = endpoint({
  name: 'roles/list',
  description: 'The roles that are public and explorable.',
  ...M['roles/list'],
  params: Params({}),
  res: Type.Array(RoleSchema),
  handler: (_p, ctx) =>
    ctx.roles
      .all()
      .filter((role) => explorable(role))
      .map((role) => packRole(role, ctx.store.roles.memberCount(role.id))),
});

export const rolesShow = endpoint({
  name: 'roles/show',
  description: 'One public role.',
  ...M['roles/show'],
  params: Params({ roleId: Id }),
  res: RoleSchema,
  handler(p, ctx) {
    const role = ctx.roles.get(p.roleId);
    if (role === undefined || !role.isPublic) throw new ApiError(E['roles/show'].noSuchRole);
    return packRole(role, ctx.store.roles.memberCount(role.id));
  },
});

export const rolesUsers = endpoint({
  name: 'roles/users',
  description: 'The members of a public, explorable role, newest assignment first.',
  ...M['roles/users'],
  params: Params({ roleId: Id, ...Paging }),
  res: Type.Array(Type.Object({ id: Type.String(), user: UserSchema })),
  handler(p, ctx) {
    const role = ctx.roles.get(p.roleId);
    if (!explorable(role)) throw new ApiError(E['roles/users'].noSuchRole);
    const now = Date.now();
    const viewerId = ctx.user?.id ?? null;
    return ctx.store.roles.membersPage(role.id, p, p.limit, (assignmentId, userId) => {
      const assignment = ctx.store.roles.assignment(role.id, userId);
      const user = ctx.queries.caches.users.get(userId);
      if (assignment === undefined || user === undefined || !isAssignmentLive(assignment, now)) return undefined;
      return { id: assignmentId, user: userDetailed(ctx.store, user, viewerId, ctx.roles.of(user.id), ctx.renderer()) };
    });
  },
});

export const rolesNotes = endpoint({
  name: 'roles/notes',
  description:
    'The public notes of the members of a public role, newest first; none unless the role is explorable. Members are those assigned to it.',
  ...M['roles/notes'],
  params: Params({ roleId: Id, ...Paging }),
  res: NotesSchema,
  handler(p, ctx) {
    const role = ctx.roles.get(p.roleId);
    if (role === undefined || !role.isPublic) throw new ApiError(E['roles/notes'].noSuchRole);
    if (!role.isExplorable) return [];
    const now = Date.now();
    const members = ctx.store.roles
      .members(role.id)
      .filter((m) => isAssignmentLive(m.assignment, now))
      .map((m) => m.userId);
    return ctx.renderer().list(ctx.queries.role(ctx.viewer()!, members, p));
  },
});
