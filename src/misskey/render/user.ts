/** UserDetailed / MeDetailed packing (not on the hot path: serialised per call). */
import { byDisplayOrder, lastActiveAt } from '../../domain/index.js';
import type { UserRoles } from '../../queries/index.js';
import type { Store, UserCounts, UserRecord } from '../../store/index.js';
import { idDate, NOTIFICATIONS_PER_USER } from '../../store/index.js';
import { isoOrNull, type NoteRenderer } from './note-renderer.js';
import { roleLite } from './role.js';

/** The relation flags between a viewer and another user (users/relation, UserDetailed). */
export function relation(store: Store, viewerId: string, userId: string) {
  return {
    id: userId,
    isFollowing: store.follows.has(viewerId, userId),
    isFollowed: store.follows.has(userId, viewerId),
    hasPendingFollowRequestFromYou: store.followRequests.has(viewerId, userId),
    hasPendingFollowRequestToYou: store.followRequests.has(userId, viewerId),
    isBlocking: store.blocks.has(viewerId, userId),
    isBlocked: store.blocks.has(userId, viewerId),
    isMuted: store.mutes.has(viewerId, userId, Date.now()),
    isRenoteMuted: store.renoteMutes.has(viewerId, userId),
  };
}

/** The user id of the account a remote user moved to (Misskey's `movedTo`), when Flock knows that account. */
function movedToOf(store: Store, user: UserRecord): string | null {
  const movedTo = user.uri === null ? undefined : store.remoteActors.get(user.uri)?.movedTo;
  return movedTo == null ? null : (store.remoteActors.get(movedTo)?.userId ?? null);
}

/**
 * A user's counters as the viewer may see them: the follower and followee counts are null for those the
 * user hides those lists from (followersVisibility / followingVisibility), as Misskey does.
 */
function visibleCounts(store: Store, user: UserRecord, counts: UserCounts, viewerId: string | null) {
  let follows: boolean | undefined;
  const mayList = (visibility: UserRecord['followersVisibility']) => {
    if (visibility === 'public' || viewerId === user.id) return true;
    if (visibility === 'private' || viewerId === null) return false;
    follows ??= store.follows.has(viewerId, user.id);
    return follows;
  };
  return {
    followersCount: mayList(user.followersVisibility) ? counts.followersCount : null,
    followingCount: mayList(user.followingVisibility) ? counts.followingCount : null,
    notesCount: counts.notesCount,
  };
}

/** UserDetailedNotMe, with relation flags when there is a viewer other than the user. */
export function userDetailed(
  store: Store,
  user: UserRecord,
  viewerId: string | null,
  roles: UserRoles,
  renderer?: NoteRenderer,
): Record<string, unknown> {
  const lite = JSON.parse(user.lite) as Record<string, unknown>;
  const counts = store.counts.of(user.id);
  const pinnedNotes = renderer
    ? user.pinnedNoteIds
        .map((id) => renderer.render(id))
        .filter((n): n is string => n !== undefined)
        .map((n) => JSON.parse(n) as unknown)
    : [];
  const detailed: Record<string, unknown> = {
    ...lite,
    url: user.url,
    uri: user.uri,
    movedTo: movedToOf(store, user),
    alsoKnownAs: user.alsoKnownAs,
    createdAt: idDate(user.id),
    updatedAt: isoOrNull(lastActiveAt(user, counts)),
    lastFetchedAt: null,
    bannerUrl: user.bannerUrl,
    bannerBlurhash: user.bannerBlurhash,
    isLocked: user.isLocked,
    isSilenced: false,
    isSuspended: store.accountStates.of(user.id).suspended,
    description: user.description,
    location: user.location,
    birthday: user.birthday,
    lang: user.lang,
    fields: user.fields,
    verifiedLinks: [],
    ...visibleCounts(store, user, counts, viewerId),
    pinnedNoteIds: user.pinnedNoteIds,
    pinnedNotes,
    pinnedPageId: null,
    pinnedPage: null,
    publicReactions: user.publicReactions,
    followingVisibility: user.followingVisibility,
    followersVisibility: user.followersVisibility,
    chatScope: 'mutual',
    canChat: false,
    // the user's public roles, highest displayOrder first (RoleLite)
    roles: roles.roles
      .filter((role) => role.isPublic)
      .sort(byDisplayOrder)
      .map(roleLite),
    // the viewer's own memo about the user: nobody else's is ever shown
    memo: viewerId === null ? null : store.memos.of(viewerId, user.id),
  };
  if (viewerId !== null && viewerId !== user.id) {
    const { id: _id, ...flags } = relation(store, viewerId, user.id);
    const follow = store.follows.edge(viewerId, user.id);
    Object.assign(detailed, flags, {
      notify: follow?.notify ?? 'none',
      withReplies: follow?.withReplies ?? false,
    });
  }
  return detailed;
}

/** Unread notifications are counted up to this many (a user keeps at most NOTIFICATIONS_PER_USER, plus a few being trimmed). */
const UNREAD_COUNT_CAP = NOTIFICATIONS_PER_USER;

/** MeDetailed: the signed-in user's own view of themselves, with the policies that apply to them. */
export function meDetailed(
  store: Store,
  user: UserRecord,
  roles: UserRoles,
  renderer?: NoteRenderer,
): Record<string, unknown> {
  const pendingRequest = store.followRequests.hasPendingFor(user.id);
  const settings = store.userSettings.of(user.id);
  return {
    ...userDetailed(store, user, user.id, roles, renderer),
    avatarId: user.avatarId,
    bannerId: user.bannerId,
    followedMessage: settings.followedMessage,
    isModerator: roles.isModerator,
    isAdmin: roles.isAdministrator,
    injectFeaturedNote: settings.injectFeaturedNote,
    receiveAnnouncementEmail: settings.receiveAnnouncementEmail,
    alwaysMarkNsfw: settings.alwaysMarkNsfw,
    autoSensitive: settings.autoSensitive,
    carefulBot: user.carefulBot,
    autoAcceptFollowed: user.autoAcceptFollowed,
    noCrawle: user.noCrawle,
    preventAiLearning: user.preventAiLearning,
    isExplorable: user.isExplorable,
    isDeleted: store.accountStates.of(user.id).deleted,
    twoFactorBackupCodesStock: 'none',
    hideOnlineStatus: user.hideOnlineStatus,
    hasUnreadSpecifiedNotes: false,
    hasUnreadMentions: false,
    hasUnreadAnnouncement: false,
    unreadAnnouncements: [],
    hasUnreadAntenna: false,
    hasUnreadChannel: false,
    hasUnreadChatMessages: false,
    hasUnreadNotification: store.notifications.hasUnread(user.id),
    hasPendingReceivedFollowRequest: pendingRequest,
    unreadNotificationsCount: store.notifications.unreadCount(user.id, UNREAD_COUNT_CAP),
    mutedWords: user.mutedWords,
    hardMutedWords: user.hardMutedWords,
    mutedInstances: user.mutedInstances,
    notificationRecieveConfig: settings.notificationRecieveConfig,
    emailNotificationTypes: settings.emailNotificationTypes,
    // Misskey before notificationRecieveConfig; clients of that age still read it, and nothing is muted through it
    mutingNotificationTypes: [],
    achievements: [],
    loggedInDays: store.counts.of(user.id).loggedInDays,
    policies: roles.policies,
    twoFactorEnabled: false,
    usePasswordLessLogin: false,
    securityKeys: false,
    // what Misskey adds for the account's owner with a native token (includeSecrets); Flock has no e-mail or keys yet
    email: null,
    emailVerified: false,
    securityKeysList: [],
  };
}
