/**
 * The store: LMDB behind typed repositories (store.ts), the record shapes they hold (records.ts,
 * record.ts, shapes.ts), ids (aidx), Misskey pagination, and the gateway's caches of decoded records.
 * Other modules see no key, range or LMDB handle: they call the repositories.
 */
export { openStore, type Store, type StoreOptions } from './store.js';
export type { Users } from './users.js';
export type { Counts } from './counts.js';
export type { Accounts } from './accounts.js';
export { tokenKey, type Tokens } from './tokens.js';
export type { Notes } from './notes.js';
export { ChildKind, NoteFlag, type NoteIndexes } from './note-indexes.js';
export type { Reactions } from './reactions.js';
export type { PollVotes } from './poll-votes.js';
export type { Favorites } from './favorites.js';
export type { FollowList, Follows } from './follows.js';
export type { FollowRequests } from './follow-requests.js';
export type { Registry, RegistryScope } from './registry.js';
export {
  ENTRY_BYTES, TIMELINE_CHUNK, encodeTimelineChunk, entryFlags, entryHi, entryId, entryLo, isEntryId, timelineEntry,
  type HomeTimelineChunks, type TimelineChunk,
} from './home-timeline.js';
export { TIMELINE_CLEAN, type TimelineCheckpoints } from './timeline-checkpoints.js';
export { pageBounds, type Accept, type PageBounds, type PageEntry, type PageParams } from './paging.js';
export {
  fastNoteRecord, fastUserRecord,
  type AuthRecord, type FollowEdge, type NoteRecord, type PollRecord, type ProfileField, type ReactionRecord,
  type RelationVisibility, type TokenRecord, type UserCounts, type UserRecord, type Visibility,
} from './records.js';
export type { Keys } from './record.js';
export { fixedShapePackr, recordEncoder, SHAPES } from './shapes.js';
export { genId, idAtTime, idDate } from './ids.js';
export { DecodedCache, type Decoded } from './decoded-cache.js';
export { BoundedMap } from './bounded-map.js';
export { claimTimelines, releaseTimelines } from './timelines-durability.js';
export { hashStoredTokens, moveCountsOutOfUserRecords } from './migrate.js';
