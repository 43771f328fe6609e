/** The user actor: accounts, tokens, profile, registry and the follow graph (addressed to the followee, so a user's follower set changes in the shard that fans out their notes). */

import { badgeRolesOf, newLocalUser, previewUrl } from '../domain/index.js';
import { type CounterName, genId, USER_SETTINGS, type UserRecord, type UserSettings } from '../store/index.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import type { Handler } from './handler.js';
import { queueAnswer, queueFollow, queueFollowEnded } from './outgoing-follows.js';
import { journalProfileUpdate } from './outgoing-notes.js';
import { PROFILE_PATCH_FIELDS, type ProfilePatch } from './protocol.js';
import { addFollowers, indexUser } from './search-indexes.js';

/** Writes a user record with its stored fragment (`lite`, with the user's badge roles now) rendered again. */
export function saveUser(ctx: ActorContext, user: Omit<UserRecord, 'lite'>): void {
  const lite = ctx.projection.userLite(user, badgeRolesOf(ctx.store, user, Date.now()));
  void ctx.store.users.put({ ...user, lite });
}

/** Rewrites an existing user record (profile or pins). */
function updateUser(ctx: ActorContext, user: Omit<UserRecord, 'lite'>): void {
  saveUser(ctx, user);
  ctx.emit({ type: 'userUpdated', userId: user.id });
}

/** The id of a usable invitation with this code: one not used yet nor expired. */
function usableInvitation(ctx: ActorContext, code: string, now: number): string | undefined {
  const inviteId = ctx.store.invitations.idOfCode(code);
  const invitation = inviteId === undefined ? undefined : ctx.store.invitations.get(inviteId);
  if (invitation === undefined || invitation.usedBy !== null) return undefined;
  if (invitation.expiresAt !== null && invitation.expiresAt <= now) return undefined;
  return inviteId;
}

/** An invitation code is used up in the sign-up's own commit, so two sign-ups cannot share one. */
const signup: Handler<'user.signup'> = (ctx, a) => {
  const { store } = ctx;
  const now = Date.now();
  const code = typeof a.invitationCode === 'string' ? a.invitationCode : undefined;
  const inviteId = code === undefined ? undefined : usableInvitation(ctx, code, now);
  if (code !== undefined && inviteId === undefined) return fail('invalidInvitationCode');
  const usernameLower = a.username.toLowerCase();
  if (store.accounts.idOf(usernameLower, null) !== undefined) return fail('usernameTaken');
  const id = genId();
  if (inviteId !== undefined)
    store.invitations.put(inviteId, { ...store.invitations.get(inviteId)!, usedBy: id, usedAt: now });
  const user = newLocalUser(id, a.username);
  saveUser(ctx, user);
  indexUser(store, undefined, user);
  void store.accounts.register(usernameLower, null, id);
  void store.accounts.setPasswordHash(id, a.passwordHash);
  void store.tokens.issue(a.tokenKey, id, Date.now());
  ctx.emit({ type: 'userCreated', userId: id });
  // the first local account is the instance's root, as in Misskey
  if (store.roles.claimRoot(id)) ctx.emit({ type: 'rootClaimed', userId: id });
  ctx.emit({ type: 'tokenIssued', userId: id });
  return ok({ userId: id });
};

const issueToken: Handler<'user.issueToken'> = (ctx, a) => {
  if (ctx.store.users.get(a.userId) === undefined) return fail('noSuchUser');
  void ctx.store.tokens.issue(a.tokenKey, a.userId, Date.now());
  ctx.emit({ type: 'tokenIssued', userId: a.userId });
  return ok(null);
};

const revokeToken: Handler<'user.revokeToken'> = (ctx, a) => {
  const { store } = ctx;
  const keys = a.tokenKey !== null ? [a.tokenKey] : store.tokens.ofUser(a.userId);
  const revoked: string[] = [];
  for (const key of keys) {
    if (store.tokens.get(key)?.userId !== a.userId) continue;
    store.tokens.revoke(a.userId, key);
    revoked.push(key);
  }
  if (revoked.length > 0) ctx.emit({ type: 'tokensRevoked', userId: a.userId, tokenKeys: revoked });
  return ok(null);
};

/** Only replaces the hash the sign-in was checked against, so a password changed meanwhile stays changed. */
const rehashPassword: Handler<'user.rehashPassword'> = (ctx, a) => {
  if (ctx.store.accounts.passwordHash(a.userId) !== a.previousHash) return ok(null);
  void ctx.store.accounts.setPasswordHash(a.userId, a.passwordHash);
  ctx.emit({ type: 'passwordChanged', userId: a.userId });
  return ok(null);
};

/** The named profile fields of a patch, and nothing else. */
function profileFields(patch: ProfilePatch): ProfilePatch {
  const picked: Record<string, unknown> = {};
  for (const field of PROFILE_PATCH_FIELDS)
    if (Object.hasOwn(patch, field) && patch[field] !== undefined) picked[field] = patch[field];
  return picked as ProfilePatch;
}

/** The named settings of a patch, and nothing else. */
function settingsFields(patch: Partial<UserSettings>): Partial<UserSettings> {
  const picked: Record<string, unknown> = {};
  for (const field of USER_SETTINGS.keys)
    if (Object.hasOwn(patch, field) && patch[field as keyof UserSettings] !== undefined)
      picked[field] = patch[field as keyof UserSettings];
  return picked as Partial<UserSettings>;
}

/** Unlocking an account accepts every pending request, as Misskey does. Settings are stored apart from the record. */
type MediaFields = Pick<
  UserRecord,
  'avatarId' | 'avatarUrl' | 'avatarBlurhash' | 'bannerId' | 'bannerUrl' | 'bannerBlurhash'
>;

/**
 * The avatar or banner fields for a drive file (null: none): it must be the user's own image, as in
 * Misskey. It is shown by its thumbnail, else by its public version (domain's previewUrl).
 */
function mediaFields(
  ctx: ActorContext,
  userId: string,
  kind: 'avatar' | 'banner',
  fileId: string | null,
): Partial<MediaFields> | 'noSuchFile' | 'notAnImage' {
  const fields = (id: string | null, url: string | null, blurhash: string | null): Partial<MediaFields> =>
    kind === 'avatar'
      ? { avatarId: id, avatarUrl: url, avatarBlurhash: blurhash }
      : { bannerId: id, bannerUrl: url, bannerBlurhash: blurhash };
  if (fileId === null) return fields(null, null, null);
  const file = ctx.store.driveFiles.get(fileId);
  if (file === undefined || file.userId !== userId) return 'noSuchFile';
  if (!file.type.startsWith('image/')) return 'notAnImage';
  return fields(file.id, previewUrl(ctx.settings.url, file), file.blurhash);
}

const update: Handler<'user.update'> = (ctx, a) => {
  const user = ctx.store.users.get(a.userId);
  if (user === undefined) return fail('noSuchUser');
  const patch: Partial<UserRecord> = profileFields(a.patch);
  if (a.media?.avatarId !== undefined) {
    const avatar = mediaFields(ctx, a.userId, 'avatar', a.media.avatarId);
    if (avatar === 'noSuchFile') return fail('noSuchAvatar');
    if (avatar === 'notAnImage') return fail('avatarNotAnImage');
    Object.assign(patch, avatar);
  }
  if (a.media?.bannerId !== undefined) {
    const banner = mediaFields(ctx, a.userId, 'banner', a.media.bannerId);
    if (banner === 'noSuchFile') return fail('noSuchBanner');
    if (banner === 'notAnImage') return fail('bannerNotAnImage');
    Object.assign(patch, banner);
  }
  const { lite: _lite, ...rest } = user;
  const updated = { ...rest, ...patch };
  updateUser(ctx, updated);
  journalProfileUpdate(ctx, updated);
  indexUser(ctx.store, user, updated);
  const settings = settingsFields(a.settings ?? {});
  if (Object.keys(settings).length > 0)
    ctx.store.userSettings.set(a.userId, { ...ctx.store.userSettings.of(a.userId), ...settings });
  if (user.isLocked && patch.isLocked === false) acceptAllRequests(ctx, a.userId);
  return ok(null);
};

/** Pins one of the user's own notes to their profile, newest pin first (Misskey's order); the limit is checked first, as Misskey does. */
const pin: Handler<'user.pin'> = (ctx, a) => {
  const user = ctx.store.users.get(a.userId);
  if (user === undefined) return fail('noSuchUser');
  if (ctx.store.notes.get(a.noteId)?.userId !== a.userId) return fail('noSuchNote');
  if (user.pinnedNoteIds.length >= a.limit) return fail('pinLimitExceeded');
  if (user.pinnedNoteIds.includes(a.noteId)) return fail('alreadyPinned');
  const { lite: _lite, ...rest } = user;
  updateUser(ctx, { ...rest, pinnedNoteIds: [a.noteId, ...user.pinnedNoteIds] });
  return ok(null);
};

/** A deleted drive file stops being its owner's avatar or banner. */
export function forgetUserMedia(ctx: ActorContext, userId: string, fileId: string): void {
  const user = ctx.store.users.get(userId);
  if (user === undefined || (user.avatarId !== fileId && user.bannerId !== fileId)) return;
  const { lite: _lite, ...rest } = user;
  const cleared = { ...rest };
  if (user.avatarId === fileId) Object.assign(cleared, { avatarId: null, avatarUrl: null, avatarBlurhash: null });
  if (user.bannerId === fileId) Object.assign(cleared, { bannerId: null, bannerUrl: null, bannerBlurhash: null });
  updateUser(ctx, cleared);
}

/** Unpinning an own note that is not pinned changes nothing, as in Misskey. */
const unpin: Handler<'user.unpin'> = (ctx, a) => {
  const user = ctx.store.users.get(a.userId);
  if (user === undefined) return fail('noSuchUser');
  if (ctx.store.notes.get(a.noteId)?.userId !== a.userId) return fail('noSuchNote');
  unpinNote(ctx, user, a.noteId);
  return ok(null);
};

/** Drops a note from its author's pins (also when the note is deleted). */
export function unpinNote(ctx: ActorContext, user: UserRecord, noteId: string): void {
  if (!user.pinnedNoteIds.includes(noteId)) return;
  const { lite: _lite, ...rest } = user;
  updateUser(ctx, { ...rest, pinnedNoteIds: user.pinnedNoteIds.filter((id) => id !== noteId) });
}

const registrySet: Handler<'user.registrySet'> = (ctx, a) => {
  void ctx.store.registry.set({ userId: a.userId, domain: a.domain, scope: a.scope }, a.key, a.json);
  ctx.emit({ type: 'registryChanged', userId: a.userId, domain: a.domain, scope: a.scope, key: a.key });
  return ok(null);
};

const registryRemove: Handler<'user.registryRemove'> = (ctx, a) => {
  if (!ctx.store.registry.remove({ userId: a.userId, domain: a.domain, scope: a.scope }, a.key))
    return fail('noSuchKey');
  ctx.emit({ type: 'registryChanged', userId: a.userId, domain: a.domain, scope: a.scope, key: a.key });
  return ok(null);
};

/** Counts a day of activity once; a user deleted since the request is left alone. */
const markActive: Handler<'user.markActive'> = (ctx, a) => {
  if (ctx.store.users.get(a.userId) !== undefined && ctx.store.counts.markActive(a.userId, a.day))
    ctx.emit({ type: 'activeDayCounted', userId: a.userId, day: a.day });
  return ok(null);
};

function addCounts(ctx: ActorContext, userId: string, field: CounterName, delta: number): void {
  void ctx.store.counts.add(userId, field, delta);
}

/** Creates the follow edge and its indexes and counts. */
export function createFollow(
  ctx: ActorContext,
  followerId: string,
  followeeId: string,
  withReplies: boolean,
  edgeId = genId(),
): void {
  const { store } = ctx;
  store.follows.add(followerId, followeeId, { id: edgeId, withReplies, notify: 'none' });
  ctx.audiences.forget(followeeId);
  addFollowers(store, followeeId, 1);
  addCounts(ctx, followerId, 'followingCount', 1);
  ctx.emit({ type: 'followed', followerId, followeeId });
}

const follow: Handler<'user.follow'> = (ctx, a) => {
  const { store } = ctx;
  if (a.followerId === a.followeeId) return fail('followeeIsYourself');
  const followee = store.users.get(a.followeeId);
  if (followee === undefined || store.users.get(a.followerId) === undefined) return fail('noSuchUser');
  if (store.blocks.has(a.followerId, a.followeeId)) return fail('blocking');
  if (store.blocks.has(a.followeeId, a.followerId)) return fail('blocked');
  if (store.follows.has(a.followerId, a.followeeId)) return fail('alreadyFollowing');
  const followsBack = store.follows.has(a.followeeId, a.followerId);
  // a remote user's follow waits for their Accept (federation.md §5.6, item 24)
  const remote = followee.host !== null;
  if (remote || (followee.isLocked && !(followee.autoAcceptFollowed && followsBack))) {
    if (store.followRequests.has(a.followerId, a.followeeId)) return fail('alreadyFollowing');
    const requestId = genId();
    store.followRequests.add(a.followerId, a.followeeId, requestId, a.withReplies);
    if (remote) queueFollow(ctx, a.followerId, followee, requestId);
    ctx.emit({ type: 'followRequested', followerId: a.followerId, followeeId: a.followeeId });
    return ok({ state: 'requested' as const });
  }
  createFollow(ctx, a.followerId, a.followeeId, a.withReplies);
  return ok({ state: 'following' as const });
};

/** Removes a pending request; answers its id, or undefined when there was none. */
function removeRequest(ctx: ActorContext, followeeId: string, followerId: string): string | undefined {
  const requestId = ctx.store.followRequests.idOf(followerId, followeeId);
  if (requestId === undefined) return undefined;
  ctx.store.followRequests.remove(followerId, followeeId, requestId);
  return requestId;
}

/** Ends a follow, or else a pending request; answers the edge's or the request's id, or undefined when there was neither. */
export function endFollowOrRequest(ctx: ActorContext, followerId: string, followeeId: string): string | undefined {
  const { store } = ctx;
  const edge = store.follows.edge(followerId, followeeId);
  if (edge === undefined) {
    const requestId = removeRequest(ctx, followeeId, followerId);
    if (requestId !== undefined) ctx.emit({ type: 'followRequestCancelled', followerId, followeeId });
    return requestId;
  }
  store.follows.remove(followerId, followeeId, edge);
  ctx.audiences.forget(followeeId);
  addFollowers(store, followeeId, -1);
  addCounts(ctx, followerId, 'followingCount', -1);
  ctx.emit({ type: 'unfollowed', followerId, followeeId });
  return edge.id;
}

/** A local user's unfollow (or withdrawn request, or removed follower): a remote user on the other side is told. */
const unfollow: Handler<'user.unfollow'> = (ctx, a) => {
  const followId = endFollowOrRequest(ctx, a.followerId, a.followeeId);
  if (followId === undefined) return fail('notFollowing');
  queueFollowEnded(ctx, a.followerId, a.followeeId, followId);
  return ok(null);
};

/**
 * Accepts a pending request: it becomes a follow (with the request's withReplies) unless the follow
 * already exists. A local user's answer to a remote follower is queued as an Accept; a remote
 * followee's Accept (from the inbox) makes a follow whose id is the request's, which its Follow named
 * and its Undo will name.
 */
function acceptRequestOf(ctx: ActorContext, followeeId: string, followerId: string): boolean {
  const withReplies = ctx.store.followRequests.asksWithReplies(followerId, followeeId);
  const requestId = removeRequest(ctx, followeeId, followerId);
  if (requestId === undefined) return false;
  ctx.emit({ type: 'followAccepted', followerId, followeeId });
  const remoteFollowee = ctx.store.users.get(followeeId)?.host !== null;
  if (!ctx.store.follows.has(followerId, followeeId))
    createFollow(ctx, followerId, followeeId, withReplies, remoteFollowee ? requestId : genId());
  if (!remoteFollowee) queueAnswer(ctx, 'Accept', followeeId, followerId);
  return true;
}

function acceptAllRequests(ctx: ActorContext, followeeId: string): void {
  for (const followerId of ctx.store.followRequests.requesterIds(followeeId))
    acceptRequestOf(ctx, followeeId, followerId);
}

const acceptRequest: Handler<'user.acceptRequest'> = (ctx, a) => {
  return acceptRequestOf(ctx, a.followeeId, a.followerId) ? ok(null) : fail('noFollowRequest');
};

/** Rejecting a request that is not there is a no-op, as in Misskey. */
const rejectRequest: Handler<'user.rejectRequest'> = (ctx, a) => {
  if (ctx.store.users.get(a.followerId) === undefined) return fail('noSuchUser');
  if (removeRequest(ctx, a.followeeId, a.followerId) !== undefined) {
    ctx.emit({ type: 'followRejected', followerId: a.followerId, followeeId: a.followeeId });
    queueAnswer(ctx, 'Reject', a.followeeId, a.followerId);
  }
  return ok(null);
};

export const userHandlers = {
  'user.signup': signup,
  'user.issueToken': issueToken,
  'user.revokeToken': revokeToken,
  'user.rehashPassword': rehashPassword,
  'user.update': update,
  'user.markActive': markActive,
  'user.pin': pin,
  'user.unpin': unpin,
  'user.registrySet': registrySet,
  'user.registryRemove': registryRemove,
  'user.follow': follow,
  'user.unfollow': unfollow,
  'user.acceptRequest': acceptRequest,
  'user.rejectRequest': rejectRequest,
};

export { addCounts };
