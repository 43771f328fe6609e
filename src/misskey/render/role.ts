/** Misskey's Role and RoleLite packing (RoleEntityService): every policy filled, usersCount counted. */
import { DEFAULT_POLICIES, POLICY_NAMES } from '../../domain/index.js';
import { idDate, type RoleRecord } from '../../store/index.js';

/** RoleLite: what a user's `roles` lists. */
export function roleLite(role: RoleRecord) {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    iconUrl: role.iconUrl,
    description: role.description,
    isModerator: role.isModerator,
    isAdministrator: role.isAdministrator,
    displayOrder: role.displayOrder,
  };
}

/** Role, with every policy Misskey knows (those the role leaves alone as `{useDefault: true, priority: 0}` with Misskey's default). */
export function packRole(role: RoleRecord, usersCount: number): Record<string, unknown> {
  const policies: Record<string, unknown> = {};
  for (const name of POLICY_NAMES)
    policies[name] = Object.hasOwn(role.policies, name)
      ? role.policies[name]
      : { useDefault: true, priority: 0, value: DEFAULT_POLICIES[name] };
  return {
    ...roleLite(role),
    createdAt: idDate(role.id),
    updatedAt: new Date(role.updatedAt).toISOString(),
    target: role.target,
    condFormula: role.condFormula,
    isPublic: role.isPublic,
    isExplorable: role.isExplorable,
    asBadge: role.asBadge,
    preserveAssignmentOnMoveAccount: role.preserveAssignmentOnMoveAccount,
    canEditMembersByModerator: role.canEditMembersByModerator,
    policies,
    usersCount: role.target === 'manual' ? usersCount : 0,
  };
}
