/**
 * Misskey's endpoint meta of the moderation endpoints (as misskey-endpoint-meta.ts): who may call them
 * (requireModerator / requireAdmin, checked before the handler) and their permission kinds.
 */
import type { MisskeyEndpointMeta } from './misskey-endpoint-meta.js';

export const moderationMeta = {
  'users/report-abuse': { requireCredential: true, kind: 'write:report-abuse' },
  'admin/abuse-user-reports': {
    requireCredential: true,
    requireModerator: true,
    kind: 'read:admin:abuse-user-reports',
  },
  'admin/resolve-abuse-user-report': {
    requireCredential: true,
    requireModerator: true,
    kind: 'write:admin:resolve-abuse-user-report',
  },
  'admin/forward-abuse-user-report': {
    requireCredential: true,
    requireModerator: true,
    kind: 'write:admin:resolve-abuse-user-report',
  },
  'admin/suspend-user': { requireCredential: true, requireModerator: true, kind: 'write:admin:suspend-user' },
  'admin/unsuspend-user': { requireCredential: true, requireModerator: true, kind: 'write:admin:unsuspend-user' },
  'admin/delete-account': { requireCredential: true, requireAdmin: true, kind: 'write:admin:delete-account' },
  'admin/reset-password': { requireCredential: true, requireModerator: true, kind: 'write:admin:reset-password' },
  'admin/show-user': { requireCredential: true, requireModerator: true, kind: 'read:admin:show-user' },
  'admin/show-users': { requireCredential: true, requireModerator: true, kind: 'read:admin:show-user' },
  'admin/show-moderation-logs': {
    requireCredential: true,
    requireAdmin: true,
    kind: 'read:admin:show-moderation-log',
  },
  'admin/meta': { requireCredential: true, requireAdmin: true, kind: 'read:admin:meta' },
  'admin/update-meta': { requireCredential: true, requireAdmin: true, kind: 'write:admin:meta' },
  'invite/create': { requireCredential: true, kind: 'write:invite-codes', requiredRolePolicy: 'canInvite' },
  'invite/delete': { requireCredential: true, kind: 'write:invite-codes', requiredRolePolicy: 'canInvite' },
  'invite/list': { requireCredential: true, kind: 'read:invite-codes', requiredRolePolicy: 'canInvite' },
  'invite/limit': { requireCredential: true, kind: 'read:invite-codes', requiredRolePolicy: 'canInvite' },
  'admin/invite/create': { requireCredential: true, requireModerator: true, kind: 'write:admin:invite-codes' },
  'admin/invite/list': { requireCredential: true, requireModerator: true, kind: 'read:admin:invite-codes' },
} as const satisfies Record<string, MisskeyEndpointMeta>;
