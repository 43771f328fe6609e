/**
 * The store: LMDB behind typed repositories (store.ts), the record shapes they hold (records.ts,
 * record.ts, shapes.ts), ids (aidx), Misskey pagination, and the gateway's caches of decoded records.
 * Other modules see no key, range or LMDB handle: they call the repositories.
 */

export type { AbuseReportRecord, AbuseReports, ReportResolution } from './abuse-reports.js';
export { type AccountState, type AccountStates, GOOD_STANDING } from './account-states.js';
export type { Accounts } from './accounts.js';
export type { ActorKeyPair, ActorKeys } from './actor-keys.js';
export type { BlobFiles, BlobVariant } from './blob-files.js';
export type { Blocks } from './blocks.js';
export { BoundedMap } from './bounded-map.js';
export type { CounterName, Counts } from './counts.js';
export { type Decoded, DecodedCache } from './decoded-cache.js';
export type { DeliveryAttempts, DeliveryStates, HostHealth } from './delivery-states.js';
export type { DriveFiles } from './drive-files.js';
export type { DriveFolders } from './drive-folders.js';
export type { Favorites } from './favorites.js';
export type { FederationJournal, JournalEntry } from './federation-journal.js';
export type { FollowRequests } from './follow-requests.js';
export type { FollowList, Follows } from './follows.js';
export type { HashtagCount, Hashtags, TagUse } from './hashtags.js';
export {
  ENTRY_BYTES,
  encodeTimelineChunk,
  entryFlags,
  entryHi,
  entryId,
  entryLo,
  type HomeTimelineChunks,
  isEntryId,
  TIMELINE_CHUNK,
  type TimelineChunk,
  timelineEntry,
} from './home-timeline.js';
export { genId, idAtTime, idDate, idTime } from './ids.js';
export type { InboxEntry, InboxQueue, QueuedEntry } from './inbox-queue.js';
export type { IndexBuilds } from './index-builds.js';
export {
  INSTANCE_SETTINGS_FIELDS,
  type InstanceSettings,
  type InstanceSettingsRepository,
} from './instance-settings.js';
export type { InvitationRecord, Invitations } from './invitations.js';
export type { Memos } from './memos.js';
export { buildIndexOnce, hashStoredTokens, moveCountsOutOfUserRecords } from './migrate.js';
export type { ModerationLogEntry, ModerationLogs } from './moderation-logs.js';
export type { Mutes } from './mutes.js';
export { ChildKind, NoteFlag, type NoteIndexes } from './note-indexes.js';
export type { NoteSearchIndex } from './note-search-index.js';
export type { NoteUris } from './note-uris.js';
export type { Notes } from './notes.js';
export { NOTIFICATIONS_PER_USER, type Notifications } from './notifications.js';
export type { OutgoingActivities, OutgoingActivity } from './outgoing-activities.js';
export { type Accept, type PageBounds, type PageEntry, type PageParams, pageBounds } from './paging.js';
export type { PollEnd, PollEnds } from './poll-ends.js';
export type { PollVotes } from './poll-votes.js';
export type { Reactions } from './reactions.js';
export type { Keys } from './record.js';
export {
  type AuthRecord,
  type DriveFileRecord,
  type DriveFolderRecord,
  type FollowEdge,
  type FollowNotify,
  fastNoteRecord,
  fastUserRecord,
  type HashtagCounts,
  type ListMembership,
  type MutingRecord,
  NO_COUNTS,
  type NoteRecord,
  type NotificationReceive,
  type NotificationRecord,
  type NotificationType,
  type PollRecord,
  type ProfileField,
  type ReactionRecord,
  type RelationVisibility,
  type RoleAssignment,
  type RoleCondition,
  type RoleRecord,
  type StoredRolePolicy,
  type TokenRecord,
  USER_SETTINGS,
  type UserCounts,
  type UserListRecord,
  type UserRecord,
  type UserSettings,
  type Visibility,
} from './records.js';
export type { Registry, RegistryScope } from './registry.js';
export type { RemoteActorRecord, RemoteActors } from './remote-actors.js';
export type { RemoteFollowIds } from './remote-follow-ids.js';
export type { RenoteMutes } from './renote-mutes.js';
export type { Roles } from './roles.js';
export { fixedShapePackr, recordEncoder, SHAPES } from './shapes.js';
export { openStore, type Store, type StoreOptions } from './store.js';
export type { ThreadMutes } from './thread-mutes.js';
export { TIMELINE_CLEAN, type TimelineCheckpoints } from './timeline-checkpoints.js';
export { claimTimelines, releaseTimelines } from './timelines-durability.js';
export { type Tokens, tokenKey } from './tokens.js';
export type { DirectoryEntry, DirectoryOrder, DirectoryScope, UserDirectory } from './user-directory.js';
export type { UserLists } from './user-lists.js';
export type { UserSearchField, UserSearchIndex, UserSearchTexts } from './user-search-index.js';
export type { UserSettingsRepository } from './user-settings.js';
export type { Users } from './users.js';
export {
  WEBHOOK_EVENTS,
  type WebhookEvent,
  type WebhookFlavour,
  type WebhookListeners,
  type WebhookRecord,
  type Webhooks,
} from './webhooks.js';
