/**
 * The domain events: what a committed command changed, one closed set discriminated by `type`, like
 * the command protocol. Actors emit them as they write (ctx.emit); the events of a command that fails
 * or throws are dropped with its transaction. Each carries ids and the few fields a subscriber needs,
 * never whole records: subscribers read the committed records from the store.
 */

export interface NoteCreated {
  type: 'noteCreated';
  noteId: string;
  userId: string;
}

export interface NoteDeleted {
  type: 'noteDeleted';
  noteId: string;
  userId: string;
}

export interface NoteReacted {
  type: 'noteReacted';
  noteId: string;
  userId: string;
  reaction: string;
}

export interface NoteUnreacted {
  type: 'noteUnreacted';
  noteId: string;
  userId: string;
  reaction: string;
}

export interface PollVoted {
  type: 'pollVoted';
  noteId: string;
  userId: string;
  choice: number;
}

/** A remote note edited by its author (text, cw, files, poll). */
export interface NoteUpdated {
  type: 'noteUpdated';
  noteId: string;
  userId: string;
}

/** A note re-rendered because a reply or renote of it was created or deleted (its repliesCount or renoteCount). */
export interface NoteCountsChanged {
  type: 'noteCountsChanged';
  noteId: string;
}

export interface NoteFavorited {
  type: 'noteFavorited';
  noteId: string;
  userId: string;
}

export interface NoteUnfavorited {
  type: 'noteUnfavorited';
  noteId: string;
  userId: string;
}

/** The follows between two users, and the requests for them. */
export interface FollowEvent<T extends string> {
  type: T;
  followerId: string;
  followeeId: string;
}

export type Followed = FollowEvent<'followed'>;
export type Unfollowed = FollowEvent<'unfollowed'>;
export type FollowRequested = FollowEvent<'followRequested'>;
/** The follower withdrew a pending request. */
export type FollowRequestCancelled = FollowEvent<'followRequestCancelled'>;
/** A request accepted (a `followed` follows it unless the follow already existed). */
export type FollowAccepted = FollowEvent<'followAccepted'>;
export type FollowRejected = FollowEvent<'followRejected'>;
/** A follow's settings (notify, withReplies) changed. */
export type FollowUpdated = FollowEvent<'followUpdated'>;

/** A user's memo about another user was written or deleted. */
export interface MemoUpdated {
  type: 'memoUpdated';
  userId: string;
  targetId: string;
}

/** A user list of `userId`'s was created, renamed or made public or private, or deleted. */
export interface UserListEvent<T extends string> {
  type: T;
  listId: string;
  userId: string;
}

export type UserListCreated = UserListEvent<'userListCreated'>;
export type UserListUpdated = UserListEvent<'userListUpdated'>;
export type UserListDeleted = UserListEvent<'userListDeleted'>;

/** A member (`memberId`) joined or left a list, or their membership's withReplies changed. */
export interface ListMemberEvent<T extends string> {
  type: T;
  listId: string;
  memberId: string;
}

export type ListMemberAdded = ListMemberEvent<'listMemberAdded'>;
export type ListMemberRemoved = ListMemberEvent<'listMemberRemoved'>;
export type ListMemberUpdated = ListMemberEvent<'listMemberUpdated'>;

/** `userId` favorited or unfavorited a public list. */
export type UserListFavorited = UserListEvent<'userListFavorited'>;
export type UserListUnfavorited = UserListEvent<'userListUnfavorited'>;

/** A block, mute or renote mute between two users: `userId` is the one who blocks or mutes. */
export interface UserRelationEvent<T extends string> {
  type: T;
  userId: string;
  targetId: string;
}

/** Also sent after the follows and requests between the two were removed (their own events come first). */
export type Blocked = UserRelationEvent<'blocked'>;
export type Unblocked = UserRelationEvent<'unblocked'>;
export type Muted = UserRelationEvent<'muted'>;
/** Sent by mute/delete; an expired mute ends with no event (readers compare its expiresAt). */
export type Unmuted = UserRelationEvent<'unmuted'>;
export type RenoteMuted = UserRelationEvent<'renoteMuted'>;
export type RenoteUnmuted = UserRelationEvent<'renoteUnmuted'>;

/** A reply thread (by its root note's id) muted or unmuted by a user. */
export interface ThreadMuteEvent<T extends string> {
  type: T;
  userId: string;
  threadId: string;
}

export type ThreadMuted = ThreadMuteEvent<'threadMuted'>;
export type ThreadUnmuted = ThreadMuteEvent<'threadUnmuted'>;

export interface UserCreated {
  type: 'userCreated';
  userId: string;
}

/** The user changed: their record (profile, pins) or their own settings. */
export interface UserUpdated {
  type: 'userUpdated';
  userId: string;
}

export interface PasswordChanged {
  type: 'passwordChanged';
  userId: string;
}

export interface TokenIssued {
  type: 'tokenIssued';
  userId: string;
}

/** Tokens revoked, by their keys (hashes, never the tokens themselves). */
export interface TokensRevoked {
  type: 'tokensRevoked';
  userId: string;
  tokenKeys: string[];
}

/** A day (days since the epoch, UTC) counted among the user's days of activity (Misskey's loggedInDays). */
export interface ActiveDayCounted {
  type: 'activeDayCounted';
  userId: string;
  day: number;
}

/** A registry value set or removed. */
export interface RegistryChanged {
  type: 'registryChanged';
  userId: string;
  domain: string | null;
  scope: string[];
  key: string;
}

/** A note re-rendered because one of its files changed or was deleted (and taken out of it). */
export interface NoteFilesChanged {
  type: 'noteFilesChanged';
  noteId: string;
}

/** A file of `userId`'s drive was recorded, changed (name, folder, comment, sensitivity) or deleted. */
export interface DriveFileEvent<T extends string> {
  type: T;
  fileId: string;
  userId: string;
}

export type DriveFileCreated = DriveFileEvent<'driveFileCreated'>;
export type DriveFileUpdated = DriveFileEvent<'driveFileUpdated'>;
export type DriveFileDeleted = DriveFileEvent<'driveFileDeleted'>;

/** A folder of `userId`'s drive was created, renamed or moved, or deleted. */
export interface DriveFolderEvent<T extends string> {
  type: T;
  folderId: string;
  userId: string;
}

export type DriveFolderCreated = DriveFolderEvent<'driveFolderCreated'>;
export type DriveFolderUpdated = DriveFolderEvent<'driveFolderUpdated'>;
export type DriveFolderDeleted = DriveFolderEvent<'driveFolderDeleted'>;

export type DriveEvent =
  | DriveFileCreated
  | DriveFileUpdated
  | DriveFileDeleted
  | DriveFolderCreated
  | DriveFolderUpdated
  | DriveFolderDeleted;
/** A role created, changed (its settings, policies or formula) or deleted (with its assignments). */
export interface RoleEvent<T extends string> {
  type: T;
  roleId: string;
}

export type RoleCreated = RoleEvent<'roleCreated'>;
export type RoleUpdated = RoleEvent<'roleUpdated'>;
export type RoleDeleted = RoleEvent<'roleDeleted'>;

/** A user assigned to a manual role (again: the new assignment replaced the old) or unassigned from it. */
export interface RoleAssignmentEvent<T extends string> {
  type: T;
  roleId: string;
  userId: string;
}

export type RoleAssigned = RoleAssignmentEvent<'roleAssigned'>;
export type RoleUnassigned = RoleAssignmentEvent<'roleUnassigned'>;

/** The instance's base policies changed (admin/roles/update-default-policies). */
export interface DefaultPoliciesUpdated {
  type: 'defaultPoliciesUpdated';
}

/** The first local account became the instance's root (it passes every moderator and administrator check). */
export interface RootClaimed {
  type: 'rootClaimed';
  userId: string;
}

/** A moderator suspended, unsuspended or deleted an account (admin/suspend-user, unsuspend-user, delete-account). */
export interface AccountStateEvent<T extends string> {
  type: T;
  userId: string;
}

export type AccountSuspended = AccountStateEvent<'accountSuspended'>;
export type AccountUnsuspended = AccountStateEvent<'accountUnsuspended'>;
/** Sent when the account is marked deleted (its tokens revoked in the same command); its notes and follows go after, each with its own events. */
export type AccountDeleted = AccountStateEvent<'accountDeleted'>;

/** The instance settings changed (admin/update-meta): readers of them read them again. */
export interface InstanceSettingsUpdated {
  type: 'instanceSettingsUpdated';
}

/** A user reported another (`targetUserId`) to the moderators. */
export interface AbuseReported {
  type: 'abuseReported';
  reportId: string;
  targetUserId: string;
}

export interface AbuseReportResolved {
  type: 'abuseReportResolved';
  reportId: string;
}

/** A moderator forwarded a report to its remote target's server (its Flag is queued). */
export interface AbuseReportForwarded {
  type: 'abuseReportForwarded';
  reportId: string;
}

/** Invitation codes made (invite/create, admin/invite/create) or deleted; a code used is part of its sign-up. */
export interface InvitationEvent<T extends string> {
  type: T;
  inviteIds: string[];
}

export type InvitationsCreated = InvitationEvent<'invitationsCreated'>;
export type InvitationsDeleted = InvitationEvent<'invitationsDeleted'>;

/** A notification written for the local user `userId`, in the commit of what caused it. */
export interface NotificationCreated {
  type: 'notificationCreated';
  userId: string;
  notificationId: string;
}

/** All of `userId`'s notifications were marked read (or flushed). */
export interface NotificationsRead {
  type: 'notificationsRead';
  userId: string;
}

export type NotificationEvent = NotificationCreated | NotificationsRead;

export type NoteEvent =
  | NoteCreated
  | NoteDeleted
  | NoteReacted
  | NoteUnreacted
  | PollVoted
  | NoteUpdated
  | NoteCountsChanged
  | NoteFilesChanged
  | NoteFavorited
  | NoteUnfavorited;
export type FollowGraphEvent =
  | Followed
  | Unfollowed
  | FollowRequested
  | FollowRequestCancelled
  | FollowAccepted
  | FollowRejected
  | FollowUpdated;
export type RelationEvent =
  | Blocked
  | Unblocked
  | Muted
  | Unmuted
  | RenoteMuted
  | RenoteUnmuted
  | ThreadMuted
  | ThreadUnmuted;
export type AccountEvent =
  | UserCreated
  | UserUpdated
  | PasswordChanged
  | TokenIssued
  | TokensRevoked
  | RegistryChanged
  | MemoUpdated
  | ActiveDayCounted;
export type UserListChange =
  | UserListCreated
  | UserListUpdated
  | UserListDeleted
  | ListMemberAdded
  | ListMemberRemoved
  | ListMemberUpdated
  | UserListFavorited
  | UserListUnfavorited;

export type RoleChange =
  | RoleCreated
  | RoleUpdated
  | RoleDeleted
  | RoleAssigned
  | RoleUnassigned
  | DefaultPoliciesUpdated
  | RootClaimed;

export type ModerationEvent =
  | AccountSuspended
  | AccountUnsuspended
  | AccountDeleted
  | InstanceSettingsUpdated
  | AbuseReported
  | AbuseReportResolved
  | AbuseReportForwarded
  | InvitationsCreated
  | InvitationsDeleted;

/** Every domain event. */
export type DomainEvent =
  | NoteEvent
  | FollowGraphEvent
  | RelationEvent
  | AccountEvent
  | UserListChange
  | ModerationEvent
  | DriveEvent
  | RoleChange
  | NotificationEvent;

/** A domain event of one type. */
export type EventOf<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;

/** Called once per committed batch with its events, in commit order, before the batch's replies are delivered. */
export type EventListener = (events: readonly DomainEvent[]) => void;
