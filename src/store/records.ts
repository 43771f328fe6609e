/** Shapes of the records kept in LMDB (msgpack values). Local and remote users and notes share one shape (host/uri). */

export type Visibility = 'public' | 'home' | 'followers' | 'specified';
export type RelationVisibility = 'public' | 'followers' | 'private';

export interface UserRecord {
  id: string;
  username: string;
  usernameLower: string;
  /** null for local users. */
  host: string | null;
  uri: string | null;
  url: string | null;
  name: string | null;
  description: string | null;
  location: string | null;
  birthday: string | null;
  lang: string | null;
  fields: { name: string; value: string }[];
  isLocked: boolean;
  isBot: boolean;
  isCat: boolean;
  isExplorable: boolean;
  hideOnlineStatus: boolean;
  publicReactions: boolean;
  autoAcceptFollowed: boolean;
  carefulBot: boolean;
  noCrawle: boolean;
  preventAiLearning: boolean;
  followingVisibility: RelationVisibility;
  followersVisibility: RelationVisibility;
  mutedWords: (string[] | string)[];
  hardMutedWords: (string[] | string)[];
  mutedInstances: string[];
  alsoKnownAs: string[] | null;
  pinnedNoteIds: string[];
  updatedAt: number | null;
  /** The UserLite JSON, rendered whenever the record changes, so reads splice it instead of serialising. */
  lite: string;
}

/**
 * A user's counters, kept apart from the UserRecord: posting changes notesCount, and a profile record
 * rewritten on every note made the gateway drop and decode it again each time.
 */
export interface UserCounts {
  notesCount: number;
  followersCount: number;
  followingCount: number;
}

export const NO_COUNTS: Readonly<UserCounts> = { notesCount: 0, followersCount: 0, followingCount: 0 };

export interface PollRecord {
  choices: string[];
  votes: number[];
  multiple: boolean;
  expiresAt: number | null;
}

export interface NoteRecord {
  id: string;
  userId: string;
  userHost: string | null;
  text: string | null;
  cw: string | null;
  visibility: Visibility;
  localOnly: boolean;
  reactionAcceptance: string | null;
  replyId: string | null;
  renoteId: string | null;
  /** Author of the replied-to note (followers-only notes are visible to them). */
  replyUserId: string | null;
  visibleUserIds: string[];
  mentions: string[];
  tags: string[];
  poll: PollRecord | null;
  uri: string | null;
  url: string | null;
  reactions: Record<string, number>;
  renoteCount: number;
  repliesCount: number;
  /** The note's JSON without braces, user, reply, renote, poll and myReaction: viewer-independent, re-rendered on every change. */
  body: string;
}

export interface FollowEdge {
  /** The Following id (pagination key of users/followers and users/following). */
  id: string;
  withReplies: boolean;
}

export interface TokenRecord {
  userId: string;
  createdAt: number;
}

export interface ReactionRecord {
  id: string;
  type: string;
}

/*
 * Values written before store/shapes.ts existed carry their field names inline, and msgpackr decodes
 * each of those through a fresh reader that adds the keys one by one: past 16 properties V8 then puts
 * the object in dictionary mode, and every property load on such a note or user goes through the
 * inline-cache runtime (13 % of the gateway thread on the timeline bench). The read caches keep these
 * copies, built from one literal each, which share one fast hidden class whatever the stored form.
 */

/** A copy of a decoded note record with fast properties (see above). */
export function fastNoteRecord(n: NoteRecord): NoteRecord {
  return {
    id: n.id, userId: n.userId, userHost: n.userHost, text: n.text, cw: n.cw, visibility: n.visibility, localOnly: n.localOnly,
    reactionAcceptance: n.reactionAcceptance, replyId: n.replyId, renoteId: n.renoteId, replyUserId: n.replyUserId,
    visibleUserIds: n.visibleUserIds, mentions: n.mentions, tags: n.tags, poll: n.poll, uri: n.uri, url: n.url,
    reactions: n.reactions, renoteCount: n.renoteCount, repliesCount: n.repliesCount, body: n.body,
  };
}

/** A copy of a decoded user record with fast properties (see above). */
export function fastUserRecord(u: UserRecord): UserRecord {
  return {
    id: u.id, username: u.username, usernameLower: u.usernameLower, host: u.host, uri: u.uri, url: u.url, name: u.name,
    description: u.description, location: u.location, birthday: u.birthday, lang: u.lang, fields: u.fields,
    isLocked: u.isLocked, isBot: u.isBot, isCat: u.isCat, isExplorable: u.isExplorable, hideOnlineStatus: u.hideOnlineStatus,
    publicReactions: u.publicReactions, autoAcceptFollowed: u.autoAcceptFollowed, carefulBot: u.carefulBot, noCrawle: u.noCrawle,
    preventAiLearning: u.preventAiLearning, followingVisibility: u.followingVisibility, followersVisibility: u.followersVisibility,
    mutedWords: u.mutedWords, hardMutedWords: u.hardMutedWords, mutedInstances: u.mutedInstances, alsoKnownAs: u.alsoKnownAs,
    pinnedNoteIds: u.pinnedNoteIds, updatedAt: u.updatedAt, lite: u.lite,
  };
}
