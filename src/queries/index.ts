/**
 * Queries: the reads every client API shares, over the store and the timeline actors. The gateway
 * thread's read caches, and the note lists (timelines, mentions, children, renotes, a user's notes)
 * as pages of cached decoded notes the viewer may read, which a client API then renders.
 */

export {
  type Hashtag,
  type HashtagListFilter,
  HashtagQueries,
  type HashtagSort,
  type TrendEntry,
} from './hashtag-queries.js';
export { AccountStanding, InstanceSettingsCache } from './moderation-state.js';
export { type NoteFilter, NoteQueries, type Page, type TagFilter, type TimelineFilter } from './note-queries.js';
export { createReadCaches, forgetWrites, type ReadCaches } from './read-caches.js';
export { RoleQueries, type UserRoles } from './roles.js';
export {
  type DirectoryQuery,
  listableUser,
  relationsFor,
  type UserOrigin,
  UserQueries,
  type UserSort,
} from './user-queries.js';
export type { ViewerRelationsCache } from './viewer-relations.js';
