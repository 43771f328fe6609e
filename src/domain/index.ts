/**
 * The domain: rules that know no client API, shared by the actors that write and every client API that
 * reads: who may see a note, which notes a viewer's blocks and mutes hide (relations.ts), what a note is (pure renotes, index flags, mentions, hashtags, local or
 * remote), reactions, a new local account's defaults, password hashing, and the projection through which the actors render the
 * fragments stored with each record.
 */

export {
  activityId,
  answerActivity,
  type FollowParts,
  flagActivity,
  followActivity,
  followActivityId,
  INSTANCE_ACTOR_ID,
  instanceActorUri,
  localActorUri,
  requestIdOfFollow,
  undoFollowActivity,
} from './activities.js';
export { fileUrl, previewUrl, publicFileUrl, THUMBNAIL_SUFFIX, thumbnailUrl, WEBPUBLIC_SUFFIX } from './drive.js';
export type * from './events.js';
export { InstanceRules, type NoteWords, normalizeHost } from './instance.js';
export {
  canSee,
  hashtagsOf,
  isLocal,
  isPureRenote,
  isReplyToOthers,
  mentionedUserIds,
  noteFlags,
  type Viewer,
  viewerFor,
} from './notes.js';
export { hashPassword, needsRehash, newNativeToken, verifyPassword } from './password.js';
export {
  basePolicies,
  type ChatAvailability,
  DEFAULT_POLICIES,
  effectivePolicies,
  InvalidPolicies,
  POLICY_NAMES,
  type PolicyName,
  parsePolicyValues,
  parseRolePolicies,
  type RolePolicies,
  type RolePolicy,
  type RolePolicyMap,
} from './policies.js';
export type { StoredProjection } from './projection.js';
export { LIKE_REACTION, normalizeReaction, reactionKeyOf, remoteReactionKeyOf } from './reactions.js';
export {
  blocksEitherWay,
  involvesAccounts,
  isHiddenFor,
  type NoteContext,
  readViewerRelations,
  type ViewerRelations,
} from './relations.js';
export {
  assignedRoleIdsIn,
  type ConditionSubject,
  evalCondition,
  InvalidCondition,
  MAX_CONDITION_DEPTH,
  MAX_CONDITION_NODES,
  parseCondition,
} from './role-conditions.js';
export {
  type BadgeRole,
  badgeRolesOf,
  byDisplayOrder,
  isAdministratorBy,
  isAssignmentLive,
  isModeratorBy,
  policiesOf,
  type RoleFacts,
  rolesOf,
} from './roles.js';
export { lastActiveAt, newLocalUser, profileHashtags } from './users.js';
export type { WordMutes } from './word-mutes.js';
