/**
 * Roles: which roles a user has (manual assignments that have not expired, and conditional roles whose
 * formula holds for them), who moderates and administers the instance (the root account, and members
 * of moderator or administrator roles), and their effective policies.
 */
import type { RoleAssignment, RoleRecord, Store, UserCounts, UserRecord } from '../store/index.js';
import { isLocal } from './notes.js';
import { effectivePolicies, type RolePolicies, type RolePolicyMap } from './policies.js';
import { evalCondition } from './role-conditions.js';

/** Whether an assignment is in force at `now` (an expired one counts as absent). */
export const isAssignmentLive = (assignment: RoleAssignment, now: number): boolean =>
  assignment.expiresAt === null || assignment.expiresAt > now;

/** Whoever is root, or has a moderator or administrator role, moderates. */
export const isModeratorBy = (isRoot: boolean, roles: readonly RoleRecord[]): boolean =>
  isRoot || roles.some((role) => role.isModerator || role.isAdministrator);

/** Whoever is root, or has an administrator role, administers. */
export const isAdministratorBy = (isRoot: boolean, roles: readonly RoleRecord[]): boolean =>
  isRoot || roles.some((role) => role.isAdministrator);

/** The facts a user's roles depend on. */
export interface RoleFacts {
  user: Pick<UserRecord, 'id' | 'host' | 'isLocked' | 'isBot' | 'isCat' | 'isExplorable'>;
  counts: Pick<UserCounts, 'followersCount' | 'followingCount' | 'notesCount'>;
  assignments: readonly { roleId: string; assignment: RoleAssignment }[];
  isSuspended: boolean;
  now: number;
}

/**
 * The roles a user has at `now`, from every role there is: the manual ones with a live assignment
 * and the conditional ones whose formula holds.
 */
export function rolesOf(roles: ReadonlyMap<string, RoleRecord>, facts: RoleFacts): RoleRecord[] {
  const manualRoleIds = new Set<string>();
  const out: RoleRecord[] = [];
  for (const { roleId, assignment } of facts.assignments) {
    const role = roles.get(roleId);
    if (role === undefined || role.target !== 'manual' || !isAssignmentLive(assignment, facts.now)) continue;
    manualRoleIds.add(roleId);
    out.push(role);
  }
  for (const role of roles.values())
    if (role.target === 'conditional' && evalCondition(role.condFormula, { ...facts, manualRoleIds })) out.push(role);
  return out;
}

/** A user's effective policies: the base ones combined with their roles'. */
export const policiesOf = (base: RolePolicies, roles: readonly RoleRecord[]): RolePolicies =>
  effectivePolicies(
    base,
    roles.map((role) => ({ policies: role.policies as RolePolicyMap })),
  );

/** Roles in Misskey's display order: higher displayOrder first. */
export const byDisplayOrder = (a: RoleRecord, b: RoleRecord): number => b.displayOrder - a.displayOrder;

/** A role as a badge beside a user's name (UserLite `badgeRoles`). */
export interface BadgeRole {
  name: string;
  iconUrl: string | null;
  displayOrder: number;
}

/**
 * The public badge roles a local user has now, highest displayOrder first (remote users show none,
 * as in Misskey). Written into the stored UserLite, so it is worked out when the user's record is
 * rendered again: on a profile change, and when a role or assignment that shows as a badge changes.
 */
export function badgeRolesOf(store: Store, user: RoleFacts['user'], now: number): BadgeRole[] {
  if (!isLocal(user)) return [];
  const all = store.roles.all();
  if (!all.some((role) => role.asBadge && role.isPublic)) return [];
  const roles = rolesOf(new Map(all.map((role) => [role.id, role])), {
    user,
    counts: store.counts.of(user.id),
    assignments: store.roles.assignmentsOf(user.id),
    isSuspended: store.accountStates.of(user.id).suspended,
    now,
  });
  return roles
    .filter((role) => role.asBadge && role.isPublic)
    .sort(byDisplayOrder)
    .map((role) => ({ name: role.name, iconUrl: role.iconUrl, displayOrder: role.displayOrder }));
}
