/** What a new local account is, before its owner changes anything: Misskey's defaults. */
import type { UserRecord } from '../store/index.js';

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
  };
}
