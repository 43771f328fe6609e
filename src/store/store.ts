/**
 * The store: two LMDB environments (lmdb-js, msgpack values with declared record shapes) opened by
 * every thread, behind one repository per kind of data. The repositories own the key layout
 * (docs/architecture.md, "Key layout"): nothing outside this module sees a key or an LMDB handle.
 */
import { type Database, type DatabaseOptions, open, type RootDatabase } from 'lmdb';
import type { Packr } from 'msgpackr';
import { AbuseReports } from './abuse-reports.js';
import { AccountStates } from './account-states.js';
import { Accounts } from './accounts.js';
import { ActorKeys } from './actor-keys.js';
import { BlobFiles } from './blob-files.js';
import { Blocks } from './blocks.js';
import { Counts } from './counts.js';
import { DeliveryStates } from './delivery-states.js';
import { DriveFiles } from './drive-files.js';
import { DriveFolders } from './drive-folders.js';
import { Favorites } from './favorites.js';
import { FederationJournal } from './federation-journal.js';
import { FollowRequests } from './follow-requests.js';
import { FollowList, Follows } from './follows.js';
import { Hashtags } from './hashtags.js';
import { HomeTimelineChunks } from './home-timeline.js';
import { InboxQueue } from './inbox-queue.js';
import { IndexBuilds } from './index-builds.js';
import { InstanceSettingsRepository } from './instance-settings.js';
import { Invitations } from './invitations.js';
import { Memos } from './memos.js';
import { ModerationLogs } from './moderation-logs.js';
import { Mutes } from './mutes.js';
import { NoteIndexes } from './note-indexes.js';
import { NoteSearchIndex } from './note-search-index.js';
import { NoteUris } from './note-uris.js';
import { Notes } from './notes.js';
import { Notifications } from './notifications.js';
import { OutgoingActivities } from './outgoing-activities.js';
import { IdIndex } from './paging.js';
import { PollEnds } from './poll-ends.js';
import { PollVotes } from './poll-votes.js';
import { Reactions } from './reactions.js';
import type { UserRecord } from './records.js';
import { Registry } from './registry.js';
import { RemoteActors } from './remote-actors.js';
import { RemoteFollowIds } from './remote-follow-ids.js';
import { RenoteMutes } from './renote-mutes.js';
import { Roles } from './roles.js';
import { plainEncoder, recordEncoder } from './shapes.js';
import { ThreadMutes } from './thread-mutes.js';
import { TimelineCheckpoints } from './timeline-checkpoints.js';
import { timelinesPath } from './timelines-durability.js';
import { Tokens } from './tokens.js';
import { UserDirectory } from './user-directory.js';
import { UserLists } from './user-lists.js';
import { UserSearchIndex } from './user-search-index.js';
import { UserSettingsRepository } from './user-settings.js';
import { Users } from './users.js';
import { Webhooks } from './webhooks.js';

export interface StoreOptions {
  path: string;
  mapSizeMb: number;
}

export interface Store {
  users: Users;
  /** Users' counters (absent: zeros). */
  counts: Counts;
  /** Which user an acct names; password hashes. */
  accounts: Accounts;
  tokens: Tokens;
  notes: Notes;
  /** Which note a remote object id (`uri`) was stored as. */
  noteUris: NoteUris;
  /** User notes, public timelines, mentions, children, renotes. */
  noteIndexes: NoteIndexes;
  reactions: Reactions;
  pollVotes: PollVotes;
  /** When each poll with an end ends, until its pollEnded notifications are made. */
  pollEnds: PollEnds;
  /** Users' notifications, newest first, and how far each user has read them. */
  notifications: Notifications;
  favorites: Favorites;
  /** The follow graph's edges; `followers` and `following` are the two lists each edge is in. */
  follows: Follows;
  /** Who follows each user. */
  followers: FollowList;
  /** Whom each user follows. */
  following: FollowList;
  followRequests: FollowRequests;
  /** Who blocks whom, both ways. */
  blocks: Blocks;
  /** User mutes, with their expiry. */
  mutes: Mutes;
  /** Whose pure renotes each user mutes. */
  renoteMutes: RenoteMutes;
  /** The reply threads each user muted. */
  threadMutes: ThreadMutes;
  registry: Registry;
  /** Users' lists of users, their members and favorites. */
  userLists: UserLists;
  /** Users' private memos about other users. */
  memos: Memos;
  /** The sort orders of the `users` listing (followers, creation, update), per origin and host. */
  userDirectory: UserDirectory;
  /** Trigrams of users' usernames, names and descriptions (users/search). */
  userSearch: UserSearchIndex;
  /** The words of local notes' texts (notes/search). */
  noteSearch: NoteSearchIndex;
  /** Hashtags' user counts and orders, and the notes that carry each tag. */
  hashtags: Hashtags;
  /** Which derived indexes were built over earlier data (migrate.ts). */
  indexBuilds: IndexBuilds;
  /** Users' own settings, shown only in their MeDetailed. */
  userSettings: UserSettingsRepository;
  /** Drive files' records, their indexes, users' usage and the references to each stored content. */
  driveFiles: DriveFiles;
  driveFolders: DriveFolders;
  /** The bytes of drive files on disk, under `<dataDir>/files` (blob-files.ts). */
  blobs: BlobFiles;
  /** The key pairs of this server's ActivityPub actors (written once each). */
  actorKeys: ActorKeys;
  /** Remote actors' inboxes and public keys (their user records are in `users`). */
  remoteActors: RemoteActors;
  /** Verified activities waiting for the inbox processor, and the ids already taken (dedupe). */
  inboxQueue: InboxQueue;
  /** The ids of remote users' Follow activities of local users, which the Accept or Reject names. */
  remoteFollowIds: RemoteFollowIds;
  /** Activities to deliver to other servers, queued in the commit of the change that caused them. */
  outgoingActivities: OutgoingActivities;
  /** Local changes other servers must hear about, until the outbox expands them into deliveries. */
  federationJournal: FederationJournal;
  /** The outbox's retry schedules of failed deliveries and the health of remote hosts. */
  deliveryStates: DeliveryStates;
  /** Users' webhooks, and how many active ones listen to each event. */
  webhooks: Webhooks;
  /** Roles, their assignments, the root account and the instance's base policies. */
  roles: Roles;
  /** The instance's settings (admin/update-meta), over the config's until first changed. */
  instanceSettings: InstanceSettingsRepository;
  /** Every moderation action, newest first. */
  moderationLogs: ModerationLogs;
  /** Users' reports of other users, for the moderators. */
  abuseReports: AbuseReports;
  /** Invitation codes, by id, code and creator. */
  invitations: Invitations;
  /** Suspended and deleted accounts. */
  accountStates: AccountStates;
  /**
   * Materialised home timelines, written by the timeline actors' flushes into the second environment,
   * `<dataDir>/timelines`: data derived from the main one and written behind it, so its commits never
   * queue on the main environment's writer lock; opened without fsync, and discarded at start-up if an
   * OS crash may have torn it (timelines-durability.ts).
   */
  homeTimelines: HomeTimelineChunks;
  checkpoints: TimelineCheckpoints;
  /** Runs `fn` in a write transaction of the main environment; resolves once it is committed (on disk). */
  transaction<T>(fn: () => T): Promise<T>;
  /**
   * Runs `fn` in a child transaction of the main environment's next write transaction: a `fn` that throws
   * rolls back alone, and lmdb-js commits many of them together, in call order.
   */
  childTransaction<T>(fn: () => T): Promise<T>;
  /** Moves this thread's reads to the latest committed state (lmdb-js otherwise keeps a snapshot until a timer turn). */
  resetReadSnapshot(): void;
  /** Whether the main environment answers reads (/healthz). */
  isReadable(): boolean;
  /** Whether each environment fsyncs its commits (the main one must: it holds every acknowledged write). */
  durability(): { mainSyncsCommits: boolean; timelinesSyncCommits: boolean };
  close(): Promise<void>;
}

/** lmdb-js takes an `encoder` with encode/decode in place of its own (its typings leave the option out). */
type WithEncoder = DatabaseOptions & { name: string; encoder: Packr };

const named = <V>(env: RootDatabase, name: string, encoder: Packr = recordEncoder()): Database<V, string> =>
  env.openDB<V, string>({ name, cache: false, encoder } as WithEncoder);

/** lmdb-js exposes the open flags on the environment. */
const syncFlags = (env: RootDatabase) => env as unknown as { noSync?: boolean; noMetaSync?: boolean };
const syncsCommits = (env: RootDatabase) => syncFlags(env).noSync !== true && syncFlags(env).noMetaSync !== true;

/** Opens (creating if needed) the environments at `path`; safe to call once per thread. */
export function openStore(options: StoreOptions): Store {
  const mapSize = options.mapSizeMb * 1024 * 1024;
  const env = open({ path: options.path, noSubdir: false, maxDbs: 128, mapSize, maxReaders: 1024 });
  if (!syncsCommits(env)) throw new Error('Expected the main LMDB environment to be durable, got noSync or noMetaSync');
  const timelineEnv = open({
    path: timelinesPath(options.path),
    noSubdir: false,
    maxDbs: 4,
    noSync: true,
    mapSize,
    maxReaders: 1024,
  });
  const users = named<UserRecord>(env, 'users');
  const followers = new IdIndex<string>(named(env, 'followers'));
  const driveIndex = named<unknown>(env, 'driveIndex');
  const following = new IdIndex<string>(named(env, 'following'));
  const outgoingActivities = new OutgoingActivities(named(env, 'outgoingActivities', plainEncoder()));
  return {
    users: new Users(users),
    counts: new Counts(named(env, 'userCounts')),
    accounts: new Accounts(named(env, 'acct'), named(env, 'auth')),
    tokens: new Tokens(named(env, 'tokens'), named(env, 'userTokens')),
    notes: new Notes(named(env, 'notes')),
    noteUris: new NoteUris(named(env, 'noteUris')),
    noteIndexes: new NoteIndexes({
      userNotes: named(env, 'userNotes'),
      localTl: named(env, 'localTl'),
      globalTl: named(env, 'globalTl'),
      mentions: named(env, 'mentions'),
      children: named(env, 'children'),
      renotes: named(env, 'renotes'),
    }),
    reactions: new Reactions(named(env, 'reactions'), named(env, 'reactionLog')),
    pollVotes: new PollVotes(named(env, 'pollVotes')),
    pollEnds: new PollEnds(named(env, 'pollEnds')),
    notifications: new Notifications(named(env, 'notifications'), named(env, 'notificationReads', plainEncoder())),
    favorites: new Favorites(named(env, 'favorites'), named(env, 'favoriteLog')),
    follows: new Follows(named(env, 'follows'), followers, following, named(env, 'notifyFollowers')),
    followers: new FollowList(followers),
    following: new FollowList(following),
    followRequests: new FollowRequests(
      named(env, 'followRequests'),
      named(env, 'followRequestLog'),
      named(env, 'followRequestReplies'),
    ),
    blocks: new Blocks(named(env, 'blocks'), named(env, 'blockLog'), named(env, 'blockedBy')),
    mutes: new Mutes(named(env, 'mutes'), named(env, 'muteLog')),
    renoteMutes: new RenoteMutes(named(env, 'renoteMutes'), named(env, 'renoteMuteLog')),
    threadMutes: new ThreadMutes(named(env, 'threadMutes')),
    registry: new Registry(named(env, 'registry', plainEncoder())),
    userLists: new UserLists({
      lists: named(env, 'userLists'),
      ownerLists: named(env, 'ownerLists'),
      members: named(env, 'listMembers'),
      memberLog: named(env, 'listMemberLog'),
      likes: named(env, 'listLikes'),
    }),
    memos: new Memos(named(env, 'memos')),
    userDirectory: new UserDirectory(named(env, 'userDirectory')),
    userSearch: new UserSearchIndex(named(env, 'userSearch')),
    noteSearch: new NoteSearchIndex(named(env, 'noteSearch')),
    hashtags: new Hashtags({
      hashtags: named(env, 'hashtags'),
      hashtagUsers: named(env, 'hashtagUsers'),
      hashtagRank: named(env, 'hashtagRank'),
      noteTags: named(env, 'noteTags'),
      tagUses: named(env, 'tagUses'),
    }),
    indexBuilds: new IndexBuilds(named(env, 'indexBuilds')),
    userSettings: new UserSettingsRepository(named(env, 'userSettings')),
    driveFiles: new DriveFiles(named(env, 'driveFiles'), driveIndex),
    driveFolders: new DriveFolders(named(env, 'driveFolders'), driveIndex),
    blobs: new BlobFiles(options.path),
    actorKeys: new ActorKeys(named(env, 'actorKeys', plainEncoder())),
    remoteActors: new RemoteActors(named(env, 'remoteActors', plainEncoder()), named(env, 'remoteKeys')),
    inboxQueue: new InboxQueue(
      named(env, 'inboxQueue', plainEncoder()),
      named(env, 'inboxSeen', plainEncoder()),
      named(env, 'inboxSeenLog', plainEncoder()),
    ),
    remoteFollowIds: new RemoteFollowIds(named(env, 'remoteFollowIds')),
    outgoingActivities,
    federationJournal: new FederationJournal(named(env, 'federationJournal', plainEncoder()), outgoingActivities),
    deliveryStates: new DeliveryStates(
      outgoingActivities,
      named(env, 'deliveryAttempts', plainEncoder()),
      named(env, 'hostHealth', plainEncoder()),
    ),
    webhooks: new Webhooks(named(env, 'webhooks', plainEncoder()), named(env, 'webhookListeners', plainEncoder())),
    roles: new Roles(
      named(env, 'roles', plainEncoder()),
      named(env, 'roleMembers'),
      named(env, 'roleMemberLog'),
      named(env, 'userRoles'),
      named(env, 'roleSettings', plainEncoder()),
    ),
    instanceSettings: new InstanceSettingsRepository(named(env, 'instanceSettings')),
    moderationLogs: new ModerationLogs(named(env, 'moderationLog')),
    abuseReports: new AbuseReports(named(env, 'abuseReports')),
    invitations: new Invitations(named(env, 'invitations'), named(env, 'inviteCodes'), named(env, 'inviteLog')),
    accountStates: new AccountStates(named(env, 'accountStates')),
    homeTimelines: new HomeTimelineChunks(
      timelineEnv.openDB<Uint8Array, string>({ name: 'homeTl', cache: false, encoding: 'binary' }),
    ),
    checkpoints: new TimelineCheckpoints(named(timelineEnv, 'checkpoints')),
    transaction: (fn) => env.transaction(fn),
    childTransaction: (fn) => env.childTransaction(fn),
    resetReadSnapshot: () => env.resetReadTxn(),
    isReadable() {
      try {
        users.getStats();
        return true;
      } catch {
        return false;
      }
    },
    durability: () => ({
      mainSyncsCommits: syncsCommits(env),
      timelinesSyncCommits: syncFlags(timelineEnv).noSync !== true,
    }),
    close: async () => {
      await timelineEnv.close();
      await env.close();
    },
  };
}
