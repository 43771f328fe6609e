/** What a local account is: Misskey's defaults for a new one, and the hashtags its profile carries. */
import type { UserCounts, UserRecord } from '../store/index.js';
import { hashtagsOf } from './notes.js';

/** Misskey keeps at most this many hashtags of a profile. */
const PROFILE_HASHTAGS = 32;

/** The hashtags of a profile's description and field values, each once (as notes' tags are normalised). */
export function profileHashtags(user: Pick<UserRecord, 'description' | 'fields'>): string[] {
  const tags = new Set(hashtagsOf(user.description));
  for (const field of user.fields) for (const tag of hashtagsOf(field.value)) tags.add(tag);
  return [...tags].slice(0, PROFILE_HASHTAGS);
}

export function newLocalUser(id: string, username: string): Omit<UserRecord, 'lite'> {
  return {
    id,
    username,
    usernameLower: username.toLowerCase(),
    host: null,
    uri: null,
    url: null,
    name: null,
    description: null,
    location: null,
    birthday: null,
    lang: null,
    fields: [],
    isLocked: false,
    isBot: false,
    isCat: false,
    isExplorable: true,
    hideOnlineStatus: false,
    publicReactions: true,
    autoAcceptFollowed: true,
    carefulBot: false,
    noCrawle: false,
    preventAiLearning: true,
    followingVisibility: 'public',
    followersVisibility: 'public',
    mutedWords: [],
    hardMutedWords: [],
    mutedInstances: [],
    alsoKnownAs: null,
    pinnedNoteIds: [],
    updatedAt: null,
    avatarId: null,
    avatarUrl: null,
    avatarBlurhash: null,
    bannerId: null,
    bannerUrl: null,
    bannerBlurhash: null,
  };
}

/**
 * Misskey's `updatedAt` of a user: when they last posted (Misskey moves it with the notes count, not on
 * profile edits); for one who has not posted since Flock kept that, what the record says (a profile edit
 * stored by an earlier version).
 */
export function lastActiveAt(user: Pick<UserRecord, 'updatedAt'>, counts: Pick<UserCounts, 'postedAt'>): number | null {
  return counts.postedAt ?? user.updatedAt;
}
