/**
 * The records kept in LMDB (msgpack values), each declared once: the declaration gives the stored field
 * order (store/shapes.ts) and the type. Local and remote users and notes share one shape (host/uri).
 */
import { fastCopier, field, type RecordOf, record } from './record.js';

export type Visibility = 'public' | 'home' | 'followers' | 'specified';
export type RelationVisibility = 'public' | 'followers' | 'private';

export const PROFILE_FIELD = record({ name: field<string>(), value: field<string>() });
export type ProfileField = RecordOf<typeof PROFILE_FIELD>;

export const USER = record({
  id: field<string>(),
  username: field<string>(),
  usernameLower: field<string>(),
  /** null for local users. */
  host: field<string | null>(),
  uri: field<string | null>(),
  url: field<string | null>(),
  name: field<string | null>(),
  description: field<string | null>(),
  location: field<string | null>(),
  birthday: field<string | null>(),
  lang: field<string | null>(),
  fields: field<ProfileField[]>(),
  isLocked: field<boolean>(),
  isBot: field<boolean>(),
  isCat: field<boolean>(),
  isExplorable: field<boolean>(),
  hideOnlineStatus: field<boolean>(),
  publicReactions: field<boolean>(),
  autoAcceptFollowed: field<boolean>(),
  carefulBot: field<boolean>(),
  noCrawle: field<boolean>(),
  preventAiLearning: field<boolean>(),
  followingVisibility: field<RelationVisibility>(),
  followersVisibility: field<RelationVisibility>(),
  mutedWords: field<(string[] | string)[]>(),
  hardMutedWords: field<(string[] | string)[]>(),
  mutedInstances: field<string[]>(),
  alsoKnownAs: field<string[] | null>(),
  pinnedNoteIds: field<string[]>(),
  updatedAt: field<number | null>(),
  /** The drive file shown as the avatar (null: the identicon), the URL it is shown by, and its blurhash. */
  avatarId: field<string | null>(),
  avatarUrl: field<string | null>(),
  avatarBlurhash: field<string | null>(),
  bannerId: field<string | null>(),
  bannerUrl: field<string | null>(),
  bannerBlurhash: field<string | null>(),
  /** The UserLite JSON, rendered whenever the record changes, so reads splice it instead of serialising (last: writers append it). */
  lite: field<string>(),
});
export type UserRecord = RecordOf<typeof USER>;
/** The fields users were stored with before avatars and banners (the first USER shape; store/users.ts reads them with none). */
export const USER_BEFORE_MEDIA = {
  keys: USER.keys.filter((key) => !/^(avatar|banner)(Id|Url|Blurhash)$/.test(key)),
};
/** No avatar or banner: what users stored before them read as. */
export const NO_USER_MEDIA = {
  avatarId: null,
  avatarUrl: null,
  avatarBlurhash: null,
  bannerId: null,
  bannerUrl: null,
  bannerBlurhash: null,
} as const;

/**
 * A user's counters, kept apart from the UserRecord: posting changes notesCount, and a profile record
 * rewritten on every note made the gateway drop and decode it again each time.
 */
export const COUNTS = record({
  notesCount: field<number>(),
  followersCount: field<number>(),
  followingCount: field<number>(),
  /** When a local user last posted (Misskey's `updatedAt` moves then, not on profile edits); null: never. */
  postedAt: field<number | null>(),
  /** Days (UTC) on which the user made an authenticated request (Misskey's `loggedInDays`). */
  loggedInDays: field<number>(),
  /** The last of those days, as days since the epoch (0: none yet). */
  lastActiveDay: field<number>(),
});
/** The counters as stored before postedAt and loggedInDays: still read (store/counts.ts fills the rest in), no longer written. */
export const COUNTS_BEFORE_ACTIVITY = {
  keys: COUNTS.keys.filter((key) => key !== 'postedAt' && key !== 'loggedInDays' && key !== 'lastActiveDay'),
};
export type UserCounts = RecordOf<typeof COUNTS>;

export const NO_COUNTS: Readonly<UserCounts> = {
  notesCount: 0,
  followersCount: 0,
  followingCount: 0,
  postedAt: null,
  loggedInDays: 0,
  lastActiveDay: 0,
};

/** Whom a kind of notification is received from (Misskey's notificationRecieveConfig entries). */
export interface NotificationReceive {
  type: 'all' | 'following' | 'follower' | 'mutualFollow' | 'followingOrFollower' | 'never' | 'list';
  userListId?: string;
}

/**
 * A user's settings that only their own MeDetailed shows, kept apart from the UserRecord that every
 * timeline line reads; a user without an entry has Misskey's defaults (DEFAULT_USER_SETTINGS).
 */
export const USER_SETTINGS = record({
  followedMessage: field<string | null>(),
  injectFeaturedNote: field<boolean>(),
  receiveAnnouncementEmail: field<boolean>(),
  alwaysMarkNsfw: field<boolean>(),
  autoSensitive: field<boolean>(),
  emailNotificationTypes: field<string[]>(),
  notificationRecieveConfig: field<Record<string, NotificationReceive>>(),
});
export type UserSettings = RecordOf<typeof USER_SETTINGS>;

export const DEFAULT_USER_SETTINGS: Readonly<UserSettings> = {
  followedMessage: null,
  injectFeaturedNote: true,
  receiveAnnouncementEmail: true,
  alwaysMarkNsfw: false,
  autoSensitive: false,
  emailNotificationTypes: ['follow', 'receiveFollowRequest'],
  notificationRecieveConfig: {},
};

/** As the API's poll input builds it (choices, multiple, expiresAt), with the vote counts added. */
export const POLL = record({
  choices: field<string[]>(),
  multiple: field<boolean>(),
  expiresAt: field<number | null>(),
  votes: field<number[]>(),
});
export type PollRecord = RecordOf<typeof POLL>;

export const NOTE = record({
  id: field<string>(),
  userId: field<string>(),
  userHost: field<string | null>(),
  text: field<string | null>(),
  cw: field<string | null>(),
  visibility: field<Visibility>(),
  localOnly: field<boolean>(),
  reactionAcceptance: field<string | null>(),
  replyId: field<string | null>(),
  renoteId: field<string | null>(),
  /** Author of the replied-to note (followers-only notes are visible to them). */
  replyUserId: field<string | null>(),
  visibleUserIds: field<string[]>(),
  mentions: field<string[]>(),
  tags: field<string[]>(),
  poll: field<PollRecord | null>(),
  uri: field<string | null>(),
  url: field<string | null>(),
  reactions: field<Record<string, number>>(),
  renoteCount: field<number>(),
  repliesCount: field<number>(),
  /** Author of the renoted note, so mutes and blocks of that author apply without reading it (Misskey's renoteUserId). */
  renoteUserId: field<string | null>(),
  /** The root of the reply thread the note is in: its own id when it is not a reply (thread mutes key on it). */
  threadId: field<string>(),
  /** The drive files attached, in order (the author's own; a file deleted since is taken out). */
  fileIds: field<string[]>(),
  /** When a remote note was last edited (ms, its Update's `updated`); null: never. */
  updatedAt: field<number | null>(),
  /** The note's JSON without braces, user, reply, renote, poll and myReaction: viewer-independent, re-rendered on every change. */
  body: field<string>(),
});
export type NoteRecord = RecordOf<typeof NOTE>;

/** Whether a follower is notified of the followee's notes (Misskey stores 'none' as null). */
export type FollowNotify = 'normal' | 'none';

/** A follow edge as stored before follow settings had `notify`: still read (as notify 'none'), no longer written. */
export const FOLLOW_WITHOUT_NOTIFY = record({ id: field<string>(), withReplies: field<boolean>() });
/** The fields notes were stored with before `renoteUserId` and `threadId` (the first NOTE shape; store/notes.ts fills the two in when reading them). */
export const NOTE_BEFORE_RELATIONS = {
  keys: NOTE.keys.filter(
    (key) => key !== 'renoteUserId' && key !== 'threadId' && key !== 'fileIds' && key !== 'updatedAt',
  ),
};
/** The fields notes were stored with before `fileIds` (the second NOTE shape; store/notes.ts reads them with no files). */
export const NOTE_BEFORE_FILES = { keys: NOTE.keys.filter((key) => key !== 'fileIds' && key !== 'updatedAt') };
/** The fields notes were stored with before `updatedAt` (the third NOTE shape; store/notes.ts reads them as never edited). */
export const NOTE_BEFORE_EDITS = { keys: NOTE.keys.filter((key) => key !== 'updatedAt') };

export const FOLLOW = record({
  /** The Following id (pagination key of users/followers and users/following). */
  id: field<string>(),
  /** Whether the followee's replies to third parties reach the follower's home timeline. */
  withReplies: field<boolean>(),
  notify: field<FollowNotify>(),
});
export type FollowEdge = RecordOf<typeof FOLLOW>;

/** A user list (users/lists/*); its owner writes it, and its creation time is its id's. */
export const USER_LIST = record({
  id: field<string>(),
  userId: field<string>(),
  name: field<string>(),
  isPublic: field<boolean>(),
});
export type UserListRecord = RecordOf<typeof USER_LIST>;

/**
 * A user's membership of a list: its id orders users/lists/get-memberships, and `withReplies` lets the
 * member's replies to third parties into the list timeline. Its keys are FOLLOW_WITHOUT_NOTIFY's, so it
 * is stored with that shape.
 */
export const LIST_MEMBERSHIP = record({ id: field<string>(), withReplies: field<boolean>() });
export type ListMembership = RecordOf<typeof LIST_MEMBERSHIP>;
/** A user mute: its id (mute/list's pagination key) and when it ends (ms; null: never). */
export const MUTING = record({ id: field<string>(), expiresAt: field<number | null>() });
export type MutingRecord = RecordOf<typeof MUTING>;

export const TOKEN = record({ userId: field<string>(), createdAt: field<number>() });
export type TokenRecord = RecordOf<typeof TOKEN>;

export const REACTION = record({ id: field<string>(), type: field<string>() });
export type ReactionRecord = RecordOf<typeof REACTION>;

/** A hashtag's user counts: who used it in notes (mentioned) and who has it in their profile (attached), local and remote. */
export const HASHTAG = record({
  mentionedUsersCount: field<number>(),
  mentionedLocalUsersCount: field<number>(),
  mentionedRemoteUsersCount: field<number>(),
  attachedUsersCount: field<number>(),
  attachedLocalUsersCount: field<number>(),
  attachedRemoteUsersCount: field<number>(),
});
export type HashtagCounts = RecordOf<typeof HASHTAG>;

/** A password hash: `scrypt-nfc$N$r$p$salt$hash` (or an older `scrypt$…`). */
export const AUTH = record({ hash: field<string>() });
export type AuthRecord = RecordOf<typeof AUTH>;

/**
 * A file in a user's drive. Its bytes live once per content on disk (store/blob-files.ts, by sha256);
 * `accessKey` names it in /files/ URLs (a random token, so a URL reveals nothing about the content), and
 * `thumbnail`/`webpublic` say which derived versions exist for those bytes.
 */
export const DRIVE_FILE = record({
  id: field<string>(),
  userId: field<string>(),
  userHost: field<string | null>(),
  md5: field<string>(),
  sha256: field<string>(),
  name: field<string>(),
  /** Detected from the bytes (magic numbers), never the client's word. */
  type: field<string>(),
  size: field<number>(),
  comment: field<string | null>(),
  isSensitive: field<boolean>(),
  folderId: field<string | null>(),
  blurhash: field<string | null>(),
  width: field<number | null>(),
  height: field<number | null>(),
  /** EXIF orientation (1–8), null when none. */
  orientation: field<number | null>(),
  accessKey: field<string>(),
  thumbnail: field<boolean>(),
  webpublic: field<boolean>(),
  /**
   * A remote user's file kept as a link (Misskey's `isLink`): the URL its bytes are at, never
   * downloaded, so its md5 and sha256 are empty and its size 0. Null for a file whose bytes are here.
   */
  uri: field<string | null>(),
});
export type DriveFileRecord = RecordOf<typeof DRIVE_FILE>;
/** The fields drive files were stored with before remote links (the first DRIVE_FILE shape; store/drive-files.ts reads them with uri null). */
export const DRIVE_FILE_BEFORE_LINKS = { keys: DRIVE_FILE.keys.filter((key) => key !== 'uri') };

/** A folder of a user's drive; `parentId` null is the root. */
export const DRIVE_FOLDER = record({
  id: field<string>(),
  userId: field<string>(),
  name: field<string>(),
  parentId: field<string | null>(),
});
export type DriveFolderRecord = RecordOf<typeof DRIVE_FOLDER>;

/** A copy of a decoded note record with fast properties, for the read caches (see fastCopier). */
export const fastNoteRecord = fastCopier(NOTE);
/** A copy of a decoded user record with fast properties, for the read caches (see fastCopier). */
export const fastUserRecord = fastCopier(USER);

/** How a role sets one policy (see domain/policies.ts). */
export interface StoredRolePolicy {
  useDefault: boolean;
  priority: 0 | 1 | 2;
  value: unknown;
}

/** A node of a conditional role's formula: `type` and its operands (checked when the role is written; see domain/role-conditions.ts). */
export interface RoleCondition {
  id: string;
  type: string;
  [operand: string]: unknown;
}

/**
 * A role (admin/roles/*): stored as a plain map (roles are few and read into memory whole), its
 * policies keyed by policy name. Its creation time is its id's.
 */
export interface RoleRecord {
  id: string;
  updatedAt: number;
  name: string;
  description: string;
  color: string | null;
  iconUrl: string | null;
  target: 'manual' | 'conditional';
  condFormula: RoleCondition;
  isPublic: boolean;
  isModerator: boolean;
  isAdministrator: boolean;
  isExplorable: boolean;
  asBadge: boolean;
  canEditMembersByModerator: boolean;
  preserveAssignmentOnMoveAccount: boolean;
  displayOrder: number;
  policies: Record<string, StoredRolePolicy>;
}

/** A user's assignment to a manual role: its id (admin/roles/users' paging key) and when it ends (ms; null: never). Stored with MUTING's shape. */
export type RoleAssignment = MutingRecord;

/** The kinds of notification Flock makes (Misskey's `type`s, less the ones it has nothing to make them from). */
export type NotificationType =
  | 'note'
  | 'follow'
  | 'receiveFollowRequest'
  | 'followRequestAccepted'
  | 'mention'
  | 'reply'
  | 'renote'
  | 'quote'
  | 'reaction'
  | 'pollEnded'
  | 'roleAssigned'
  | 'app'
  | 'test';

/**
 * One notification of a user's (its id, in the key, is its creation time). Which fields are set depends
 * on the type: `notifierId` the user who caused it (null for pollEnded of one's own poll, roleAssigned,
 * app), `noteId` the note it is about, `reaction` for reaction, `roleId` for roleAssigned, and the app
 * notification's `body`, `header` and `icon`.
 */
export const NOTIFICATION = record({
  type: field<NotificationType>(),
  notifierId: field<string | null>(),
  noteId: field<string | null>(),
  reaction: field<string | null>(),
  roleId: field<string | null>(),
  body: field<string | null>(),
  header: field<string | null>(),
  icon: field<string | null>(),
});
export type NotificationRecord = RecordOf<typeof NOTIFICATION>;
