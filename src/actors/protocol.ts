/**
 * The closed set of messages between the gateway thread and the actor workers, in one place.
 * Every command is addressed to a shard; replies are values, never thrown errors.
 * Batches cross the thread boundary encoded with msgpackr (see codec.ts).
 */

import type { DomainEvent } from '../domain/index.js';
import type {
  FollowNotify,
  InstanceSettings,
  PollRecord,
  RelationVisibility,
  RemoteActorRecord,
  ReportResolution,
  RoleRecord,
  UserSettings,
  Visibility,
  WebhookEvent,
  WebhookFlavour,
} from '../store/index.js';

export interface PollInput {
  choices: string[];
  multiple: boolean;
  expiresAt: number | null;
}

export interface NoteInput {
  text: string | null;
  cw: string | null;
  visibility: Visibility;
  visibleUserIds: string[];
  localOnly: boolean;
  reactionAcceptance: string | null;
  replyId: string | null;
  renoteId: string | null;
  poll: PollInput | null;
  /** Drive files of the author's, attached in this order. */
  fileIds: string[];
}

/**
 * A remote note as federation read it: text converted from its HTML, every field bounded, and the ids
 * those of stored users, notes and drive files (the author's own).
 */
export interface RemoteNoteInput {
  /** The object's id; a note is stored once per uri. */
  uri: string;
  url: string | null;
  /** When it was published (ms): the note's id is made for this moment, at most now. */
  createdAt: number;
  text: string | null;
  cw: string | null;
  visibility: Visibility;
  /** Stored users its Mention tags name (a specified note's recipients). */
  mentions: string[];
  tags: string[];
  replyId: string | null;
  /** The note it quotes, or renotes when there is nothing else (an Announce). */
  renoteId: string | null;
  poll: PollRecord | null;
  fileIds: string[];
}

/** What an Update of a remote note changes. */
export interface RemoteNoteEdit {
  text: string | null;
  cw: string | null;
  mentions: string[];
  tags: string[];
  /** The poll's counts and end (its choices stay); null leaves it as it is. */
  poll: PollRecord | null;
  fileIds: string[];
  /** The edit's `updated` (ms); an edit older than the stored one is ignored. */
  updatedAt: number;
}

export interface ProfilePatch {
  name?: string | null;
  description?: string | null;
  location?: string | null;
  birthday?: string | null;
  lang?: string | null;
  fields?: { name: string; value: string }[];
  isLocked?: boolean;
  isBot?: boolean;
  isCat?: boolean;
  isExplorable?: boolean;
  hideOnlineStatus?: boolean;
  publicReactions?: boolean;
  autoAcceptFollowed?: boolean;
  carefulBot?: boolean;
  noCrawle?: boolean;
  preventAiLearning?: boolean;
  followingVisibility?: RelationVisibility;
  followersVisibility?: RelationVisibility;
  mutedWords?: (string[] | string)[];
  hardMutedWords?: (string[] | string)[];
  mutedInstances?: string[];
  alsoKnownAs?: string[] | null;
}

/**
 * The fields a profile patch may carry, at run time: `user.update` copies these and nothing else into
 * the stored record, so no key a client slipped past the gateway (`id`, `username`, `host`) can land.
 */
export const PROFILE_PATCH_FIELDS = [
  'name',
  'description',
  'location',
  'birthday',
  'lang',
  'fields',
  'isLocked',
  'isBot',
  'isCat',
  'isExplorable',
  'hideOnlineStatus',
  'publicReactions',
  'autoAcceptFollowed',
  'carefulBot',
  'noCrawle',
  'preventAiLearning',
  'followingVisibility',
  'followersVisibility',
  'mutedWords',
  'hardMutedWords',
  'mutedInstances',
  'alsoKnownAs',
] as const satisfies readonly (keyof ProfilePatch)[];
// a ProfilePatch field missing from the list above fails to compile here
const everyProfileField: Record<Exclude<keyof ProfilePatch, (typeof PROFILE_PATCH_FIELDS)[number]>, never> = {};
void everyProfileField;

/** A file whose bytes are on disk (staged) and analysed, to be recorded in its owner's drive. */
export interface NewDriveFile {
  md5: string;
  sha256: string;
  size: number;
  type: string;
  name: string;
  comment: string | null;
  isSensitive: boolean;
  folderId: string | null;
  blurhash: string | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  thumbnail: boolean;
  webpublic: boolean;
}

/** A remote user's file as its note's attachment describes it (federation checked every field), kept as a link to `url`. */
export interface RemoteDriveFile {
  url: string;
  type: string;
  name: string;
  comment: string | null;
  isSensitive: boolean;
  blurhash: string | null;
  width: number | null;
  height: number | null;
}

/** What drive/files/update changes; an absent field stays as it is (folderId null: the root). */
export interface DriveFilePatch {
  name?: string;
  folderId?: string | null;
  comment?: string | null;
  isSensitive?: boolean;
}
/** A role's settings as admin/roles/create and update give them (checked at the gateway). */
export type RoleFields = Omit<RoleRecord, 'id' | 'updatedAt'>;

/** The fields a role update may change, at run time: `role.update` copies these and nothing else. */
export const ROLE_FIELDS = [
  'name',
  'description',
  'color',
  'iconUrl',
  'target',
  'condFormula',
  'isPublic',
  'isModerator',
  'isAdministrator',
  'isExplorable',
  'asBadge',
  'canEditMembersByModerator',
  'preserveAssignmentOnMoveAccount',
  'displayOrder',
  'policies',
] as const satisfies readonly (keyof RoleFields)[];
// a RoleFields field missing from the list above fails to compile here
const everyRoleField: Record<Exclude<keyof RoleFields, (typeof ROLE_FIELDS)[number]>, never> = {};
void everyRoleField;

/** What the owner chooses of a webhook (checked by the endpoint: the URL reachable, the events known). */
export interface WebhookFields {
  name: string;
  url: string;
  secret: string;
  on: WebhookEvent[];
  flavour: WebhookFlavour;
}

/** New follow settings (following/update, following/update-all); null leaves a setting as it is. */
export interface FollowSettings {
  notify: FollowNotify | null;
  withReplies: boolean | null;
}

/** Why a worker flushes its timelines: on its timer, before the gateway opens, or on a clean stop. */
export type FlushKind = 'periodic' | 'startup' | 'stop';

/** Every command an actor understands, keyed by op. */
export interface Commands {
  /**
   * Tokens travel and are stored as their tokenKey (hash): a worker never sees a usable token.
   * `invitationCode`: the code sign-up needs while registration is closed, used up in the same commit.
   */
  'user.signup': { username: string; passwordHash: string; tokenKey: string; invitationCode?: string };
  'user.issueToken': { userId: string; tokenKey: string };
  /** `tokenKey` null revokes every token of the user. */
  'user.revokeToken': { userId: string; tokenKey: string | null };
  /** Replaces a password hash whose parameters are out of date (after a successful sign-in). */
  'user.rehashPassword': { userId: string; previousHash: string; passwordHash: string };
  /** `settings`: the user's own settings to change (the store's USER_SETTINGS fields; others are ignored). */
  /** `media`: the drive files to show as avatar and banner (null: none; absent: unchanged). */
  'user.update': {
    userId: string;
    patch: ProfilePatch;
    settings?: Partial<UserSettings>;
    media?: { avatarId?: string | null; bannerId?: string | null };
  };
  'user.pin': { userId: string; noteId: string; limit: number };
  'user.unpin': { userId: string; noteId: string };
  /** `json`: the value as JSON text, so it is stored and read back exactly as the client sent it. */
  'user.registrySet': { userId: string; domain: string | null; scope: string[]; key: string; json: string };
  'user.registryRemove': { userId: string; domain: string | null; scope: string[]; key: string };
  /** `day`: days since the epoch (UTC) on which the user made an authenticated request. */
  'user.markActive': { userId: string; day: number };
  'user.follow': { followerId: string; followeeId: string; withReplies: boolean };
  'user.unfollow': { followerId: string; followeeId: string };
  'user.acceptRequest': { followeeId: string; followerId: string };
  'user.rejectRequest': { followeeId: string; followerId: string };
  /** Addressed to the followee, like every write of the follow graph. */
  'user.updateFollow': { followerId: string; followeeId: string; settings: FollowSettings };
  /** Addressed to the follower: sends user.updateFollows to each shard of the users they follow. */
  'user.updateAllFollows': { followerId: string; settings: FollowSettings };
  /** The follows of one follower to followees of one shard; a follow gone meanwhile is skipped. */
  'user.updateFollows': { followerId: string; followeeIds: string[]; settings: FollowSettings };
  /** `memo` null (or empty) deletes it; addressed to its author. */
  'user.updateMemo': { userId: string; targetId: string; memo: string | null };
  /** List writes are addressed to the list's owner (`userId`); `limit`s are the owner's policies. */
  'list.create': { userId: string; name: string; limit: number };
  /** A new private list of the caller's, with every member of another user's public list. */
  'list.createFromPublic': {
    userId: string;
    sourceListId: string;
    name: string;
    listLimit: number;
    memberLimit: number;
  };
  'list.update': { userId: string; listId: string; name: string | null; isPublic: boolean | null };
  'list.delete': { userId: string; listId: string };
  'list.push': { userId: string; listId: string; memberId: string; limit: number };
  'list.pull': { userId: string; listId: string; memberId: string };
  'list.updateMembership': { userId: string; listId: string; memberId: string; withReplies: boolean | null };
  /** Addressed to the list's owner (`ownerId`), so it is ordered with the list's deletion and visibility. */
  'list.favorite': { ownerId: string; listId: string; userId: string };
  'list.unfavorite': { ownerId: string; listId: string; userId: string };
  /** Webhook writes are addressed to the hook's owner (`userId`); `limit` is the owner's webhookLimit. */
  'webhook.create': { userId: string; hook: WebhookFields; limit: number };
  'webhook.update': { userId: string; webhookId: string; patch: Partial<WebhookFields & { active: boolean }> };
  'webhook.delete': { userId: string; webhookId: string };
  /** i/webhooks/test: one call of `event` with a sample body, to `url` with `secret` when they are set. */
  'webhook.test': { userId: string; webhookId: string; event: WebhookEvent; url: string | null; secret: string | null };
  /** The outbox called the hook (`status` 1: no answer); `deactivate` after a final failure. */
  'webhook.recordCall': { userId: string; webhookId: string; sentAt: number; status: number; deactivate: boolean };
  /** Blocks, mutes and thread mutes are addressed to the user who blocks or mutes (see relations.ts). */
  'user.block': { blockerId: string; blockeeId: string };
  'user.unblock': { blockerId: string; blockeeId: string };
  /** `expiresAt`: when the mute ends (ms), null for never. */
  'user.mute': { muterId: string; muteeId: string; expiresAt: number | null };
  'user.unmute': { muterId: string; muteeId: string };
  'user.renoteMute': { muterId: string; muteeId: string };
  'user.renoteUnmute': { muterId: string; muteeId: string };
  /** Mutes the reply thread `noteId` is in. */
  'user.muteThread': { userId: string; noteId: string };
  'user.unmuteThread': { userId: string; noteId: string };
  /**
   * Drive writes are addressed to the drive's owner. `force` records the file even when the owner has
   * one with the same md5 (else that one is answered); `capacity`: the owner's drive capacity in bytes.
   */
  'drive.createFile': { userId: string; file: NewDriveFile; force: boolean; capacity: number };
  'drive.updateFile': { userId: string; fileId: string; patch: DriveFilePatch };
  /** Addressed to the file's owner; `moderatorId`: a moderator deleting someone else's file (logged), else null. */
  'drive.deleteFile': { userId: string; fileId: string; moderatorId: string | null };
  /** Addressed to the remote owner: records each file as a link, once per URL (a known URL answers its file, updated). */
  'drive.storeRemoteFiles': { userId: string; files: RemoteDriveFile[] };
  /** Moves those of the files that are the owner's into a folder (null: the root). */
  'drive.moveFiles': { userId: string; fileIds: string[]; folderId: string | null };
  'drive.createFolder': { userId: string; name: string; parentId: string | null };
  /** `parentId` absent leaves the folder where it is; null moves it to the root. */
  'drive.updateFolder': { userId: string; folderId: string; name?: string; parentId?: string | null };
  'drive.deleteFolder': { userId: string; folderId: string };
  'note.create': { userId: string; note: NoteInput };
  'note.delete': { userId: string; noteId: string; isModerator: boolean };
  'note.unrenote': { userId: string; noteId: string };
  'note.react': { userId: string; noteId: string; reaction: string };
  'note.unreact': { userId: string; noteId: string };
  'note.vote': { userId: string; noteId: string; choice: number };
  'note.favorite': { userId: string; noteId: string };
  'note.unfavorite': { userId: string; noteId: string };
  /** Addressed to the remote author, like note.create: stores the note once per uri. */
  'note.storeRemote': { userId: string; note: RemoteNoteInput };
  /** Addressed to the note; only its (remote) author's edit applies. */
  'note.updateRemote': { userId: string; noteId: string; edit: RemoteNoteEdit };
  /** Role writes are all addressed to ROLES_ADDRESS, so they apply one at a time, in order; `moderatorId` is logged. */
  'role.create': { moderatorId: string; fields: RoleFields };
  'role.update': { moderatorId: string; roleId: string; patch: Partial<RoleFields> };
  'role.delete': { moderatorId: string; roleId: string };
  /** `byAdmin`: the caller administers (else the role must let moderators edit its members); `expiresAt` ms or null. */
  'role.assign': { moderatorId: string; roleId: string; userId: string; expiresAt: number | null; byAdmin: boolean };
  'role.unassign': { moderatorId: string; roleId: string; userId: string; byAdmin: boolean };
  /** The instance's base policies, by name (checked at the gateway). */
  'role.setDefaultPolicies': { policies: Record<string, unknown> };
  /** Runs a stored note's fan-out again (start-up replay); addressed to the note's author. */
  'note.fanout': { noteId: string };
  'timeline.push': { userIds: string[]; noteId: string; flags: number };
  /** Notification writes are addressed to their recipient; `always` reports the read even when nothing was unread. */
  'notification.markRead': { userId: string; always: boolean };
  'notification.flush': { userId: string };
  /** An app notification (notifications/create): `header` and `icon` as the app gave them, or null. */
  'notification.create': { userId: string; body: string; header: string | null; icon: string | null };
  /** notifications/test-notification: a `test` notification for the user. */
  'notification.test': { userId: string };
  /** The poll of `noteId` ended at `expiresAt` (as scheduled in store.pollEnds); addressed to the note. */
  'notification.pollEnded': { noteId: string; expiresAt: number };
  /**
   * Moderation (moderation.ts): each writes its moderation log entry (by `moderatorId`) in the same
   * commit. `defaults` are the settings until first changed (the config's); `patch` holds only the
   * fields to change. Addressed to 'instance', so changes apply one at a time.
   */
  'instance.updateSettings': { moderatorId: string; defaults: InstanceSettings; patch: Partial<InstanceSettings> };
  /** Addressed to the user, like their follow requests (which suspension deletes both ways). */
  'user.suspend': { moderatorId: string; userId: string; suspended: boolean };
  /** Marks the account deleted and revokes its tokens; its notes and follows are removed after (moderation-purge.ts). */
  'user.deleteAccount': { moderatorId: string; userId: string };
  /** The deleted account's notes and follows are all gone. */
  'user.accountPurged': { userId: string };
  'user.resetPassword': { moderatorId: string; userId: string; passwordHash: string };
  /** Addressed to the reporter. */
  'report.create': { reporterId: string; targetUserId: string; comment: string };
  /** Addressed to the report. */
  'report.resolve': { moderatorId: string; reportId: string; resolvedAs: ReportResolution | null };
  /** Addressed to the report: marks it forwarded and queues its Flag to the remote target's server, in one commit. */
  'report.forward': { moderatorId: string; reportId: string };
  /**
   * New invitation codes, made by `creatorId` (invite/create, addressed to them so the limit cannot
   * race: at most `limit.max` codes with ids above `limit.sinceId`) or by a moderator (admin/invite/create,
   * creatorId null, logged).
   */
  'invite.create': {
    creatorId: string | null;
    moderatorId: string | null;
    count: number;
    expiresAt: number | null;
    limit: { max: number; sinceId: string } | null;
  };
  /** Addressed to the invitation. */
  'invite.delete': { inviteId: string };
  /** A home timeline page: entries (note id + flag char, see store/home-timeline.ts) in Misskey's order. */
  'timeline.page': { userId: string; since: string | null; until: string | null; ascending: boolean; limit: number };
  /**
   * Writes the worker's timeline changes now and records a checkpoint: `startup` always records one (so
   * a crash soon after a clean restart replays what came after it), `stop` comes after the mailboxes
   * drained on a clean stop.
   */
  'timeline.flush': { kind: FlushKind };
  /**
   * A remote actor as federation fetched and checked it: its user record (created, or updated in place
   * by URI) and its delivery and key record, in one commit. Addressed to its acct (`name@host`).
   */
  'user.storeRemote': { actor: RemoteActorInput };
  /** A remote user's Follow (`activityId`) of a local user, from the inbox; addressed to the followee. */
  'user.remoteFollow': { followerId: string; followeeId: string; activityId: string };
  /** A follow or request that the other server ended (Undo{Follow}, Reject, its account gone); addressed to the followee. */
  'user.remoteUnfollow': { followerId: string; followeeId: string };
  /** A remote account deleted by its server: marked deleted, then purged like a local one (account-purge.ts). */
  'user.deleteRemote': { userId: string };
  /** A remote actor (`uri`) moved to `movedTo` (verified by the inbox); addressed to its acct, like user.storeRemote. */
  'user.markMoved': { uri: string; movedTo: string };
  /** A remote user's counts as its server's collections give them (null: unknown, left as it is). */
  'user.setRemoteCounts': { userId: string; followersCount: number | null; followingCount: number | null };
}

/** The profile of a remote actor, as federation read it from the actor document (plain text, bounded). */
export interface RemoteProfile {
  name: string | null;
  description: string | null;
  url: string | null;
  location: string | null;
  birthday: string | null;
  fields: { name: string; value: string }[];
  isLocked: boolean;
  isBot: boolean;
  isCat: boolean;
  isExplorable: boolean;
  alsoKnownAs: string[] | null;
  /** The actor's icon and image URLs, shown as they are (not fetched). */
  avatarUrl: string | null;
  bannerUrl: string | null;
}

/** A fetched actor: what federation keeps about it (its user id is the store's to find or make), and its profile. */
export interface RemoteActorInput extends Omit<RemoteActorRecord, 'userId'> {
  username: string;
  /** Lower-case `host[:port]` of the actor's id. */
  host: string;
  profile: RemoteProfile;
}

/** What each command answers with when it succeeds. */
export interface Results {
  'user.signup': { userId: string };
  'user.issueToken': null;
  'user.revokeToken': null;
  'user.rehashPassword': null;
  'user.update': null;
  'user.pin': null;
  'user.unpin': null;
  'user.registrySet': null;
  'user.registryRemove': null;
  'user.markActive': null;
  'user.follow': { state: 'following' | 'requested' };
  'user.unfollow': null;
  'user.acceptRequest': null;
  'user.rejectRequest': null;
  'user.updateFollow': null;
  'user.updateAllFollows': null;
  'user.updateFollows': null;
  'user.updateMemo': null;
  'list.create': { listId: string };
  'webhook.create': { webhookId: string };
  'webhook.update': null;
  'webhook.delete': null;
  'webhook.test': null;
  'webhook.recordCall': null;
  'list.createFromPublic': { listId: string };
  'list.update': null;
  'list.delete': null;
  'list.push': null;
  'list.pull': null;
  'list.updateMembership': null;
  'list.favorite': null;
  'list.unfavorite': null;
  'user.block': null;
  'user.unblock': null;
  'user.mute': null;
  'user.unmute': null;
  'user.renoteMute': null;
  'user.renoteUnmute': null;
  'user.muteThread': null;
  'user.unmuteThread': null;
  /** `created` false: an existing file with the same md5 was answered. */
  'drive.createFile': { fileId: string; created: boolean };
  'drive.updateFile': null;
  /** The content whose references changed, for the gateway to settle on disk. */
  /** `sha256`: the content whose bytes may leave the disk once unreferenced; null for a link (no bytes here). */
  'drive.deleteFile': { sha256: string | null };
  'drive.storeRemoteFiles': { fileIds: string[] };
  'drive.moveFiles': null;
  'drive.createFolder': { folderId: string };
  'drive.updateFolder': null;
  'drive.deleteFolder': null;
  'note.create': { noteId: string };
  'note.delete': null;
  'note.unrenote': null;
  'note.react': null;
  'note.unreact': null;
  'note.vote': null;
  'note.favorite': null;
  'note.unfavorite': null;
  /** `created` false: the uri was stored already, as `noteId`. */
  'note.storeRemote': { noteId: string; created: boolean };
  'note.updateRemote': null;
  'note.fanout': null;
  'role.create': { roleId: string };
  'role.update': null;
  'role.delete': null;
  'role.assign': null;
  'role.unassign': null;
  'role.setDefaultPolicies': null;
  'timeline.push': null;
  'notification.markRead': null;
  'notification.flush': null;
  'notification.create': null;
  'notification.test': null;
  'notification.pollEnded': null;
  'instance.updateSettings': null;
  'user.suspend': null;
  'user.deleteAccount': null;
  'user.accountPurged': null;
  'user.resetPassword': null;
  'report.create': { reportId: string };
  'report.resolve': null;
  'report.forward': null;
  'invite.create': { inviteIds: string[] };
  'invite.delete': null;
  'timeline.page': { entries: string[]; more: boolean };
  'user.storeRemote': { userId: string; created: boolean };
  'user.remoteFollow': { state: 'following' | 'requested' | 'rejected' };
  'user.remoteUnfollow': { ended: boolean };
  'user.deleteRemote': null;
  'user.markMoved': null;
  'user.setRemoteCounts': null;
  'timeline.flush': null;
}

export type Op = keyof Commands;
export type Command = { [K in Op]: { op: K; args: Commands[K] } }[Op];

/**
 * The domain failures each op can answer with, worked out from its handler: a handler returning a
 * failure outside its op's set does not compile, and endpoints map exactly these to Misskey's errors.
 */
export interface Failures {
  'user.signup': 'usernameTaken' | 'invalidInvitationCode';
  'user.issueToken': 'noSuchUser';
  'user.revokeToken': never;
  'user.rehashPassword': never;
  'user.update': 'noSuchUser' | 'noSuchAvatar' | 'avatarNotAnImage' | 'noSuchBanner' | 'bannerNotAnImage';
  'user.pin': 'noSuchUser' | 'noSuchNote' | 'pinLimitExceeded' | 'alreadyPinned';
  'user.unpin': 'noSuchUser' | 'noSuchNote';
  'user.registrySet': never;
  'user.registryRemove': 'noSuchKey';
  'user.markActive': never;
  'user.follow': 'followeeIsYourself' | 'noSuchUser' | 'alreadyFollowing' | 'blocking' | 'blocked';
  'user.unfollow': 'notFollowing';
  'user.acceptRequest': 'noFollowRequest';
  'user.rejectRequest': 'noSuchUser';
  'user.updateFollow': 'notFollowing';
  'user.updateAllFollows': never;
  'user.updateFollows': never;
  'user.updateMemo': 'noSuchUser';
  'list.create': 'tooManyUserLists';
  'webhook.create': 'tooManyWebhooks';
  'webhook.update': 'noSuchWebhook';
  'webhook.delete': 'noSuchWebhook';
  'webhook.test': 'noSuchWebhook';
  'webhook.recordCall': 'noSuchWebhook';
  'list.createFromPublic': 'noSuchList' | 'tooManyUserLists' | 'tooManyUsers' | 'youHaveBeenBlocked';
  'list.update': 'noSuchList';
  'list.delete': 'noSuchList';
  'list.push': 'noSuchList' | 'noSuchUser' | 'alreadyAdded' | 'tooManyUsers' | 'youHaveBeenBlocked';
  'list.pull': 'noSuchList' | 'noSuchUser';
  /** noSuchUser also when the user is not a member (Misskey answers that with an internal error). */
  'list.updateMembership': 'noSuchList' | 'noSuchUser';
  'list.favorite': 'noSuchList' | 'alreadyFavorited';
  'list.unfavorite': 'noSuchList' | 'notFavorited';
  'user.block': 'blockeeIsYourself' | 'noSuchUser' | 'alreadyBlocking';
  'user.unblock': 'blockeeIsYourself' | 'noSuchUser' | 'notBlocking';
  'user.mute': 'muteeIsYourself' | 'noSuchUser' | 'alreadyMuting';
  'user.unmute': 'muteeIsYourself' | 'noSuchUser' | 'notMuting';
  'user.renoteMute': 'muteeIsYourself' | 'noSuchUser' | 'alreadyMuting';
  'user.renoteUnmute': 'muteeIsYourself' | 'noSuchUser' | 'notMuting';
  'user.muteThread': 'noSuchNote';
  'user.unmuteThread': 'noSuchNote';
  'drive.createFile': 'noSuchUser' | 'noSuchFolder' | 'noFreeSpace';
  'drive.updateFile': 'noSuchFile' | 'accessDenied' | 'noSuchFolder';
  'drive.deleteFile': 'noSuchFile' | 'accessDenied';
  'drive.storeRemoteFiles': 'noSuchUser';
  'drive.moveFiles': 'noSuchFolder';
  'drive.createFolder': 'noSuchFolder';
  'drive.updateFolder': 'noSuchFolder' | 'noSuchParentFolder' | 'recursiveNesting';
  'drive.deleteFolder': 'noSuchFolder' | 'hasChildFilesOrFolders';
  'note.create':
    | 'noSuchUser'
    | 'noSuchFile'
    | 'youHaveBeenBlocked'
    | 'noSuchReplyTarget'
    | 'cannotReplyToPureRenote'
    | 'cannotReplyToInvisibleNote'
    | 'cannotReplyToSpecifiedWithWiderVisibility'
    | 'noSuchRenoteTarget'
    | 'cannotRenotePureRenote'
    | 'cannotRenoteNonPublic';
  'note.delete': 'noSuchNote' | 'accessDenied';
  'note.unrenote': 'noSuchNote';
  'note.react': 'noSuchNote' | 'cannotReactToRenote' | 'alreadyReacted' | 'youHaveBeenBlocked';
  'note.unreact': 'noSuchNote' | 'notReacted';
  'note.vote': 'noSuchNote' | 'noPoll' | 'pollExpired' | 'invalidChoice' | 'alreadyVoted' | 'youHaveBeenBlocked';
  'note.favorite': 'noSuchNote' | 'alreadyFavorited';
  'note.unfavorite': 'noSuchNote' | 'notFavorited';
  'note.storeRemote': 'noSuchUser' | 'noSuchRenoteTarget' | 'youHaveBeenBlocked';
  'note.updateRemote': 'noSuchNote' | 'accessDenied';
  'note.fanout': never;
  'role.create': never;
  'role.update': 'noSuchRole';
  'role.delete': 'noSuchRole';
  'role.assign': 'noSuchRole' | 'noSuchUser' | 'accessDenied';
  'role.unassign': 'noSuchRole' | 'noSuchUser' | 'notAssigned' | 'accessDenied';
  'role.setDefaultPolicies': never;
  /** A note id that cannot be a timeline entry. */
  'timeline.push': 'noSuchNote';
  'notification.markRead': never;
  'notification.flush': never;
  'notification.create': never;
  'notification.test': never;
  'notification.pollEnded': never;
  'instance.updateSettings': never;
  'user.suspend': 'noSuchUser';
  'user.deleteAccount': 'noSuchUser';
  'user.accountPurged': never;
  'user.resetPassword': 'noSuchUser';
  'report.create': 'noSuchUser';
  'report.resolve': 'noSuchReport';
  'report.forward': 'noSuchReport' | 'targetNotRemote' | 'alreadyForwarded';
  'invite.create': 'inviteLimitExceeded';
  'invite.delete': 'noSuchInvitation';
  'timeline.page': never;
  'timeline.flush': never;
  'user.storeRemote': never;
  'user.remoteFollow': 'noSuchUser';
  'user.remoteUnfollow': never;
  'user.deleteRemote': 'noSuchUser';
  'user.markMoved': 'noSuchUser';
  'user.setRemoteCounts': 'noSuchUser';
}

/** Every domain failure some op can answer with. */
export type DomainError = Failures[Op];

/**
 * Not a domain failure: the command threw, or could not be encoded, or its worker failed. Any op can
 * answer it, and it means the server's fault, never the client's.
 */
export type InternalFailure = 'internal';

export type Reply<K extends Op = Op> =
  | { ok: true; value: Results[K] }
  | { ok: false; error: Failures[K] | InternalFailure };

/** A command a handler sends to another shard (fan-out). */
export interface Outgoing {
  shard: number;
  command: Command;
}

/**
 * An outgoing command as a batch result carries it: `cause` is the position in the batch of the
 * command that sent it. The dispatcher holds that command's reply until everything it caused has
 * been applied, without knowing what any op means.
 */
export interface Caused extends Outgoing {
  cause: number;
}

/** One task sent to a worker: the next messages of several shards, each shard's in mailbox order. */
export interface Batch {
  shards: { shard: number; commands: Command[] }[];
}

/** A worker's answer to a Batch: one reply per command in batch order (shard by shard), commands for other shards, and the domain events of its committed commands. */
export interface BatchResult {
  replies: Reply[];
  outgoing: Caused[];
  events: DomainEvent[];
}
