/** Misskey's API error definitions (message, code, id, HTTP status) as its clients expect them, per endpoint. Source: misskey-dev/misskey b9df928097093d715b90204af442961bd51e5d8f ("Release: 2025.9.0") packages/backend/src/server/api. */

// HTTP status rule (ApiCallService #sendApiError): an explicit httpStatus wins; otherwise
// kind 'client' (the default when kind is absent) -> 400, 'permission' -> 403, 'server' -> 500.
// The body is always { error: { message, code, id, kind, info? } } with kind defaulting to 'client'.
// 401 adds `WWW-Authenticate: Bearer realm="Misskey"`; RATE_LIMIT_EXCEEDED adds `Retry-After` (seconds).

export interface MisskeyErrorDef { readonly message: string; readonly code: string; readonly id: string; readonly httpStatus?: number; readonly kind?: 'client' | 'server' | 'permission' }

export const commonErrors = {
	// ApiCallService: no user on a requireCredential endpoint.
	credentialRequired: { message: 'Credential required.', code: 'CREDENTIAL_REQUIRED', id: '1384574d-a912-4b81-8601-c7b1c4085df1', httpStatus: 401 },
	// ApiCallService #sendAuthenticationError: token not recognised; sent with status 401 and
	// `WWW-Authenticate: Bearer realm="Misskey", error="invalid_token", error_description="<message>"`.
	authenticationFailed: { message: 'Authentication failed. Please ensure your token is correct.', code: 'AUTHENTICATION_FAILED', id: 'b0a7f5f8-dc2f-4171-b91f-de88ad238e14', httpStatus: 401 },
	// endpoint-base: JSON-schema validation failure; info = { param: <ajv schemaPath>, reason: <ajv message> }.
	invalidParam: { message: 'Invalid param.', code: 'INVALID_PARAM', id: '3d81ceae-475f-4600-b2a8-2bc116157532' },
	// ApiCallService: a GET query / multipart field that JSON.parse rejects; info = { param, reason: 'cannot cast to <type>' }.
	invalidParamCast: { message: 'Invalid param.', code: 'INVALID_PARAM', id: '0b5f1631-7c1a-41a6-b399-cce335f34d85' },
	// endpoint-base: requireFile endpoint called without a file.
	fileRequired: { message: 'File required.', code: 'FILE_REQUIRED', id: '4267801e-70d1-416a-b011-4ee502885d8b' },
	// ApiCallService: info = limiter info { total, remaining, reset, resetMs }.
	rateLimitExceeded: { message: 'Rate limit exceeded. Please try again later.', code: 'RATE_LIMIT_EXCEEDED', id: 'd5826d14-3982-4d2e-8011-b9e9f02499ef', httpStatus: 429 },
	// ApiCallService: access token lacks the endpoint's `kind` (or endpoint has no kind but needs credentials).
	// Adds `WWW-Authenticate: Bearer realm="Misskey", error="insufficient_scope", error_description="<message>"`.
	permissionDenied: { message: 'Your app does not have the necessary permissions to use this endpoint.', code: 'PERMISSION_DENIED', id: '1370e5b7-d4eb-4566-bb1d-7748ee6a1838', kind: 'permission' },
	// ApiCallService: `secure` endpoint called with anything but the user's native token (no kind -> 400).
	accessDenied: { message: 'Access denied.', code: 'ACCESS_DENIED', id: '56f35758-7dd5-468b-8439-5d6fb8ec9b8e' },
	// ApiCallService: suspended user on a requireCredential endpoint.
	yourAccountSuspended: { message: 'Your account has been suspended.', code: 'YOUR_ACCOUNT_SUSPENDED', id: 'a8c724b3-6e9c-4b46-b1a8-bc3ed6258370', kind: 'permission' },
	// ApiCallService: moved user (movedToUri set) on a `prohibitMoved` endpoint.
	yourAccountMoved: { message: 'You have moved your account.', code: 'YOUR_ACCOUNT_MOVED', id: '56f20ec9-fd06-4fa5-841b-edd6d7d4fa31', kind: 'permission' },
	// ApiCallService: requireModerator / requireAdmin / requiredRolePolicy checks (root user bypasses).
	roleModeratorRequired: { message: 'You are not assigned to a moderator role.', code: 'ROLE_PERMISSION_DENIED', id: 'd33d5333-db36-423d-a8f9-1a2b9549da41', kind: 'permission' },
	roleAdminRequired: { message: 'You are not assigned to an administrator role.', code: 'ROLE_PERMISSION_DENIED', id: 'c3d38592-54c0-429d-be96-5636b0431a61', kind: 'permission' },
	rolePolicyRequired: { message: 'You are not assigned to a required role.', code: 'ROLE_PERMISSION_DENIED', id: '7f86f06f-7e15-4057-8561-f4b6d4ac755a', kind: 'permission' },
	// error.ts default (new ApiError()); for unexpected exceptions info = { e: { message, code: <error name>, id: <random uuid> } }.
	internalError: { message: 'Internal error occurred. Please contact us if the error persists.', code: 'INTERNAL_ERROR', id: '5d37dbcb-891e-41ca-a3d6-e690c97775ac', httpStatus: 500, kind: 'server' },
	// ApiServerService: GET /api/<unknown path> (an unknown POST gets fastify's default 404 instead).
	unknownApiEndpoint: { message: 'Unknown API endpoint.', code: 'UNKNOWN_API_ENDPOINT', id: '2ca3b769-540a-4f08-9dd5-b5a825b6d0f1', httpStatus: 404, kind: 'client' },
} as const satisfies Record<string, MisskeyErrorDef>;
// Bare statuses with an empty body (no error object): GET to an endpoint without allowGet -> 405;
// multipart endpoint without a file part -> 400; file too large -> 413.
// Non-string token (`i` / Bearer): the handler sets 400 but never calls send() while the route returns `reply`,
// so under fastify 5.6.0 no response is ever sent (checked with fastify.inject). A clean 400 is the sane choice.

// Per endpoint: the `meta.errors` object of packages/backend/src/server/api/endpoints/<name>.ts, keys as in source.
export const endpointErrors = {
	'i': {
		userIsDeleted: { message: 'User is deleted.', code: 'USER_IS_DELETED', id: 'e5b3b9f0-2b8f-4b9f-9c1f-8c5c1b2e1b1a', kind: 'permission' },
	},
	'i/update': {
		noSuchAvatar: { message: 'No such avatar file.', code: 'NO_SUCH_AVATAR', id: '539f3a45-f215-4f81-a9a8-31293640207f' },
		noSuchBanner: { message: 'No such banner file.', code: 'NO_SUCH_BANNER', id: '0d8f5629-f210-41c2-9433-735831a58595' },
		avatarNotAnImage: { message: 'The file specified as an avatar is not an image.', code: 'AVATAR_NOT_AN_IMAGE', id: 'f419f9f8-2f4d-46b1-9fb4-49d3a2fd7191' },
		bannerNotAnImage: { message: 'The file specified as a banner is not an image.', code: 'BANNER_NOT_AN_IMAGE', id: '75aedb19-2afd-4e6d-87fc-67941256fa60' },
		noSuchPage: { message: 'No such page.', code: 'NO_SUCH_PAGE', id: '8e01b590-7eb9-431b-a239-860e086c408e' },
		invalidRegexp: { message: 'Invalid Regular Expression.', code: 'INVALID_REGEXP', id: '0d786918-10df-41cd-8f33-8dec7d9a89a5' },
		tooManyMutedWords: { message: 'Too many muted words.', code: 'TOO_MANY_MUTED_WORDS', id: '010665b1-a211-42d2-bc64-8f6609d79785' },
		noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: 'fcd2eef9-a9b2-4c4f-8624-038099e90aa5' },
		uriNull: { message: 'User ActivityPup URI is null.', code: 'URI_NULL', id: 'bf326f31-d430-4f97-9933-5d61e4d48a23' },
		forbiddenToSetYourself: { message: 'You can\'t set yourself as your own alias.', code: 'FORBIDDEN_TO_SET_YOURSELF', id: '25c90186-4ab0-49c8-9bba-a1fa6c202ba4' },
		restrictedByRole: { message: 'This feature is restricted by your role.', code: 'RESTRICTED_BY_ROLE', id: '8feff0ba-5ab5-585b-31f4-4df816663fad' },
		nameContainsProhibitedWords: { message: 'Your new name contains prohibited words.', code: 'YOUR_NAME_CONTAINS_PROHIBITED_WORDS', id: '0b3f9f6a-2f4d-4b1f-9fb4-49d3a2fd7191', httpStatus: 422 },
		// Not in meta.errors: thrown inline when `alsoKnownAs` is set by a user who has already moved; explicit 403, no kind.
		yourAccountMoved: { message: 'You have moved your account.', code: 'YOUR_ACCOUNT_MOVED', id: '56f20ec9-fd06-4fa5-841b-edd6d7d4fa31', httpStatus: 403 },
	},
	'i/registry/get': {
		noSuchKey: { message: 'No such key.', code: 'NO_SUCH_KEY', id: 'ac3ed68a-62f0-422b-a7bc-d5e09e8f6a6a' },
	},
	'i/registry/set': {},
	'i/registry/get-all': {},
	'i/favorites': {},
	'users/show': {
		failedToResolveRemoteUser: { message: 'Failed to resolve remote user.', code: 'FAILED_TO_RESOLVE_REMOTE_USER', id: 'ef7b9be4-9cba-4e6f-ab41-90ed171c7d3c', kind: 'server' },
		noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '4362f8dc-731f-4ad8-a694-be5a88922a24', httpStatus: 404 },
	},
	'users/notes': {
		noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '27e494ba-2ac2-48e8-893b-10d4d8c2387b' },
		bothWithRepliesAndWithFiles: { message: 'Specifying both withReplies and withFiles is not supported', code: 'BOTH_WITH_REPLIES_AND_WITH_FILES', id: '91c8cb9f-36ed-46e7-9ca2-7df96ed6e222' },
		signinRequired: { message: 'Signin required.', code: 'SIGNIN_REQUIRED', id: 'd1588a9e-4b4d-4c07-807f-16f1486577a2' },
	},
	'users/followers': {
		noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '27fa5435-88ab-43de-9360-387de88727cd' },
		forbidden: { message: 'Forbidden.', code: 'FORBIDDEN', id: '3c6a84db-d619-26af-ca14-06232a21df8a' },
	},
	'users/following': {
		noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '63e4aba4-4156-4e53-be25-c9559e42d71b' },
		forbidden: { message: 'Forbidden.', code: 'FORBIDDEN', id: 'f6cdb0df-c19f-ec5c-7dbb-0ba84a1f92ba' },
		birthdayInvalid: { message: 'Birthday date format is invalid.', code: 'BIRTHDAY_DATE_FORMAT_INVALID', id: 'a2b007b9-4782-4eba-abd3-93b05ed4130d' },
	},
	'users/relation': {},
	'users/search': {},
	'following/create': {
		noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: 'fcd2eef9-a9b2-4c4f-8624-038099e90aa5' },
		followeeIsYourself: { message: 'Followee is yourself.', code: 'FOLLOWEE_IS_YOURSELF', id: '26fbe7bb-a331-4857-af17-205b426669a9' },
		alreadyFollowing: { message: 'You are already following that user.', code: 'ALREADY_FOLLOWING', id: '35387507-38c7-4cb9-9197-300b93783fa0' },
		blocking: { message: 'You are blocking that user.', code: 'BLOCKING', id: '4e2206ec-aa4f-4960-b865-6c23ac38e2d9' },
		blocked: { message: 'You are blocked by that user.', code: 'BLOCKED', id: 'c4ab57cc-4e41-45e9-bfd9-584f61e35ce0' },
	},
	'following/delete': {
		noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '5b12c78d-2b28-4dca-99d2-f56139b42ff8' },
		followeeIsYourself: { message: 'Followee is yourself.', code: 'FOLLOWEE_IS_YOURSELF', id: 'd9e400b9-36b0-4808-b1d8-79e707f1296c' },
		notFollowing: { message: 'You are not following that user.', code: 'NOT_FOLLOWING', id: '5dbf82f5-c92b-40b1-87d1-6c8c0741fd09' },
	},
	'following/requests/list': {},
	'following/requests/accept': {
		noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '66ce1645-d66c-46bb-8b79-96739af885bd' },
		noFollowRequest: { message: 'No follow request.', code: 'NO_FOLLOW_REQUEST', id: 'bcde4f8b-0913-4614-8881-614e522fb041' },
	},
	'following/requests/reject': {
		noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: 'abc2ffa6-25b2-4380-ba99-321ff3a94555' },
	},
	'notes/create': {
		noSuchRenoteTarget: { message: 'No such renote target.', code: 'NO_SUCH_RENOTE_TARGET', id: 'b5c90186-4ab0-49c8-9bba-a1f76c282ba4' },
		cannotReRenote: { message: 'You can not Renote a pure Renote.', code: 'CANNOT_RENOTE_TO_A_PURE_RENOTE', id: 'fd4cc33e-2a37-48dd-99cc-9b806eb2031a' },
		cannotRenoteDueToVisibility: { message: 'You can not Renote due to target visibility.', code: 'CANNOT_RENOTE_DUE_TO_VISIBILITY', id: 'be9529e9-fe72-4de0-ae43-0b363c4938af' },
		noSuchReplyTarget: { message: 'No such reply target.', code: 'NO_SUCH_REPLY_TARGET', id: '749ee0f6-d3da-459a-bf02-282e2da4292c' },
		cannotReplyToInvisibleNote: { message: 'You cannot reply to an invisible Note.', code: 'CANNOT_REPLY_TO_AN_INVISIBLE_NOTE', id: 'b98980fa-3780-406c-a935-b6d0eeee10d1' },
		cannotReplyToPureRenote: { message: 'You can not reply to a pure Renote.', code: 'CANNOT_REPLY_TO_A_PURE_RENOTE', id: '3ac74a84-8fd5-4bb0-870f-01804f82ce15' },
		cannotReplyToSpecifiedVisibilityNoteWithExtendedVisibility: { message: 'You cannot reply to a specified visibility note with extended visibility.', code: 'CANNOT_REPLY_TO_SPECIFIED_VISIBILITY_NOTE_WITH_EXTENDED_VISIBILITY', id: 'ed940410-535c-4d5e-bfa3-af798671e93c' },
		cannotCreateAlreadyExpiredPoll: { message: 'Poll is already expired.', code: 'CANNOT_CREATE_ALREADY_EXPIRED_POLL', id: '04da457d-b083-4055-9082-955525eda5a5' },
		noSuchChannel: { message: 'No such channel.', code: 'NO_SUCH_CHANNEL', id: 'b1653923-5453-4edc-b786-7c4f39bb0bbb' },
		youHaveBeenBlocked: { message: 'You have been blocked by this user.', code: 'YOU_HAVE_BEEN_BLOCKED', id: 'b390d7e1-8a5e-46ed-b625-06271cafd3d3' },
		noSuchFile: { message: 'Some files are not found.', code: 'NO_SUCH_FILE', id: 'b6992544-63e7-67f0-fa7f-32444b1b5306' },
		cannotRenoteOutsideOfChannel: { message: 'Cannot renote outside of channel.', code: 'CANNOT_RENOTE_OUTSIDE_OF_CHANNEL', id: '33510210-8452-094c-6227-4a6c05d99f00' },
		containsProhibitedWords: { message: 'Cannot post because it contains prohibited words.', code: 'CONTAINS_PROHIBITED_WORDS', id: 'aa6e01d3-a85c-669d-758a-76aab43af334' },
		containsTooManyMentions: { message: 'Cannot post because it exceeds the allowed number of mentions.', code: 'CONTAINS_TOO_MANY_MENTIONS', id: '4de0363a-3046-481b-9b0f-feff3e211025' },
	},
	'notes/show': {
		noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '24fcbfc6-2e37-42b6-8388-c29b3861a08d' },
		signinRequired: { message: 'Signin required.', code: 'SIGNIN_REQUIRED', id: '8e75455b-738c-471d-9f80-62693f33372e' },
	},
	'notes/delete': {
		noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '490be23f-8c1f-4796-819f-94cb4f9d1630' },
		accessDenied: { message: 'Access denied.', code: 'ACCESS_DENIED', id: 'fe8d7103-0ea8-4ec3-814d-f8b401dc69e9' },
	},
	'notes/timeline': {},
	'notes/local-timeline': {
		ltlDisabled: { message: 'Local timeline has been disabled.', code: 'LTL_DISABLED', id: '45a6eb02-7695-4393-b023-dd3be9aaaefd' },
		bothWithRepliesAndWithFiles: { message: 'Specifying both withReplies and withFiles is not supported', code: 'BOTH_WITH_REPLIES_AND_WITH_FILES', id: 'dd9c8400-1cb5-4eef-8a31-200c5f933793' },
	},
	'notes/hybrid-timeline': {
		stlDisabled: { message: 'Hybrid timeline has been disabled.', code: 'STL_DISABLED', id: '620763f4-f621-4533-ab33-0577a1a3c342' },
		bothWithRepliesAndWithFiles: { message: 'Specifying both withReplies and withFiles is not supported', code: 'BOTH_WITH_REPLIES_AND_WITH_FILES', id: 'dfaa3eb7-8002-4cb7-bcc4-1095df46656f' },
	},
	'notes/global-timeline': {
		gtlDisabled: { message: 'Global timeline has been disabled.', code: 'GTL_DISABLED', id: '0332fc13-6ab2-4427-ae80-a9fadffd1a6b' },
	},
	'notes/mentions': {},
	'notes/replies': {},
	'notes/children': {},
	'notes/renotes': {
		noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '12908022-2e21-46cd-ba6a-3edaf6093f46' },
	},
	'notes/unrenote': {
		noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: 'efd4a259-2442-496b-8dd7-b255aa1a160f' },
	},
	'notes/reactions/create': {
		noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '033d0620-5bfe-4027-965d-980b0c85a3ea' },
		alreadyReacted: { message: 'You are already reacting to that note.', code: 'ALREADY_REACTED', id: '71efcf98-86d6-4e2b-b2ad-9d032369366b' },
		youHaveBeenBlocked: { message: 'You cannot react this note because you have been blocked by this user.', code: 'YOU_HAVE_BEEN_BLOCKED', id: '20ef5475-9f38-4e4c-bd33-de6d979498ec' },
		cannotReactToRenote: { message: 'You cannot react to Renote.', code: 'CANNOT_REACT_TO_RENOTE', id: 'eaccdc08-ddef-43fe-908f-d108faad57f5' },
	},
	'notes/reactions/delete': {
		noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '764d9fce-f9f2-4a0e-92b1-6ceac9a7ad37' },
		notReacted: { message: 'You are not reacting to that note.', code: 'NOT_REACTED', id: '92f4426d-4196-4125-aa5b-02943e2ec8fc' },
	},
	'notes/reactions': {
		noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '263fff3d-d0e1-4af4-bea7-8408059b451a' },
	},
	'notes/favorites/create': {
		noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '6dd26674-e060-4816-909a-45ba3f4da458' },
		alreadyFavorited: { message: 'The note has already been marked as a favorite.', code: 'ALREADY_FAVORITED', id: 'a402c12b-34dd-41d2-97d8-4d2ffd96a1a6' },
	},
	'notes/favorites/delete': {
		noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '80848a2c-398f-4343-baa9-df1d57696c56' },
		notFavorited: { message: 'You have not marked that note a favorite.', code: 'NOT_FAVORITED', id: 'b625fc69-635e-45e9-86f4-dbefbef35af5' },
	},
	'notes/polls/vote': {
		noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: 'ecafbd2e-c283-4d6d-aecb-1a0a33b75396' },
		noPoll: { message: 'The note does not attach a poll.', code: 'NO_POLL', id: '5f979967-52d9-4314-a911-1c673727f92f' },
		invalidChoice: { message: 'Choice ID is invalid.', code: 'INVALID_CHOICE', id: 'e0cc9a04-f2e8-41e4-a5f1-4127293260cc' },
		alreadyVoted: { message: 'You have already voted.', code: 'ALREADY_VOTED', id: '0963fc77-efac-419b-9424-b391608dc6d8' },
		alreadyExpired: { message: 'The poll is already expired.', code: 'ALREADY_EXPIRED', id: '1022a357-b085-4054-9083-8f8de358337e' },
		youHaveBeenBlocked: { message: 'You cannot vote this poll because you have been blocked by this user.', code: 'YOU_HAVE_BEEN_BLOCKED', id: '85a5377e-b1e9-4617-b0b9-5bea73331e49' },
	},
	'notes/show-partial-bulk': {},
} as const satisfies Record<string, Record<string, MisskeyErrorDef>>;

// Per endpoint meta. limit values are in ms (source uses ms('1hour') etc.). prohibitMoved and requiredRolePolicy
// are extra checks in ApiCallService (commonErrors.yourAccountMoved / rolePolicyRequired). No endpoint here is `secure`.
export interface MisskeyEndpointMeta { readonly requireCredential: boolean; readonly kind?: string; readonly secure?: boolean; readonly allowGet?: boolean; readonly cacheSec?: number; readonly prohibitMoved?: boolean; readonly requiredRolePolicy?: string; readonly limit?: { readonly duration?: number; readonly max?: number; readonly minInterval?: number } }

export const endpointMeta = {
	'i': { requireCredential: true, kind: 'read:account' },
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
	'following/create': { requireCredential: true, kind: 'write:following', prohibitMoved: true, limit: { duration: 3600000, max: 100 } },
	'following/delete': { requireCredential: true, kind: 'write:following', limit: { duration: 3600000, max: 100 } },
	'following/requests/list': { requireCredential: true, kind: 'read:following' },
	'following/requests/accept': { requireCredential: true, kind: 'write:following' },
	'following/requests/reject': { requireCredential: true, kind: 'write:following' },
	'notes/create': { requireCredential: true, kind: 'write:notes', prohibitMoved: true, limit: { duration: 3600000, max: 300 } },
	'notes/show': { requireCredential: false },
	'notes/delete': { requireCredential: true, kind: 'write:notes', limit: { duration: 3600000, max: 300, minInterval: 1000 } },
	'notes/timeline': { requireCredential: true, kind: 'read:account' },
	'notes/local-timeline': { requireCredential: false }, // requireCredential not set in source (defaults to false)
	'notes/hybrid-timeline': { requireCredential: true, kind: 'read:account' },
	'notes/global-timeline': { requireCredential: false }, // requireCredential not set in source (defaults to false)
	'notes/mentions': { requireCredential: true, kind: 'read:account' },
	'notes/replies': { requireCredential: false },
	'notes/children': { requireCredential: false },
	'notes/renotes': { requireCredential: false },
	'notes/unrenote': { requireCredential: true, kind: 'write:notes', limit: { duration: 3600000, max: 300, minInterval: 1000 } },
	'notes/reactions/create': { requireCredential: true, kind: 'write:reactions', prohibitMoved: true },
	'notes/reactions/delete': { requireCredential: true, kind: 'write:reactions', limit: { duration: 3600000, max: 60, minInterval: 3000 } },
	'notes/reactions': { requireCredential: false, allowGet: true, cacheSec: 60 },
	'notes/favorites/create': { requireCredential: true, kind: 'write:favorites', prohibitMoved: true, limit: { duration: 3600000, max: 20 } },
	'notes/favorites/delete': { requireCredential: true, kind: 'write:favorites' },
	'notes/polls/vote': { requireCredential: true, kind: 'write:votes', prohibitMoved: true },
	'notes/show-partial-bulk': { requireCredential: false },
} as const satisfies Record<string, MisskeyEndpointMeta>;

// Signin (POST /api/signin-flow, SigninApiService). Error bodies are { error: { id } } — only an id,
// no message/code/kind — except the rate-limit one, which has all three. Hence a separate shape.
export interface MisskeySigninErrorDef { readonly id: string; readonly httpStatus: number; readonly message?: string; readonly code?: string }

export const signinErrors = {
	// Limiter checked on every signin-flow request before anything else:
	// key 'signin', per IP hash, duration 3600000 ms, max 10, minInterval 1000 ms.
	tooManyAuthenticationFailures: { message: 'Too many failed attempts to sign in. Try again later.', code: 'TOO_MANY_AUTHENTICATION_FAILURES', id: '22d05606-fbcf-421a-a2db-b32610dcfd1b', httpStatus: 429 },
	// No local user with that username (case-insensitive).
	noSuchUser: { id: '6cc579cc-885d-43d8-95c2-b8c7fc963280', httpStatus: 404 },
	userSuspended: { id: 'e03a5f46-d309-4865-9b69-56282d94e1eb', httpStatus: 403 },
	// Wrong password (also "no password and no passkey login" when 2FA/passkeys are set up). Records a failed signin.
	incorrectPassword: { id: '932c904e-9460-45b7-9ce6-7ed33be7eb2c', httpStatus: 403 },
	// TOTP token rejected.
	twoFactorFailed: { id: 'cdf1235b-ac71-46d4-a3a6-84ccce48df6f', httpStatus: 403 },
	// WebAuthn credential verification failed.
	passkeyFailed: { id: '93b86c4b-72f9-40eb-9815-798928603d1e', httpStatus: 403 },
	// Default of the internal fail() helper; every call site passes its own status/id, so unreachable in 2025.9.0.
	failDefault: { id: '4e30e80c-e338-45a0-8c8f-44455efa3b76', httpStatus: 500 },
} as const satisfies Record<string, MisskeySigninErrorDef>;
// Signin bare statuses: username not a string -> 400 empty body; token present but not a string -> 400 empty body;
// password present but not a string -> 400 empty body.
// No password given -> 200 { finished: false, next: 'password' } if 2FA is on, else { finished: false, next: 'captcha' }.
// Captcha failure (only when 2FA is off) -> 400 with fastify's default error body (see signup note below).
// Success -> 200 { finished: true, id, i }; 2FA pending -> 200 { finished: false, next: 'totp' } or
// { finished: false, next: 'passkey', authRequest }.

// Signup (POST /api/signup, SignupApiService + core/SignupService). There are NO Misskey-style error ids here:
// either a bare status with an empty body, or a FastifyReplyError rendered by fastify's default error handler as
// { statusCode: 400, error: 'Bad Request', message: <message> }. `message` below is that field's exact value.
export interface MisskeySignupErrorDef { readonly httpStatus: number; readonly body: 'empty' | 'fastify-error'; readonly message?: string }

export const signupErrors = {
	// Normal path (no email verification): SignupService throws Error(<CODE>) and the API wraps err.toString(),
	// so the message carries the 'Error: ' prefix.
	invalidUsername: { httpStatus: 400, body: 'fastify-error', message: 'Error: INVALID_USERNAME' }, // username must match ^\w{1,20}$
	invalidPassword: { httpStatus: 400, body: 'fastify-error', message: 'Error: INVALID_PASSWORD' }, // password: string, minLength 1
	duplicatedUsername: { httpStatus: 400, body: 'fastify-error', message: 'Error: DUPLICATED_USERNAME' },
	// Also used for preserved usernames and usernames containing prohibitedWordsForNameOfUser.
	usedUsername: { httpStatus: 400, body: 'fastify-error', message: 'Error: USED_USERNAME' },
	// Race inside the creation transaction (note the leading space in the source string).
	usernameRace: { httpStatus: 400, body: 'fastify-error', message: 'Error:  the username is already used' },
	// emailRequiredForSignup path: checked in SignupApiService itself, plain strings (no 'Error: ' prefix);
	// username/password format are not validated until /api/signup-pending. Success there is a bare 204.
	pendingDuplicatedUsername: { httpStatus: 400, body: 'fastify-error', message: 'DUPLICATED_USERNAME' },
	pendingUsedUsername: { httpStatus: 400, body: 'fastify-error', message: 'USED_USERNAME' },
	pendingDeniedUsername: { httpStatus: 400, body: 'fastify-error', message: 'DENIED_USERNAME' }, // preserved username
	// Bare 400, empty body: email required but missing/not a string, or email not available (validateEmailForAccount);
	// registration closed and invitationCode missing / unknown / already used / expired / pending (30 min) / verified.
	badEmailOrInvitation: { httpStatus: 400, body: 'empty' },
	// Captcha failure (any provider): 400, fastify error body; message is the CaptchaError's toString(),
	// e.g. 'CaptchaError: hcaptcha-failed: no response provided'.
	captchaFailed: { httpStatus: 400, body: 'fastify-error' },
	// /api/signup-pending: code older than 30 min. The inner FastifyReplyError('EXPIRED') is re-wrapped via
	// err.toString(), hence the prefix. Unknown code / other failures -> 400 with message = that error's toString().
	signupPendingExpired: { httpStatus: 400, body: 'fastify-error', message: 'Error: EXPIRED' },
} as const satisfies Record<string, MisskeySignupErrorDef>;
// Signup success: 200 MeDetailed (includeSecrets) plus `token`; with email verification: 204 empty body.
