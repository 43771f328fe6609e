/** Misskey's `meta.errors` of the account endpoints (i, users, following, i/webhooks); misskey-errors.ts names the source. */
import type { MisskeyErrorDef } from './misskey-errors.js';

const noSuchWebhook = (id: string) => ({ message: 'No such webhook.', code: 'NO_SUCH_WEBHOOK', id });

export const accountEndpointErrors = {
  i: {
    userIsDeleted: {
      message: 'User is deleted.',
      code: 'USER_IS_DELETED',
      id: 'e5b3b9f0-2b8f-4b9f-9c1f-8c5c1b2e1b1a',
      kind: 'permission',
    },
  },
  'i/update': {
    noSuchAvatar: {
      message: 'No such avatar file.',
      code: 'NO_SUCH_AVATAR',
      id: '539f3a45-f215-4f81-a9a8-31293640207f',
    },
    noSuchBanner: {
      message: 'No such banner file.',
      code: 'NO_SUCH_BANNER',
      id: '0d8f5629-f210-41c2-9433-735831a58595',
    },
    avatarNotAnImage: {
      message: 'The file specified as an avatar is not an image.',
      code: 'AVATAR_NOT_AN_IMAGE',
      id: 'f419f9f8-2f4d-46b1-9fb4-49d3a2fd7191',
    },
    bannerNotAnImage: {
      message: 'The file specified as a banner is not an image.',
      code: 'BANNER_NOT_AN_IMAGE',
      id: '75aedb19-2afd-4e6d-87fc-67941256fa60',
    },
    noSuchPage: { message: 'No such page.', code: 'NO_SUCH_PAGE', id: '8e01b590-7eb9-431b-a239-860e086c408e' },
    invalidRegexp: {
      message: 'Invalid Regular Expression.',
      code: 'INVALID_REGEXP',
      id: '0d786918-10df-41cd-8f33-8dec7d9a89a5',
    },
    tooManyMutedWords: {
      message: 'Too many muted words.',
      code: 'TOO_MANY_MUTED_WORDS',
      id: '010665b1-a211-42d2-bc64-8f6609d79785',
    },
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: 'fcd2eef9-a9b2-4c4f-8624-038099e90aa5' },
    uriNull: { message: 'User ActivityPup URI is null.', code: 'URI_NULL', id: 'bf326f31-d430-4f97-9933-5d61e4d48a23' },
    forbiddenToSetYourself: {
      message: "You can't set yourself as your own alias.",
      code: 'FORBIDDEN_TO_SET_YOURSELF',
      id: '25c90186-4ab0-49c8-9bba-a1fa6c202ba4',
    },
    restrictedByRole: {
      message: 'This feature is restricted by your role.',
      code: 'RESTRICTED_BY_ROLE',
      id: '8feff0ba-5ab5-585b-31f4-4df816663fad',
    },
    nameContainsProhibitedWords: {
      message: 'Your new name contains prohibited words.',
      code: 'YOUR_NAME_CONTAINS_PROHIBITED_WORDS',
      id: '0b3f9f6a-2f4d-4b1f-9fb4-49d3a2fd7191',
      httpStatus: 422,
    },
    // Not in meta.errors: thrown inline when `alsoKnownAs` is set by a user who has already moved;
    // explicit 403, no kind.
    yourAccountMoved: {
      message: 'You have moved your account.',
      code: 'YOUR_ACCOUNT_MOVED',
      id: '56f20ec9-fd06-4fa5-841b-edd6d7d4fa31',
      httpStatus: 403,
    },
  },
  'i/registry/get': {
    noSuchKey: { message: 'No such key.', code: 'NO_SUCH_KEY', id: 'ac3ed68a-62f0-422b-a7bc-d5e09e8f6a6a' },
  },
  'i/registry/set': {},
  'i/registry/remove': {
    noSuchKey: { message: 'No such key.', code: 'NO_SUCH_KEY', id: '1fac4e8a-a6cd-4e39-a4a5-3a7e11f1b019' },
  },
  'i/registry/get-all': {},
  'i/favorites': {},
  'i/pin': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '56734f8b-3928-431e-bf80-6ff87df40cb3' },
    pinLimitExceeded: {
      message: 'You can not pin notes any more.',
      code: 'PIN_LIMIT_EXCEEDED',
      id: '72dab508-c64d-498f-8740-a8eec1ba385a',
    },
    alreadyPinned: {
      message: 'That note has already been pinned.',
      code: 'ALREADY_PINNED',
      id: '8b18c2b7-68fe-4edb-9892-c0cbaeb6c913',
    },
  },
  'i/unpin': {
    noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '454170ce-9d63-4a43-9da1-ea10afe81e21' },
  },
  'users/show': {
    failedToResolveRemoteUser: {
      message: 'Failed to resolve remote user.',
      code: 'FAILED_TO_RESOLVE_REMOTE_USER',
      id: 'ef7b9be4-9cba-4e6f-ab41-90ed171c7d3c',
      kind: 'server',
    },
    noSuchUser: {
      message: 'No such user.',
      code: 'NO_SUCH_USER',
      id: '4362f8dc-731f-4ad8-a694-be5a88922a24',
      httpStatus: 404,
    },
  },
  'users/notes': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '27e494ba-2ac2-48e8-893b-10d4d8c2387b' },
    bothWithRepliesAndWithFiles: {
      message: 'Specifying both withReplies and withFiles is not supported',
      code: 'BOTH_WITH_REPLIES_AND_WITH_FILES',
      id: '91c8cb9f-36ed-46e7-9ca2-7df96ed6e222',
    },
    signinRequired: {
      message: 'Signin required.',
      code: 'SIGNIN_REQUIRED',
      id: 'd1588a9e-4b4d-4c07-807f-16f1486577a2',
    },
  },
  'users/followers': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '27fa5435-88ab-43de-9360-387de88727cd' },
    forbidden: { message: 'Forbidden.', code: 'FORBIDDEN', id: '3c6a84db-d619-26af-ca14-06232a21df8a' },
  },
  'users/following': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '63e4aba4-4156-4e53-be25-c9559e42d71b' },
    forbidden: { message: 'Forbidden.', code: 'FORBIDDEN', id: 'f6cdb0df-c19f-ec5c-7dbb-0ba84a1f92ba' },
    birthdayInvalid: {
      message: 'Birthday date format is invalid.',
      code: 'BIRTHDAY_DATE_FORMAT_INVALID',
      id: 'a2b007b9-4782-4eba-abd3-93b05ed4130d',
    },
  },
  'users/relation': {},
  'users/search': {},
  users: {},
  'users/search-by-username-and-host': {},
  'users/get-frequently-replied-users': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: 'e6965129-7b2a-40a4-bae2-cd84cd434822' },
  },
  'pinned-users': {},
  'hashtags/show': {
    noSuchHashtag: { message: 'No such hashtag.', code: 'NO_SUCH_HASHTAG', id: '110ee688-193e-4a3a-9ecf-c167b2e6981e' },
  },
  'hashtags/list': {},
  'hashtags/trend': {},
  'hashtags/users': {},
  'following/create': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: 'fcd2eef9-a9b2-4c4f-8624-038099e90aa5' },
    followeeIsYourself: {
      message: 'Followee is yourself.',
      code: 'FOLLOWEE_IS_YOURSELF',
      id: '26fbe7bb-a331-4857-af17-205b426669a9',
    },
    alreadyFollowing: {
      message: 'You are already following that user.',
      code: 'ALREADY_FOLLOWING',
      id: '35387507-38c7-4cb9-9197-300b93783fa0',
    },
    blocking: { message: 'You are blocking that user.', code: 'BLOCKING', id: '4e2206ec-aa4f-4960-b865-6c23ac38e2d9' },
    blocked: { message: 'You are blocked by that user.', code: 'BLOCKED', id: 'c4ab57cc-4e41-45e9-bfd9-584f61e35ce0' },
  },
  'following/delete': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '5b12c78d-2b28-4dca-99d2-f56139b42ff8' },
    followeeIsYourself: {
      message: 'Followee is yourself.',
      code: 'FOLLOWEE_IS_YOURSELF',
      id: 'd9e400b9-36b0-4808-b1d8-79e707f1296c',
    },
    notFollowing: {
      message: 'You are not following that user.',
      code: 'NOT_FOLLOWING',
      id: '5dbf82f5-c92b-40b1-87d1-6c8c0741fd09',
    },
  },
  'following/update': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '14318698-f67e-492a-99da-5353a5ac52be' },
    followeeIsYourself: {
      message: 'Followee is yourself.',
      code: 'FOLLOWEE_IS_YOURSELF',
      id: '4c4cbaf9-962a-463b-8418-a5e365dbf2eb',
    },
    notFollowing: {
      message: 'You are not following that user.',
      code: 'NOT_FOLLOWING',
      id: 'b8dc75cf-1cb5-46c9-b14b-5f1ffbd782c9',
    },
  },
  'following/update-all': {},
  'following/invalidate': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: 'b77e6ae6-a3e5-40da-9cc8-c240115479cc' },
    followerIsYourself: {
      message: 'Follower is yourself.',
      code: 'FOLLOWER_IS_YOURSELF',
      id: '07dc03b9-03da-422d-885b-438313707662',
    },
    notFollowing: {
      message: 'The other use is not following you.',
      code: 'NOT_FOLLOWING',
      id: '918faac3-074f-41ae-9c43-ed5d2946770d',
    },
  },
  'users/update-memo': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '6fef56f3-e765-4957-88e5-c6f65329b8a5' },
  },
  'following/requests/list': {},
  'following/requests/accept': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '66ce1645-d66c-46bb-8b79-96739af885bd' },
    noFollowRequest: {
      message: 'No follow request.',
      code: 'NO_FOLLOW_REQUEST',
      id: 'bcde4f8b-0913-4614-8881-614e522fb041',
    },
  },
  'following/requests/reject': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: 'abc2ffa6-25b2-4380-ba99-321ff3a94555' },
  },
  'following/requests/cancel': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '4e68c551-fc4c-4e46-bb41-7d4a37bf9dab' },
    followRequestNotFound: {
      message: 'Follow request not found.',
      code: 'FOLLOW_REQUEST_NOT_FOUND',
      id: '089b125b-d338-482a-9a09-e2622ac9f8d4',
    },
  },
  'blocking/create': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '7cc4f851-e2f1-4621-9633-ec9e1d00c01e' },
    blockeeIsYourself: {
      message: 'Blockee is yourself.',
      code: 'BLOCKEE_IS_YOURSELF',
      id: '88b19138-f28d-42c0-8499-6a31bbd0fdc6',
    },
    alreadyBlocking: {
      message: 'You are already blocking that user.',
      code: 'ALREADY_BLOCKING',
      id: '787fed64-acb9-464a-82eb-afbd745b9614',
    },
  },
  'blocking/delete': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '8621d8bf-c358-4303-a066-5ea78610eb3f' },
    blockeeIsYourself: {
      message: 'Blockee is yourself.',
      code: 'BLOCKEE_IS_YOURSELF',
      id: '06f6fac6-524b-473c-a354-e97a40ae6eac',
    },
    notBlocking: {
      message: 'You are not blocking that user.',
      code: 'NOT_BLOCKING',
      id: '291b2efa-60c6-45c0-9f6a-045c8f9b02cd',
    },
  },
  'blocking/list': {},
  'mute/create': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '6fef56f3-e765-4957-88e5-c6f65329b8a5' },
    muteeIsYourself: {
      message: 'Mutee is yourself.',
      code: 'MUTEE_IS_YOURSELF',
      id: 'a4619cb2-5f23-484b-9301-94c903074e10',
    },
    alreadyMuting: {
      message: 'You are already muting that user.',
      code: 'ALREADY_MUTING',
      id: '7e7359cb-160c-4956-b08f-4d1c653cd007',
    },
  },
  'mute/delete': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: 'b851d00b-8ab1-4a56-8b1b-e24187cb48ef' },
    muteeIsYourself: {
      message: 'Mutee is yourself.',
      code: 'MUTEE_IS_YOURSELF',
      id: 'f428b029-6b39-4d48-a1d2-cc1ae6dd5cf9',
    },
    notMuting: {
      message: 'You are not muting that user.',
      code: 'NOT_MUTING',
      id: '5467d020-daa9-4553-81e1-135c0c35a96d',
    },
  },
  'mute/list': {},
  'renote-mute/create': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '5e0a5dff-1e94-4202-87ae-4d9c89eb2271' },
    muteeIsYourself: {
      message: 'Mutee is yourself.',
      code: 'MUTEE_IS_YOURSELF',
      id: '37285718-52f7-4aef-b7de-c38b8e8a8420',
    },
    alreadyMuting: {
      message: 'You are already muting renotes of that user.',
      code: 'ALREADY_MUTING',
      id: 'ccfecbe4-1f1c-4fc2-8a3d-c3ffee61cb7b',
    },
  },
  'renote-mute/delete': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '9b6728cf-638c-4aa1-bedb-e07d8101474d' },
    muteeIsYourself: {
      message: 'Mutee is yourself.',
      code: 'MUTEE_IS_YOURSELF',
      id: '619b1314-0850-4597-a242-e245f3da42af',
    },
    notMuting: {
      message: 'You are not muting renotes of that user.',
      code: 'NOT_MUTING',
      id: '2e4ef874-8bf0-4b4b-b069-4598f6d05817',
    },
  },
  'renote-mute/list': {},
  'i/webhooks/create': {
    tooManyWebhooks: {
      message: 'You cannot create webhook any more.',
      code: 'TOO_MANY_WEBHOOKS',
      id: '87a9bb19-111e-4e37-81d3-a3e7426453b0',
    },
  },
  'i/webhooks/show': { noSuchWebhook: noSuchWebhook('50f614d9-3047-4f7e-90d8-ad6b2d5fb098') },
  'i/webhooks/update': { noSuchWebhook: noSuchWebhook('fb0fea69-da18-45b1-828d-bd4fd1612518') },
  'i/webhooks/delete': { noSuchWebhook: noSuchWebhook('bae73e5a-5522-4965-ae19-3a8688e71d82') },
  'i/webhooks/test': { noSuchWebhook: noSuchWebhook('0c52149c-e913-18f8-5dc7-74870bfe0cf9') },
} as const satisfies Record<string, Record<string, MisskeyErrorDef>>;
