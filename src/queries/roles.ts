/**
 * What roles give each user, on the gateway thread: their roles, effective policies and whether they
 * moderate or administer. Asked on hot paths (every rate-limited request, timeline reads), so every
 * role is kept in memory and each user's answer is cached until a domain event changes it, one of
 * their assignments ends, or (with conditional roles, whose facts move with time and counts) a minute
 * has passed. While the instance has no roles at all, an answer costs one comparison.
 */
import type { Mailboxes } from '../actors/index.js';
import {
  basePolicies,
  type DomainEvent,
  isAdministratorBy,
  isAssignmentLive,
  isModeratorBy,
  policiesOf,
  type RolePolicies,
  rolesOf,
} from '../domain/index.js';
import { BoundedMap, NO_COUNTS, type RoleRecord, type Store, type UserRecord } from '../store/index.js';

/** What roles give one user. */
export interface UserRoles {
  /** Their roles now (manual with a live assignment, conditional whose formula holds), in id order. */
  roles: readonly RoleRecord[];
  policies: RolePolicies;
  isModerator: boolean;
  isAdministrator: boolean;
  /** When this answer must be worked out again (ms). */
  validUntil: number;
}

/** How long an answer that depends on conditional roles is kept. */
const CONDITIONAL_TTL_MS = 60_000;

export class RoleQueries {
  private roles = new Map<string, RoleRecord>();
  private hasConditional = false;
  private rootId: string | undefined;
  private base!: RolePolicies;
  private none!: UserRoles;
  private rootNone!: UserRoles;
  private cache: BoundedMap<string, UserRoles>;

  /**
   * @param instanceDefaults the policy values the instance's configuration sets over Misskey's defaults
   * @param users reads a user record (the read cache), for conditional roles' facts
   */
  constructor(
    private readonly store: Store,
    private readonly instanceDefaults: Partial<RolePolicies>,
    private readonly users: (userId: string) => UserRecord | undefined,
    private readonly entries: number,
  ) {
    this.cache = new BoundedMap(entries);
    this.reload();
  }

  /** Keeps the answers current: subscribes to the domain events. */
  subscribe(mailboxes: Mailboxes): void {
    mailboxes.onEvents((events) => this.apply(events));
  }

  /** What roles give `userId` now. */
  of(userId: string): UserRoles {
    if (this.roles.size === 0) return userId === this.rootId ? this.rootNone : this.none;
    const now = Date.now();
    const known = this.cache.get(userId);
    if (known !== undefined && known.validUntil > now) return known;
    const computed = this.compute(userId, now);
    this.cache.set(userId, computed);
    return computed;
  }

  /** The policies of `userId`; signed out (null), the base ones, as Misskey gives anonymous callers. */
  policiesOf(userId: string | null): RolePolicies {
    return userId === null ? this.base : this.of(userId).policies;
  }

  isModerator(userId: string): boolean {
    return this.of(userId).isModerator;
  }

  isAdministrator(userId: string): boolean {
    return this.of(userId).isAdministrator;
  }

  isRoot(userId: string): boolean {
    return userId === this.rootId;
  }

  /** The policies of a user with no roles (meta's `policies`). */
  basePolicies(): RolePolicies {
    return this.base;
  }

  /** Every role, in id (creation) order. */
  all(): RoleRecord[] {
    return [...this.roles.values()];
  }

  get(roleId: string): RoleRecord | undefined {
    return this.roles.get(roleId);
  }

  private compute(userId: string, now: number): UserRoles {
    const isRoot = userId === this.rootId;
    const assignments = this.store.roles.assignmentsOf(userId);
    if (assignments.length === 0 && !this.hasConditional) return isRoot ? this.rootNone : this.none;
    const user = this.users(userId);
    if (user === undefined) return isRoot ? this.rootNone : this.none;
    const counts = this.hasConditional ? this.store.counts.of(userId) : NO_COUNTS;
    const isSuspended = this.hasConditional && this.store.accountStates.of(userId).suspended;
    const roles = rolesOf(this.roles, { user, counts, assignments, isSuspended, now });
    let validUntil = this.hasConditional ? now + CONDITIONAL_TTL_MS : Number.POSITIVE_INFINITY;
    for (const { assignment } of assignments)
      if (assignment.expiresAt !== null && isAssignmentLive(assignment, now))
        validUntil = Math.min(validUntil, assignment.expiresAt);
    return {
      roles,
      policies: policiesOf(this.base, roles),
      isModerator: isModeratorBy(isRoot, roles),
      isAdministrator: isAdministratorBy(isRoot, roles),
      validUntil,
    };
  }

  /** Reads every role, the root and the base policies again, and forgets every answer. */
  private reload(): void {
    this.roles = new Map(this.store.roles.all().map((role) => [role.id, role]));
    this.hasConditional = [...this.roles.values()].some((role) => role.target === 'conditional');
    this.rootId = this.store.roles.rootId();
    this.base = basePolicies(this.instanceDefaults, this.store.roles.instancePolicies() as Partial<RolePolicies>);
    const plain = { roles: [], policies: this.base, validUntil: Number.POSITIVE_INFINITY };
    this.none = { ...plain, isModerator: false, isAdministrator: false };
    this.rootNone = { ...plain, isModerator: true, isAdministrator: true };
    this.cache = new BoundedMap(this.entries);
  }

  private apply(events: readonly DomainEvent[]): void {
    for (const event of events) {
      switch (event.type) {
        case 'roleCreated':
        case 'roleUpdated':
        case 'roleDeleted':
        case 'defaultPoliciesUpdated':
        case 'rootClaimed':
          this.store.resetReadSnapshot();
          this.reload();
          break;
        case 'roleAssigned':
        case 'roleUnassigned':
          this.cache.delete(event.userId);
          break;
        case 'followed':
        case 'unfollowed':
          if (this.hasConditional) {
            this.cache.delete(event.followerId);
            this.cache.delete(event.followeeId);
          }
          break;
        case 'noteCreated':
        case 'noteDeleted':
        case 'userUpdated':
        case 'accountSuspended':
        case 'accountUnsuspended':
          if (this.hasConditional) this.cache.delete(event.userId);
          break;
        default:
          break;
      }
    }
  }
}
