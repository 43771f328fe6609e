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
  'following/create': {
    requireCredential: true,
    kind: 'write:following',
    prohibitMoved: true,
    limit: { duration: 3600000, max: 100 },
  },
  'following/delete': { requireCredential: true, kind: 'write:following', limit: { duration: 3600000, max: 100 } },
  'following/requests/list': { requireCredential: true, kind: 'read:following' },
  'following/requests/accept': { requireCredential: true, kind: 'write:following' },
  'following/requests/reject': { requireCredential: true, kind: 'write:following' },
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
} as const satisfies Record<string, MisskeyEndpointMeta>;
