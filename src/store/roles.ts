/**
 * Roles: the roles (roleId → RoleRecord), their manual assignments both ways (UserEdges of the role:
 * `${roleId}${userId}` → RoleAssignment and `${roleId}${assignmentId}` → userId, so a role's members
 * page in Misskey's order; and `${userId}${roleId}` → RoleAssignment, a user's roles in one range read),
 * and the instance's role settings: who the root account is and the base policies it set.
 */
import type { Database } from 'lmdb';
import { IdIndex, type PageParams } from './paging.js';
import type { RoleAssignment, RoleRecord } from './records.js';
import { UserEdges } from './user-edges.js';

const ROOT = 'root';
const POLICIES = 'policies';

export class Roles {
  private readonly memberEdges: UserEdges<RoleAssignment>;
  private readonly userRoles: IdIndex<RoleAssignment>;

  constructor(
    private readonly roles: Database<RoleRecord, string>,
    roleMembers: Database<RoleAssignment, string>,
    roleMemberLog: Database<string, string>,
    userRoles: Database<RoleAssignment, string>,
    private readonly settings: Database<unknown, string>,
  ) {
    this.memberEdges = new UserEdges(roleMembers, roleMemberLog, (assignment) => assignment.id);
    this.userRoles = new IdIndex(userRoles);
  }

  get(roleId: string): RoleRecord | undefined {
    return this.roles.get(roleId);
  }

  /** Every role, in id (creation) order. */
  all(): RoleRecord[] {
    return [...this.roles.getRange()].map(({ value }) => value);
  }

  put(role: RoleRecord): void {
    void this.roles.put(role.id, role);
  }

  /** Removes the role and every assignment to it; answers the users it was assigned to. */
  remove(roleId: string): string[] {
    const userIds = this.memberEdges.entries(roleId).map((e) => e.id);
    for (const userId of userIds) this.unassign(roleId, userId);
    void this.roles.remove(roleId);
    return userIds;
  }

  /** The assignment of `userId` to the role, expired or not. */
  assignment(roleId: string, userId: string): RoleAssignment | undefined {
    return this.memberEdges.get(roleId, userId);
  }

  /** Writes the assignment, replacing one there was. */
  assign(roleId: string, userId: string, assignment: RoleAssignment): void {
    this.memberEdges.add(roleId, userId, assignment);
    void this.userRoles.put(userId, roleId, assignment);
  }

  /** Removes the assignment; answers it, or undefined when there was none. */
  unassign(roleId: string, userId: string): RoleAssignment | undefined {
    const removed = this.memberEdges.remove(roleId, userId);
    if (removed !== undefined) void this.userRoles.remove(userId, roleId);
    return removed;
  }

  /** The manual roles assigned to `userId` (expired ones included), in role id order. */
  assignmentsOf(userId: string): { roleId: string; assignment: RoleAssignment }[] {
    return this.userRoles.entries(userId).map((e) => ({ roleId: e.id, assignment: e.value }));
  }

  /** The role's members and their assignments (expired ones included), in user id order. */
  members(roleId: string): { userId: string; assignment: RoleAssignment }[] {
    return this.memberEdges.entries(roleId).map((e) => ({ userId: e.id, assignment: e.value }));
  }

  /** How many assignments the role has (expired ones included). */
  memberCount(roleId: string): number {
    return this.memberEdges.count(roleId);
  }

  /** The role's assignments as (assignment id, user id), in Misskey's page order. */
  membersPage<T>(
    roleId: string,
    params: PageParams,
    limit: number,
    accept: (assignmentId: string, userId: string) => T | undefined,
  ): T[] {
    return this.memberEdges.page(roleId, params, limit, accept);
  }

  /** The instance's root account (the first local account), once there is one. */
  rootId(): string | undefined {
    return this.settings.get(ROOT) as string | undefined;
  }

  /**
   * Makes `userId` the root account unless there is one. Called inside the sign-up's write
   * transaction: LMDB runs one write transaction at a time across every thread, so two concurrent
   * first sign-ups cannot both see no root.
   */
  claimRoot(userId: string): boolean {
    if (this.settings.doesExist(ROOT)) return false;
    void this.settings.put(ROOT, userId);
    return true;
  }

  /** The base policies the instance set (admin/roles/update-default-policies), by name. */
  instancePolicies(): Record<string, unknown> {
    return (this.settings.get(POLICIES) as Record<string, unknown> | undefined) ?? {};
  }

  setInstancePolicies(policies: Record<string, unknown>): void {
    void this.settings.put(POLICIES, policies);
  }
}
