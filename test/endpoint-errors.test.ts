/**
 * Every error an endpoint maps today, one table row each: the status, the code and the Misskey error
 * id clients match on. The ids are written out here, copied from Misskey's endpoint definitions
 * (src/gateway/misskey-errors.ts cites the source) or, for errors Misskey does not have, from Flock's
 * own table (flockErrors in src/gateway/errors.ts), not imported: a server that swapped two ids, or
 * answered one endpoint's error with another endpoint's id, would still agree with its own registry.
 *
 * Left out: notes/create NO_SUCH_NOTE, which only a notes/delete racing the create can cause.
 * SIGNIN_REQUIRED (notes/show, users/notes) is not mapped, since Flock has no instance setting that
 * requires it.
 */
import t from 'tap';
import { isApiError } from './helpers/assert.js';
import { type Account, api, call, post, type Server, signup, sleep, startServer } from './helpers/server.js';

/** Everything the rows refer to, created once. */
interface Fixture {
  me: Account;
  /** Has pinned PIN_LIMIT notes. */
  pinner: Account;
  /** Followed by `me`. */
  other: Account;
  /** Not followed by `me`. */
  stranger: Account;
  /** followersVisibility and followingVisibility 'private'. */
  hider: Account;
  /** followersVisibility and followingVisibility 'followers' (`me` does not follow them). */
  shy: Account;
  otherPublic: string;
  /** followers-only, by someone `me` does not follow: invisible to `me`. */
  strangerFollowersOnly: string;
  /** specified, by `stranger`, to `me`. */
  specifiedToMe: string;
  /** `me`'s pure renote of otherPublic. */
  pureRenote: string;
  /** A poll `me` already voted in. */
  poll: string;
  /** A poll that has expired by the time the rows run. */
  expiredPoll: string;
  /** `me`'s note, pinned (one pin, under the limit). */
  pinned: string;
  /** `pinner`'s note, not pinned. */
  unpinned: string;
}

const UNKNOWN = 'nosuchthing0000';
/** Small, so that `pinner` reaches it in few calls and `me` stays under it. */
const PIN_LIMIT = 2;

type Params = (f: Fixture) => Record<string, unknown>;
/** [endpoint, params, caller ('anonymous' or a fixture account), status, code, Misskey error id, why] */
type Row = [string, Params, 'me' | 'pinner' | 'anonymous', number, string, string, string];

const rows: Row[] = [
  // notes/create
  [
    'notes/create',
    () => ({ renoteId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_RENOTE_TARGET',
    'b5c90186-4ab0-49c8-9bba-a1f76c282ba4',
    'renote of an unknown note',
  ],
  [
    'notes/create',
    (f) => ({ renoteId: f.pureRenote }),
    'me',
    400,
    'CANNOT_RENOTE_TO_A_PURE_RENOTE',
    'fd4cc33e-2a37-48dd-99cc-9b806eb2031a',
    'renote of a pure renote',
  ],
  [
    'notes/create',
    (f) => ({ renoteId: f.strangerFollowersOnly }),
    'me',
    400,
    'CANNOT_RENOTE_DUE_TO_VISIBILITY',
    'be9529e9-fe72-4de0-ae43-0b363c4938af',
    "renote of someone else's followers-only note",
  ],
  [
    'notes/create',
    () => ({ text: 'reply', replyId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_REPLY_TARGET',
    '749ee0f6-d3da-459a-bf02-282e2da4292c',
    'reply to an unknown note',
  ],
  [
    'notes/create',
    (f) => ({ text: 'reply', replyId: f.strangerFollowersOnly }),
    'me',
    400,
    'CANNOT_REPLY_TO_AN_INVISIBLE_NOTE',
    'b98980fa-3780-406c-a935-b6d0eeee10d1',
    'reply to a note the caller cannot see',
  ],
  [
    'notes/create',
    (f) => ({ text: 'reply', replyId: f.pureRenote }),
    'me',
    400,
    'CANNOT_REPLY_TO_A_PURE_RENOTE',
    '3ac74a84-8fd5-4bb0-870f-01804f82ce15',
    'reply to a pure renote',
  ],
  [
    'notes/create',
    () => ({ poll: { choices: ['a', 'b'], expiresAt: Date.now() - 60_000 } }),
    'me',
    400,
    'CANNOT_CREATE_ALREADY_EXPIRED_POLL',
    '04da457d-b083-4055-9082-955525eda5a5',
    'poll whose expiresAt has passed',
  ],
  [
    'notes/create',
    () => ({ text: 'in a channel', channelId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_CHANNEL',
    'b1653923-5453-4edc-b786-7c4f39bb0bbb',
    'unknown channel',
  ],
  [
    'notes/create',
    () => ({ text: 'with a file', fileIds: [UNKNOWN] }),
    'me',
    400,
    'NO_SUCH_FILE',
    'b6992544-63e7-67f0-fa7f-32444b1b5306',
    'unknown drive file',
  ],
  [
    'notes/create',
    (f) => ({ text: 'wider', visibility: 'followers', replyId: f.specifiedToMe }),
    'me',
    400,
    'CANNOT_REPLY_TO_SPECIFIED_VISIBILITY_NOTE_WITH_EXTENDED_VISIBILITY',
    'ed940410-535c-4d5e-bfa3-af798671e93c',
    'a reply to a specified note that is not specified itself',
  ],
  // notes/show, delete, unrenote, renotes
  [
    'notes/show',
    () => ({ noteId: UNKNOWN }),
    'anonymous',
    400,
    'NO_SUCH_NOTE',
    '24fcbfc6-2e37-42b6-8388-c29b3861a08d',
    'unknown note',
  ],
  [
    'notes/delete',
    () => ({ noteId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_NOTE',
    '490be23f-8c1f-4796-819f-94cb4f9d1630',
    'unknown note',
  ],
  [
    'notes/delete',
    (f) => ({ noteId: f.otherPublic }),
    'me',
    400,
    'ACCESS_DENIED',
    'fe8d7103-0ea8-4ec3-814d-f8b401dc69e9',
    "someone else's note",
  ],
  [
    'notes/unrenote',
    () => ({ noteId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_NOTE',
    'efd4a259-2442-496b-8dd7-b255aa1a160f',
    'unknown note',
  ],
  [
    'notes/renotes',
    () => ({ noteId: UNKNOWN }),
    'anonymous',
    400,
    'NO_SUCH_NOTE',
    '12908022-2e21-46cd-ba6a-3edaf6093f46',
    'unknown note',
  ],
  // reactions
  [
    'notes/reactions/create',
    () => ({ noteId: UNKNOWN, reaction: '👍' }),
    'me',
    400,
    'NO_SUCH_NOTE',
    '033d0620-5bfe-4027-965d-980b0c85a3ea',
    'unknown note',
  ],
  [
    'notes/reactions/create',
    (f) => ({ noteId: f.strangerFollowersOnly, reaction: '👍' }),
    'me',
    400,
    'NO_SUCH_NOTE',
    '033d0620-5bfe-4027-965d-980b0c85a3ea',
    'a note the caller cannot see',
  ],
  [
    'notes/reactions/create',
    (f) => ({ noteId: f.otherPublic, reaction: '👍' }),
    'me',
    400,
    'ALREADY_REACTED',
    '71efcf98-86d6-4e2b-b2ad-9d032369366b',
    'the same reaction again',
  ],
  [
    'notes/reactions/create',
    (f) => ({ noteId: f.pureRenote, reaction: '👍' }),
    'me',
    400,
    'CANNOT_REACT_TO_RENOTE',
    'eaccdc08-ddef-43fe-908f-d108faad57f5',
    'a pure renote',
  ],
  [
    'notes/reactions/delete',
    () => ({ noteId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_NOTE',
    '764d9fce-f9f2-4a0e-92b1-6ceac9a7ad37',
    'unknown note',
  ],
  [
    'notes/reactions/delete',
    (f) => ({ noteId: f.poll }),
    'me',
    400,
    'NOT_REACTED',
    '92f4426d-4196-4125-aa5b-02943e2ec8fc',
    'a note the caller did not react to',
  ],
  [
    'notes/reactions',
    () => ({ noteId: UNKNOWN }),
    'anonymous',
    400,
    'NO_SUCH_NOTE',
    '263fff3d-d0e1-4af4-bea7-8408059b451a',
    'unknown note',
  ],
  [
    'notes/reactions',
    (f) => ({ noteId: f.strangerFollowersOnly }),
    'anonymous',
    400,
    'NO_SUCH_NOTE',
    '263fff3d-d0e1-4af4-bea7-8408059b451a',
    'a note the caller cannot see',
  ],
  // favorites
  [
    'notes/favorites/create',
    () => ({ noteId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_NOTE',
    '6dd26674-e060-4816-909a-45ba3f4da458',
    'unknown note',
  ],
  [
    'notes/favorites/create',
    (f) => ({ noteId: f.strangerFollowersOnly }),
    'me',
    400,
    'NO_SUCH_NOTE',
    '6dd26674-e060-4816-909a-45ba3f4da458',
    'a note the caller cannot see',
  ],
  [
    'notes/favorites/create',
    (f) => ({ noteId: f.otherPublic }),
    'me',
    400,
    'ALREADY_FAVORITED',
    'a402c12b-34dd-41d2-97d8-4d2ffd96a1a6',
    'favorited already',
  ],
  [
    'notes/favorites/delete',
    () => ({ noteId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_NOTE',
    '80848a2c-398f-4343-baa9-df1d57696c56',
    'unknown note',
  ],
  [
    'notes/favorites/delete',
    (f) => ({ noteId: f.poll }),
    'me',
    400,
    'NOT_FAVORITED',
    'b625fc69-635e-45e9-86f4-dbefbef35af5',
    'not a favorite',
  ],
  // polls
  [
    'notes/polls/vote',
    () => ({ noteId: UNKNOWN, choice: 0 }),
    'me',
    400,
    'NO_SUCH_NOTE',
    'ecafbd2e-c283-4d6d-aecb-1a0a33b75396',
    'unknown note',
  ],
  [
    'notes/polls/vote',
    (f) => ({ noteId: f.otherPublic, choice: 0 }),
    'me',
    400,
    'NO_POLL',
    '5f979967-52d9-4314-a911-1c673727f92f',
    'a note without a poll',
  ],
  [
    'notes/polls/vote',
    (f) => ({ noteId: f.poll, choice: 2 }),
    'me',
    400,
    'INVALID_CHOICE',
    'e0cc9a04-f2e8-41e4-a5f1-4127293260cc',
    'choice past the last one',
  ],
  [
    'notes/polls/vote',
    (f) => ({ noteId: f.poll, choice: 1 }),
    'me',
    400,
    'ALREADY_VOTED',
    '0963fc77-efac-419b-9424-b391608dc6d8',
    'a second vote in a single-choice poll',
  ],
  [
    'notes/polls/vote',
    (f) => ({ noteId: f.expiredPoll, choice: 0 }),
    'me',
    400,
    'ALREADY_EXPIRED',
    '1022a357-b085-4054-9083-8f8de358337e',
    'an expired poll',
  ],
  // timelines and users/notes
  [
    'notes/local-timeline',
    () => ({ withReplies: true, withFiles: true }),
    'anonymous',
    400,
    'BOTH_WITH_REPLIES_AND_WITH_FILES',
    'dd9c8400-1cb5-4eef-8a31-200c5f933793',
    'withReplies and withFiles',
  ],
  [
    'notes/hybrid-timeline',
    () => ({ withReplies: true, withFiles: true }),
    'me',
    400,
    'BOTH_WITH_REPLIES_AND_WITH_FILES',
    'dfaa3eb7-8002-4cb7-bcc4-1095df46656f',
    'withReplies and withFiles',
  ],
  [
    'users/notes',
    (f) => ({ userId: f.other.id, withReplies: true, withFiles: true }),
    'anonymous',
    400,
    'BOTH_WITH_REPLIES_AND_WITH_FILES',
    '91c8cb9f-36ed-46e7-9ca2-7df96ed6e222',
    'withReplies and withFiles',
  ],
  [
    'users/notes',
    () => ({ userId: UNKNOWN }),
    'anonymous',
    400,
    'NO_SUCH_USER',
    '27e494ba-2ac2-48e8-893b-10d4d8c2387b',
    'unknown user',
  ],
  // users
  [
    'users/show',
    () => ({ userId: UNKNOWN }),
    'anonymous',
    404,
    'NO_SUCH_USER',
    '4362f8dc-731f-4ad8-a694-be5a88922a24',
    'unknown user id',
  ],
  [
    'users/show',
    () => ({ username: 'nobody_here' }),
    'anonymous',
    404,
    'NO_SUCH_USER',
    '4362f8dc-731f-4ad8-a694-be5a88922a24',
    'unknown username',
  ],
  [
    'users/followers',
    () => ({ userId: UNKNOWN }),
    'anonymous',
    400,
    'NO_SUCH_USER',
    '27fa5435-88ab-43de-9360-387de88727cd',
    'unknown user',
  ],
  [
    'users/followers',
    (f) => ({ userId: f.hider.id }),
    'anonymous',
    400,
    'FORBIDDEN',
    '3c6a84db-d619-26af-ca14-06232a21df8a',
    'private followers, anonymous',
  ],
  [
    'users/followers',
    (f) => ({ userId: f.hider.id }),
    'me',
    400,
    'FORBIDDEN',
    '3c6a84db-d619-26af-ca14-06232a21df8a',
    'private followers, another user',
  ],
  [
    'users/followers',
    (f) => ({ userId: f.shy.id }),
    'me',
    400,
    'FORBIDDEN',
    '3c6a84db-d619-26af-ca14-06232a21df8a',
    'followers-only followers, not a follower',
  ],
  [
    'users/following',
    () => ({ userId: UNKNOWN }),
    'anonymous',
    400,
    'NO_SUCH_USER',
    '63e4aba4-4156-4e53-be25-c9559e42d71b',
    'unknown user',
  ],
  [
    'users/following',
    (f) => ({ userId: f.hider.id }),
    'anonymous',
    400,
    'FORBIDDEN',
    'f6cdb0df-c19f-ec5c-7dbb-0ba84a1f92ba',
    'private following, anonymous',
  ],
  [
    'users/following',
    (f) => ({ userId: f.hider.id }),
    'me',
    400,
    'FORBIDDEN',
    'f6cdb0df-c19f-ec5c-7dbb-0ba84a1f92ba',
    'private following, another user',
  ],
  [
    'users/following',
    (f) => ({ userId: f.shy.id }),
    'me',
    400,
    'FORBIDDEN',
    'f6cdb0df-c19f-ec5c-7dbb-0ba84a1f92ba',
    'followers-only following, not a follower',
  ],
  // following
  [
    'following/create',
    () => ({ userId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_USER',
    'fcd2eef9-a9b2-4c4f-8624-038099e90aa5',
    'unknown user',
  ],
  [
    'following/create',
    (f) => ({ userId: f.me.id }),
    'me',
    400,
    'FOLLOWEE_IS_YOURSELF',
    '26fbe7bb-a331-4857-af17-205b426669a9',
    'oneself',
  ],
  [
    'following/create',
    (f) => ({ userId: f.other.id }),
    'me',
    400,
    'ALREADY_FOLLOWING',
    '35387507-38c7-4cb9-9197-300b93783fa0',
    'followed already',
  ],
  [
    'following/delete',
    () => ({ userId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_USER',
    '5b12c78d-2b28-4dca-99d2-f56139b42ff8',
    'unknown user',
  ],
  [
    'following/delete',
    (f) => ({ userId: f.me.id }),
    'me',
    400,
    'FOLLOWEE_IS_YOURSELF',
    'd9e400b9-36b0-4808-b1d8-79e707f1296c',
    'oneself',
  ],
  [
    'following/delete',
    (f) => ({ userId: f.stranger.id }),
    'me',
    400,
    'NOT_FOLLOWING',
    '5dbf82f5-c92b-40b1-87d1-6c8c0741fd09',
    'not followed',
  ],
  [
    'following/requests/accept',
    () => ({ userId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_USER',
    '66ce1645-d66c-46bb-8b79-96739af885bd',
    'unknown user',
  ],
  [
    'following/requests/accept',
    (f) => ({ userId: f.stranger.id }),
    'me',
    400,
    'NO_FOLLOW_REQUEST',
    'bcde4f8b-0913-4614-8881-614e522fb041',
    'no request from that user',
  ],
  [
    'following/requests/reject',
    () => ({ userId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_USER',
    'abc2ffa6-25b2-4380-ba99-321ff3a94555',
    'unknown user',
  ],
  // i/update
  [
    'i/update',
    () => ({ avatarId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_AVATAR',
    '539f3a45-f215-4f81-a9a8-31293640207f',
    'unknown avatar file',
  ],
  [
    'i/update',
    () => ({ bannerId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_BANNER',
    '0d8f5629-f210-41c2-9433-735831a58595',
    'unknown banner file',
  ],
  [
    'i/update',
    () => ({ pinnedPageId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_PAGE',
    '8e01b590-7eb9-431b-a239-860e086c408e',
    'unknown page',
  ],
  [
    'i/update',
    () => ({ mutedWords: ['not a regexp'] }),
    'me',
    400,
    'INVALID_REGEXP',
    '0d786918-10df-41cd-8f33-8dec7d9a89a5',
    'a string muted word not written /like this/',
  ],
  [
    'i/update',
    () => ({ hardMutedWords: ['/(/'] }),
    'me',
    400,
    'INVALID_REGEXP',
    '0d786918-10df-41cd-8f33-8dec7d9a89a5',
    'a regexp that does not compile',
  ],
  [
    'i/update',
    () => ({ mutedWords: [['x'.repeat(201)]] }),
    'me',
    400,
    'TOO_MANY_MUTED_WORDS',
    '010665b1-a211-42d2-bc64-8f6609d79785',
    'muted words past wordMuteLimit (200)',
  ],
  [
    'i/update',
    () => ({ alsoKnownAs: ['@nobody_here'] }),
    'me',
    400,
    'NO_SUCH_USER',
    'fcd2eef9-a9b2-4c4f-8624-038099e90aa5',
    'an alias that is no known account',
  ],
  [
    'i/update',
    (f) => ({ alsoKnownAs: [`@${f.me.username}`] }),
    'me',
    400,
    'FORBIDDEN_TO_SET_YOURSELF',
    '25c90186-4ab0-49c8-9bba-a1fa6c202ba4',
    'oneself as an alias',
  ],
  // pins
  [
    'i/pin',
    () => ({ noteId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_NOTE',
    '56734f8b-3928-431e-bf80-6ff87df40cb3',
    'unknown note',
  ],
  [
    'i/pin',
    (f) => ({ noteId: f.otherPublic }),
    'me',
    400,
    'NO_SUCH_NOTE',
    '56734f8b-3928-431e-bf80-6ff87df40cb3',
    "someone else's note",
  ],
  [
    'i/pin',
    (f) => ({ noteId: f.pinned }),
    'me',
    400,
    'ALREADY_PINNED',
    '8b18c2b7-68fe-4edb-9892-c0cbaeb6c913',
    'a note pinned already',
  ],
  [
    'i/pin',
    (f) => ({ noteId: f.unpinned }),
    'pinner',
    400,
    'PIN_LIMIT_EXCEEDED',
    '72dab508-c64d-498f-8740-a8eec1ba385a',
    'one pin past pinLimit',
  ],
  [
    'i/unpin',
    () => ({ noteId: UNKNOWN }),
    'me',
    400,
    'NO_SUCH_NOTE',
    '454170ce-9d63-4a43-9da1-ea10afe81e21',
    'unknown note',
  ],
  [
    'i/unpin',
    (f) => ({ noteId: f.otherPublic }),
    'me',
    400,
    'NO_SUCH_NOTE',
    '454170ce-9d63-4a43-9da1-ea10afe81e21',
    "someone else's note",
  ],
  // registry
  [
    'i/registry/get',
    () => ({ key: 'missing', scope: ['client'] }),
    'me',
    400,
    'NO_SUCH_KEY',
    'ac3ed68a-62f0-422b-a7bc-d5e09e8f6a6a',
    'unknown key',
  ],
  [
    'i/registry/remove',
    () => ({ key: 'missing', scope: ['client'] }),
    'me',
    400,
    'NO_SUCH_KEY',
    '1fac4e8a-a6cd-4e39-a4a5-3a7e11f1b019',
    'unknown key',
  ],
  // sign-in (Misskey sends only the id; the status and id are Misskey's, the code Flock's)
  [
    'signin-flow',
    () => ({ username: 'nobody_here', password: 'x' }),
    'anonymous',
    404,
    'NO_SUCH_USER',
    '6cc579cc-885d-43d8-95c2-b8c7fc963280',
    'unknown username',
  ],
  [
    'signin-flow',
    (f) => ({ username: f.me.username, password: 'wrong password' }),
    'anonymous',
    403,
    'INCORRECT_PASSWORD',
    '932c904e-9460-45b7-9ce6-7ed33be7eb2c',
    'wrong password',
  ],
  [
    'signin',
    () => ({ username: 'nobody_here', password: 'x' }),
    'anonymous',
    404,
    'NO_SUCH_USER',
    '6cc579cc-885d-43d8-95c2-b8c7fc963280',
    'unknown username',
  ],
  [
    'signin',
    (f) => ({ username: f.me.username, password: 'wrong password' }),
    'anonymous',
    403,
    'INCORRECT_PASSWORD',
    '932c904e-9460-45b7-9ce6-7ed33be7eb2c',
    'wrong password',
  ],
  // sign-up (Misskey answers fastify's error body, without an id: the id is Flock's)
  [
    'signup',
    (f) => ({ username: f.me.username, password: 'another password' }),
    'anonymous',
    400,
    'DUPLICATED_USERNAME',
    'b4d5e8f2-3c1a-4e7b-9a60-52f1d8c3e7a4',
    'a taken username',
  ],
  [
    'signup',
    () => ({ username: 'admin', password: 'another password' }),
    'anonymous',
    400,
    'DUPLICATED_USERNAME',
    'b4d5e8f2-3c1a-4e7b-9a60-52f1d8c3e7a4',
    'a reserved username',
  ],
];

/** Rows that need rate limits on, run against a server of their own: [endpoint, params, status, code, Misskey error id, why]. */
type LimitedRow = [string, Params, number, string, string, string];
const limitedRows: LimitedRow[] = [
  // Misskey's SigninApiService answers its limiter (1 s between sign-ins) with an error of its own
  [
    'signin-flow',
    (f) => ({ username: f.me.username, password: 'wrong password' }),
    429,
    'TOO_MANY_AUTHENTICATION_FAILURES',
    '22d05606-fbcf-421a-a2db-b32610dcfd1b',
    'a second sign-in at once',
  ],
  [
    'signin',
    (f) => ({ username: f.me.username, password: 'wrong password' }),
    429,
    'TOO_MANY_AUTHENTICATION_FAILURES',
    '22d05606-fbcf-421a-a2db-b32610dcfd1b',
    'a second sign-in at once',
  ],
];

let server: Server;
let fixture: Fixture;

t.before(async () => {
  server = await startServer({ env: { FLOCK_PIN_LIMIT: String(PIN_LIMIT) } });
  const url = server.url;
  // the first account is root, who may delete anyone's note: the caller is an ordinary user
  await signup(url, 'firstaccount');
  const [me, other, stranger, hider, shy] = [
    await signup(url, 'caller'),
    await signup(url, 'other'),
    await signup(url, 'stranger'),
    await signup(url, 'hider'),
    await signup(url, 'shy'),
  ];
  const pinner = await signup(url, 'pinner');
  // first, so that it has expired once the rest is set up
  const expiresAt = Date.now() + 300;
  const expiredPoll = (await post(url, other.token, { text: 'closing soon', poll: { choices: ['a', 'b'], expiresAt } }))
    .id;
  await call(url, 'i/update', { followersVisibility: 'private', followingVisibility: 'private' }, hider.token);
  await call(url, 'i/update', { followersVisibility: 'followers', followingVisibility: 'followers' }, shy.token);
  await call(url, 'following/create', { userId: other.id }, me.token);
  const otherPublic = (await post(url, other.token, 'public')).id;
  const strangerFollowersOnly = (await post(url, stranger.token, { text: 'for my followers', visibility: 'followers' }))
    .id;
  const specifiedToMe = (
    await post(url, stranger.token, { text: 'just us', visibility: 'specified', visibleUserIds: [me.id] })
  ).id;
  const pureRenote = (await post(url, me.token, { renoteId: otherPublic })).id;
  const poll = (await post(url, other.token, { text: 'pick one', poll: { choices: ['a', 'b'] } })).id;
  await call(url, 'notes/reactions/create', { noteId: otherPublic, reaction: '👍' }, me.token);
  await call(url, 'notes/favorites/create', { noteId: otherPublic }, me.token);
  await call(url, 'notes/polls/vote', { noteId: poll, choice: 0 }, me.token);
  const pinned = (await post(url, me.token, 'pinned')).id;
  await call(url, 'i/pin', { noteId: pinned }, me.token);
  for (let i = 0; i < PIN_LIMIT; i++)
    await call(url, 'i/pin', { noteId: (await post(url, pinner.token, `pin ${i}`)).id }, pinner.token);
  const unpinned = (await post(url, pinner.token, 'one too many')).id;
  const wait = expiresAt + 50 - Date.now();
  if (wait > 0) await sleep(wait);
  fixture = {
    me,
    pinner,
    other,
    stranger,
    hider,
    shy,
    otherPublic,
    strangerFollowersOnly,
    specifiedToMe,
    pureRenote,
    poll,
    expiredPoll,
    pinned,
    unpinned,
  };
});

for (const [endpoint, params, as, status, code, id, why] of rows) {
  t.test(`${endpoint} → ${status} ${code}: ${why}`, async (t) => {
    const res = await api(server.url, endpoint, params(fixture), as === 'anonymous' ? undefined : fixture[as].token);
    isApiError(t, res, status, code, id);
  });
}

t.test('with rate limits on', async (t) => {
  const limited = await startServer({ env: { FLOCK_RATE_LIMITS: 'on' } });
  const me = await signup(limited.url, 'caller');
  const accounts = { ...fixture, me };
  for (const [endpoint, params, status, code, id, why] of limitedRows) {
    await t.test(`${endpoint} → ${status} ${code}: ${why}`, async (t) => {
      await api(limited.url, endpoint, params(accounts));
      isApiError(t, await api(limited.url, endpoint, params(accounts)), status, code, id);
    });
  }
});

t.test('the refusals changed nothing they were about', async (t) => {
  const { me, other, otherPublic, poll } = fixture;
  t.equal(
    (await api(server.url, 'notes/show', { noteId: otherPublic })).status,
    200,
    'the note someone else tried to delete is still there',
  );
  t.same(
    (await call(server.url, 'notes/show', { noteId: otherPublic })).reactions,
    { '👍': 1 },
    'one reaction, not two',
  );
  t.same(
    (await call(server.url, 'notes/show', { noteId: poll }, me.token)).poll?.choices?.map(
      (c: { votes: number }) => c.votes,
    ),
    [1, 0],
    'one vote, not two',
  );
  t.match(await call(server.url, 'users/show', { userId: other.id }), { followersCount: 1 }, 'one follow, not two');
  const meNow = await call(server.url, 'i', {}, me.token);
  t.same(
    [meNow.avatarId ?? null, meNow.bannerId ?? null, meNow.alsoKnownAs ?? null],
    [null, null, null],
    'no refused i/update field was written',
  );
  t.same(meNow.mutedWords ?? [], [], 'nor the refused muted words');
});
