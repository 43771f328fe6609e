/**
 * Misskey's endpoint meta, per endpoint (source as in misskey-errors.ts). limit values are in ms (source uses
 * ms('1hour') etc.). prohibitMoved and requiredRolePolicy are extra checks in ApiCallService
 * (commonErrors.yourAccountMoved / rolePolicyRequired). No endpoint here is `secure`.
 */
export interface MisskeyEndpointMeta {
  readonly requireCredential: boolean;
  readonly kind?: string;
  readonly secure?: boolean;
  readonly allowGet?: boolean;
  readonly cacheSec?: number;
  readonly prohibitMoved?: boolean;
  readonly requiredRolePolicy?: string;
  /** Only moderators, administrators and root may call it (ApiCallService: ROLE_PERMISSION_DENIED otherwise). */
  readonly requireModerator?: boolean;
  /** Only administrators and root may call it. */
  readonly requireAdmin?: boolean;
  readonly limit?: { readonly duration?: number; readonly max?: number; readonly minInterval?: number };
}

export const endpointMeta = {
  i: { requireCredential: true, kind: 'read:account' },
  'i/update': { requireCredential: true, kind: 'write:account', limit: { duration: 3600000, max: 20 } },
  'i/registry/get': { requireCredential: true, kind: 'read:account' },
  'i/registry/set': { requireCredential: true, kind: 'write:account' },
  'i/registry/get-all': { requireCredential: true, kind: 'read:account' },
  'i/favorites': { requireCredential: true, kind: 'read:favorites' },
  'users/show': { requireCredential: false },
  'ap/show': { requireCredential: true, kind: 'read:account', limit: { duration: 3600000, max: 30 } },
  'ap/get': { requireCredential: true, limit: { duration: 3600000, max: 30 } },
  'users/notes': { requireCredential: false }, // requireCredential not set in source (defaults to false)
  'users/followers': { requireCredential: false },
  'users/following': { requireCredential: false },
  'users/relation': { requireCredential: true, kind: 'read:account' },
  'users/search': { requireCredential: false, requiredRolePolicy: 'canSearchUsers' },
  users: { requireCredential: false, allowGet: true, cacheSec: 60 },
  'users/search-by-username-and-host': { requireCredential: false, requiredRolePolicy: 'canSearchUsers' },
  'users/get-frequently-replied-users': { requireCredential: false },
  'pinned-users': { requireCredential: false },
  'hashtags/show': { requireCredential: false },
  'hashtags/list': { requireCredential: false },
  'hashtags/trend': { requireCredential: false, allowGet: true, cacheSec: 60 },
  'hashtags/users': { requireCredential: false },
  'notes/search-by-tag': { requireCredential: false },
  'notes/search': { requireCredential: false },
  'following/create': {
    requireCredential: true,
    kind: 'write:following',
    prohibitMoved: true,
    limit: { duration: 3600000, max: 100 },
  },
  'following/delete': { requireCredential: true, kind: 'write:following', limit: { duration: 3600000, max: 100 } },
  'following/update': { requireCredential: true, kind: 'write:following', limit: { duration: 3600000, max: 100 } },
  'following/update-all': { requireCredential: true, kind: 'write:following', limit: { duration: 3600000, max: 10 } },
  'following/invalidate': {
    requireCredential: true,
    kind: 'write:following',
    limit: { duration: 3600000, max: 100 },
  },
  'users/update-memo': { requireCredential: true, kind: 'write:account', requiredRolePolicy: 'canUpdateContent' },
  'users/lists/create': { requireCredential: true, kind: 'write:account', prohibitMoved: true },
  'users/lists/delete': { requireCredential: true, kind: 'write:account' },
  'users/lists/list': { requireCredential: false, kind: 'read:account' },
  'users/lists/show': { requireCredential: false, kind: 'read:account' },
  'users/lists/update': { requireCredential: true, kind: 'write:account' },
  'users/lists/push': {
    requireCredential: true,
    kind: 'write:account',
    prohibitMoved: true,
    limit: { duration: 3600000, max: 30 },
  },
  'users/lists/pull': { requireCredential: true, kind: 'write:account', prohibitMoved: true },
  'users/lists/update-membership': { requireCredential: true, kind: 'write:account', prohibitMoved: true },
  'users/lists/get-memberships': { requireCredential: false, kind: 'read:account' },
  'users/lists/favorite': { requireCredential: true, kind: 'write:account' },
  'users/lists/unfavorite': { requireCredential: true, kind: 'write:account' },
  'users/lists/create-from-public': { requireCredential: true, kind: 'write:account', prohibitMoved: true },
  'notes/user-list-timeline': { requireCredential: true, kind: 'read:account' },
  'following/requests/list': { requireCredential: true, kind: 'read:following' },
  'following/requests/accept': { requireCredential: true, kind: 'write:following' },
  'following/requests/reject': { requireCredential: true, kind: 'write:following' },
  'following/requests/cancel': { requireCredential: true, kind: 'write:following' },
  'notes/create': {
    requireCredential: true,
    kind: 'write:notes',
    prohibitMoved: true,
    limit: { duration: 3600000, max: 300 },
  },
  'notes/show': { requireCredential: false },
  'notes/delete': {
    requireCredential: true,
    kind: 'write:notes',
    limit: { duration: 3600000, max: 300, minInterval: 1000 },
  },
  'notes/timeline': { requireCredential: true, kind: 'read:account' },
  'notes/local-timeline': { requireCredential: false }, // requireCredential not set in source (defaults to false)
  'notes/hybrid-timeline': { requireCredential: true, kind: 'read:account' },
  'notes/global-timeline': { requireCredential: false }, // requireCredential not set in source (defaults to false)
  'notes/mentions': { requireCredential: true, kind: 'read:account' },
  'notes/replies': { requireCredential: false },
  'notes/children': { requireCredential: false },
  'notes/renotes': { requireCredential: false },
  'notes/unrenote': {
    requireCredential: true,
    kind: 'write:notes',
    limit: { duration: 3600000, max: 300, minInterval: 1000 },
  },
  'notes/reactions/create': { requireCredential: true, kind: 'write:reactions', prohibitMoved: true },
  'notes/reactions/delete': {
    requireCredential: true,
    kind: 'write:reactions',
    limit: { duration: 3600000, max: 60, minInterval: 3000 },
  },
  'notes/reactions': { requireCredential: false, allowGet: true, cacheSec: 60 },
  'notes/favorites/create': {
    requireCredential: true,
    kind: 'write:favorites',
    prohibitMoved: true,
    limit: { duration: 3600000, max: 20 },
  },
  'notes/favorites/delete': { requireCredential: true, kind: 'write:favorites' },
  'notes/polls/vote': { requireCredential: true, kind: 'write:votes', prohibitMoved: true },
  'notes/show-partial-bulk': { requireCredential: false },
  'notes/state': { requireCredential: true, kind: 'read:account' },
  'notes/thread-muting/create': {
    requireCredential: true,
    kind: 'write:account',
    limit: { duration: 3600000, max: 10 },
  },
  'notes/thread-muting/delete': { requireCredential: true, kind: 'write:account' },
  'blocking/create': { requireCredential: true, kind: 'write:blocks', limit: { duration: 3600000, max: 20 } },
  'blocking/delete': { requireCredential: true, kind: 'write:blocks', limit: { duration: 3600000, max: 100 } },
  'blocking/list': { requireCredential: true, kind: 'read:blocks' },
  'mute/create': {
    requireCredential: true,
    kind: 'write:mutes',
    prohibitMoved: true,
    limit: { duration: 3600000, max: 20 },
  },
  'mute/delete': { requireCredential: true, kind: 'write:mutes' },
  'mute/list': { requireCredential: true, kind: 'read:mutes' },
  'renote-mute/create': {
    requireCredential: true,
    kind: 'write:mutes',
    prohibitMoved: true,
    limit: { duration: 3600000, max: 20 },
  },
  'renote-mute/delete': { requireCredential: true, kind: 'write:mutes' },
  'renote-mute/list': { requireCredential: true, kind: 'read:mutes' },
  drive: { requireCredential: true, kind: 'read:drive' },
  'drive/files': { requireCredential: true, kind: 'read:drive' },
  'drive/files/create': {
    requireCredential: true,
    kind: 'write:drive',
    prohibitMoved: true,
    limit: { duration: 3600000, max: 120 },
  },
  'drive/files/show': { requireCredential: true, kind: 'read:drive' },
  'drive/files/update': { requireCredential: true, kind: 'write:drive' },
  'drive/files/delete': { requireCredential: true, kind: 'write:drive' },
  'drive/files/find': { requireCredential: true, kind: 'read:drive' },
  'drive/files/find-by-hash': { requireCredential: true, kind: 'read:drive' },
  'drive/files/check-existence': { requireCredential: true, kind: 'read:drive' },
  'drive/files/attached-notes': { requireCredential: true, kind: 'read:drive' },
  'drive/files/move-bulk': { requireCredential: true, kind: 'write:drive' },
  'drive/files/upload-from-url': {
    requireCredential: true,
    kind: 'write:drive',
    limit: { duration: 3600000, max: 60 },
  },
  'drive/stream': { requireCredential: true, kind: 'read:drive' },
  'drive/folders': { requireCredential: true, kind: 'read:drive' },
  'drive/folders/create': { requireCredential: true, kind: 'write:drive', limit: { duration: 3600000, max: 10 } },
  'drive/folders/show': { requireCredential: true, kind: 'read:drive' },
  'drive/folders/update': { requireCredential: true, kind: 'write:drive' },
  'drive/folders/delete': { requireCredential: true, kind: 'write:drive' },
  'drive/folders/find': { requireCredential: true, kind: 'read:drive' },
  'admin/roles/list': { requireCredential: true, requireModerator: true, kind: 'read:admin:roles' },
  'admin/roles/show': { requireCredential: true, requireModerator: true, kind: 'read:admin:roles' },
  'admin/roles/create': { requireCredential: true, requireAdmin: true, kind: 'write:admin:roles' },
  'admin/roles/update': { requireCredential: true, requireAdmin: true, kind: 'write:admin:roles' },
  'admin/roles/delete': { requireCredential: true, requireAdmin: true, kind: 'write:admin:roles' },
  'admin/roles/assign': { requireCredential: true, requireModerator: true, kind: 'write:admin:roles' },
  'admin/roles/unassign': { requireCredential: true, requireModerator: true, kind: 'write:admin:roles' },
  'admin/roles/users': { requireCredential: true, requireModerator: true, kind: 'read:admin:roles' },
  'admin/roles/update-default-policies': { requireCredential: true, requireAdmin: true, kind: 'write:admin:roles' },
  'roles/list': { requireCredential: true, kind: 'read:account' },
  'roles/show': { requireCredential: false },
  'roles/users': { requireCredential: false },
  'roles/notes': { requireCredential: true, kind: 'read:account' },
} as const satisfies Record<string, MisskeyEndpointMeta>;
