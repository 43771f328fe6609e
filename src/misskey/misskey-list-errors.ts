/** Misskey's `meta.errors` of the user-list endpoints and the list timeline; misskey-errors.ts names the source. */
import type { MisskeyErrorDef } from './misskey-errors.js';

const noSuchList = (id: string) => ({ message: 'No such list.', code: 'NO_SUCH_LIST', id });
const noSuchUser = (id: string) => ({ message: 'No such user.', code: 'NO_SUCH_USER', id });
const tooManyUserLists = (id: string) => ({
  message: 'You cannot create user list any more.',
  code: 'TOO_MANY_USERLISTS',
  id,
});
const alreadyAdded = (id: string) => ({
  message: 'That user has already been added to that list.',
  code: 'ALREADY_ADDED',
  id,
});
const youHaveBeenBlocked = (id: string) => ({
  message: 'You cannot push this user because you have been blocked by this user.',
  code: 'YOU_HAVE_BEEN_BLOCKED',
  id,
});
const tooManyUsers = (id: string) => ({ message: 'You can not push users any more.', code: 'TOO_MANY_USERS', id });

export const listEndpointErrors = {
  'users/lists/create': { tooManyUserLists: tooManyUserLists('0cf21a28-7715-4f39-a20d-777bfdb8d138') },
  'users/lists/delete': { noSuchList: noSuchList('78436795-db79-42f5-b1e2-55ea2cf19166') },
  'users/lists/list': {
    noSuchUser: noSuchUser('a8af4a82-0980-4cc4-a6af-8b0ffd54465e'),
    remoteUserNotAllowed: {
      message: 'Not allowed to load the remote user list.',
      code: 'REMOTE_USER_NOT_ALLOWED',
      id: '53858f1b-3315-4a01-81b7-db9b48d4b79a',
    },
    // no userId and no credential
    invalidParam: { message: 'Invalid param.', code: 'INVALID_PARAM', id: 'ab36de0e-29e9-48cb-9732-d82f1281620d' },
  },
  'users/lists/show': { noSuchList: noSuchList('7bc05c21-1d7a-41ae-88f1-66820f4dc686') },
  'users/lists/get-memberships': { noSuchList: noSuchList('7bc05c21-1d7a-41ae-88f1-66820f4dc686') },
  'users/lists/update': { noSuchList: noSuchList('796666fe-3dff-4d39-becb-8a5932c1d5b7') },
  'users/lists/push': {
    noSuchList: noSuchList('2214501d-ac96-4049-b717-91e42272a711'),
    noSuchUser: noSuchUser('a89abd3d-f0bc-4cce-beb1-2f446f4f1e6a'),
    alreadyAdded: alreadyAdded('1de7c884-1595-49e9-857e-61f12f4d4fc5'),
    youHaveBeenBlocked: youHaveBeenBlocked('990232c5-3f9d-4d83-9f3f-ef27b6332a4b'),
    tooManyUsers: tooManyUsers('2dd9752e-a338-413d-8eec-41814430989b'),
  },
  'users/lists/pull': {
    noSuchList: noSuchList('7f44670e-ab16-43b8-b4c1-ccd2ee89cc02'),
    noSuchUser: noSuchUser('588e7f72-c744-4a61-b180-d354e912bda2'),
  },
  'users/lists/update-membership': {
    noSuchList: noSuchList('7f44670e-ab16-43b8-b4c1-ccd2ee89cc02'),
    noSuchUser: noSuchUser('588e7f72-c744-4a61-b180-d354e912bda2'),
  },
  'users/lists/favorite': {
    noSuchList: {
      message: 'No such user list.',
      code: 'NO_SUCH_USER_LIST',
      id: '7dbaf3cf-7b42-4b8f-b431-b3919e580dbe',
    },
    alreadyFavorited: {
      message: 'The list has already been favorited.',
      code: 'ALREADY_FAVORITED',
      id: '6425bba0-985b-461e-af1b-518070e72081',
    },
  },
  'users/lists/unfavorite': {
    noSuchList: {
      message: 'No such user list.',
      code: 'NO_SUCH_USER_LIST',
      id: 'baedb33e-76b8-4b0c-86a8-9375c0a7b94b',
    },
    // Misskey's code for "not favorited" is ALREADY_FAVORITED (sic)
    notFavorited: {
      message: 'You have not favorited the list.',
      code: 'ALREADY_FAVORITED',
      id: '835c4b27-463d-4cfa-969b-a9058678d465',
    },
  },
  'users/lists/create-from-public': {
    tooManyUserLists: tooManyUserLists('e9c105b2-c595-47de-97fb-7f7c2c33e92f'),
    noSuchList: noSuchList('9292f798-6175-4f7d-93f4-b6742279667d'),
    noSuchUser: noSuchUser('13c457db-a8cb-4d88-b70a-211ceeeabb5f'),
    alreadyAdded: alreadyAdded('c3ad6fdb-692b-47ee-a455-7bd12c7af615'),
    youHaveBeenBlocked: youHaveBeenBlocked('a2497f2a-2389-439c-8626-5298540530f4'),
    tooManyUsers: tooManyUsers('1845ea77-38d1-426e-8e4e-8b83b24f5bd7'),
  },
  'notes/user-list-timeline': { noSuchList: noSuchList('8fb1fbd5-e476-4c37-9fb0-43d55b63a2ff') },
} as const satisfies Record<string, Record<string, MisskeyErrorDef>>;
