/**
 * Notifications, made from the domain events of the command that caused them and written in its
 * transaction (event-reactions.ts), so a notification commits with its cause or not at all. Remote
 * activity arrives through the same commands (inbox → note.storeRemote, user.remoteFollow, note.react)
 * and notifies alike. Only local users are notified, never about themselves, never about someone they
 * block or mute or who blocks them, and only as their notificationRecieveConfig allows (Misskey's
 * NotificationService and NoteCreateService's NotificationManager).
 */
import { canSee, type DomainEvent, isPureRenote, viewerFor } from '../domain/index.js';
import { genId, type NoteRecord, type NotificationRecord, type NotificationType } from '../store/index.js';
import type { ActorContext } from './context.js';
import { ok } from './context.js';
import type { Handler } from './handler.js';
import { authorHost } from './note-create.js';

/** What a notification says besides its type; every field absent is stored as null. */
type NotificationFields = Partial<Omit<NotificationRecord, 'type'>>;

/** A record in the declared field order (store/records.ts NOTIFICATION), so it is stored by its shape. */
const notificationRecord = (type: NotificationType, f: NotificationFields): NotificationRecord => ({
  type,
  notifierId: f.notifierId ?? null,
  noteId: f.noteId ?? null,
  reaction: f.reaction ?? null,
  roleId: f.roleId ?? null,
  body: f.body ?? null,
  header: f.header ?? null,
  icon: f.icon ?? null,
});

/** Whether the recipient's notificationRecieveConfig lets a notification of `type` from `notifierId` through. */
function receives(ctx: ActorContext, recipientId: string, type: NotificationType, notifierId: string | null): boolean {
  const config = ctx.store.userSettings.of(recipientId).notificationRecieveConfig;
  const rule = Object.hasOwn(config, type) ? config[type] : undefined;
  if (rule === undefined || rule.type === 'all') return true;
  if (rule.type === 'never') return false;
  // the other rules are about the notifier: a notification without one passes them (as in Misskey)
  if (notifierId === null) return true;
  const { store } = ctx;
  switch (rule.type) {
    case 'following':
      return store.follows.has(recipientId, notifierId);
    case 'follower':
      return store.follows.has(notifierId, recipientId);
    case 'mutualFollow':
      return store.follows.has(recipientId, notifierId) && store.follows.has(notifierId, recipientId);
    case 'followingOrFollower':
      return store.follows.has(recipientId, notifierId) || store.follows.has(notifierId, recipientId);
    case 'list': {
      const list = rule.userListId === undefined ? undefined : store.userLists.get(rule.userListId);
      return list?.userId === recipientId && store.userLists.membership(list.id, notifierId) !== undefined;
    }
  }
}

/** Whether the relations between the two keep the notifier's notifications from the recipient. */
function isSilenced(ctx: ActorContext, recipientId: string, notifierId: string): boolean {
  const { store } = ctx;
  return (
    store.blocks.has(recipientId, notifierId) ||
    store.blocks.has(notifierId, recipientId) ||
    store.mutes.has(recipientId, notifierId, Date.now())
  );
}

/** Writes a notification for `recipientId` unless one of the rules above keeps it out. */
export function notify(ctx: ActorContext, recipientId: string, type: NotificationType, f: NotificationFields): void {
  const notifierId = f.notifierId ?? null;
  if (notifierId === recipientId) return;
  if (authorHost(ctx, recipientId) !== null) return;
  const { store } = ctx;
  if (store.accountStates.of(recipientId).deleted) return;
  if (notifierId !== null && isSilenced(ctx, recipientId, notifierId)) return;
  if (!receives(ctx, recipientId, type, notifierId)) return;
  const id = genId();
  store.notifications.add(recipientId, id, notificationRecord(type, f));
  ctx.emit({ type: 'notificationCreated', userId: recipientId, notificationId: id });
}

/**
 * A note (not a reply, not a direct one) of someone their followers asked to hear of (following/update
 * notify 'normal'): each such follower gets a `note` notification, besides any other this note makes
 * them (as in Misskey, where the two come from different places).
 */
function notifyFollowers(ctx: ActorContext, note: NoteRecord): void {
  for (const followerId of ctx.store.follows.notifiedFollowers(note.userId))
    if (canSee(note, viewerFor(ctx.store, followerId)))
      notify(ctx, followerId, 'note', { notifierId: note.userId, noteId: note.id });
}

/**
 * A new note's notifications: one per recipient, the strongest reason winning (a renote or quote of
 * theirs over a reply to them over a mention, as Misskey's NotificationManager does), each only if the
 * recipient may read the note and has not muted the thread it is in.
 */
function noteCreated(ctx: ActorContext, noteId: string): void {
  const { store } = ctx;
  const note = store.notes.get(noteId);
  if (note === undefined) return;
  if (note.poll?.expiresAt != null) store.pollEnds.add({ expiresAt: note.poll.expiresAt, noteId });
  if (note.replyId === null && note.visibility !== 'specified' && store.follows.hasNotifiedFollowers(note.userId))
    notifyFollowers(ctx, note);
  // most notes reply to, renote and mention no one: they cost this read and a key probe
  if (note.replyUserId === null && note.renoteUserId === null && note.mentions.length === 0) return;
  const reasons = new Map<string, { type: NotificationType; threadId: string }>();
  for (const mentioned of note.mentions) reasons.set(mentioned, { type: 'mention', threadId: note.threadId });
  if (note.replyUserId !== null) reasons.set(note.replyUserId, { type: 'reply', threadId: note.threadId });
  if (note.renoteUserId !== null && note.renoteId !== null) {
    const renoted = store.notes.get(note.renoteId);
    if (renoted !== undefined)
      reasons.set(renoted.userId, { type: isPureRenote(note) ? 'renote' : 'quote', threadId: renoted.threadId });
  }
  for (const [recipientId, { type, threadId }] of reasons) {
    if (recipientId === note.userId || store.threadMutes.has(recipientId, threadId)) continue;
    if (!canSee(note, viewerFor(store, recipientId))) continue;
    notify(ctx, recipientId, type, { notifierId: note.userId, noteId: note.id });
  }
}

function noteReacted(ctx: ActorContext, noteId: string, reactorId: string, reaction: string): void {
  const note: NoteRecord | undefined = ctx.store.notes.get(noteId);
  if (note === undefined) return;
  notify(ctx, note.userId, 'reaction', { notifierId: reactorId, noteId, reaction });
}

/**
 * A poll ended (its time scheduled in store.pollEnds came): its author and every voter are told, once
 * (the schedule entry goes in the same commit). A voter hears of it from the author, so their mutes,
 * blocks and receive config apply; the author's own is from no one.
 */
const pollEnded: Handler<'notification.pollEnded'> = (ctx, a) => {
  const { store } = ctx;
  if (!store.pollEnds.remove(a)) return ok(null);
  const note = store.notes.get(a.noteId);
  if (note === undefined || note.poll?.expiresAt !== a.expiresAt) return ok(null);
  notify(ctx, note.userId, 'pollEnded', { noteId: note.id });
  const viewerOf = (userId: string) => viewerFor(store, userId);
  for (const voterId of store.pollVotes.voterIds(note.id))
    if (voterId !== note.userId && canSee(note, viewerOf(voterId)))
      notify(ctx, voterId, 'pollEnded', { notifierId: note.userId, noteId: note.id });
  return ok(null);
};

/** Misskey notifies a role's assignment only for public roles. */
function roleAssigned(ctx: ActorContext, roleId: string, userId: string): void {
  if (ctx.store.roles.get(roleId)?.isPublic === true) notify(ctx, userId, 'roleAssigned', { roleId });
}

/**
 * Misskey has no notification type for a resolved report (it can email the reporter), so the reporter
 * is told with an `app` notification, which every Misskey client shows with its header and body.
 */
function reportResolved(ctx: ActorContext, reportId: string): void {
  const report = ctx.store.abuseReports.get(reportId);
  if (report === undefined) return;
  const target = ctx.store.users.get(report.targetUserId);
  const who = target === undefined ? 'a user' : `@${target.username}${target.host === null ? '' : `@${target.host}`}`;
  const outcome = report.resolvedAs === 'accept' ? 'the moderators took action' : 'the moderators took no action';
  notify(ctx, report.reporterId, 'app', {
    header: 'Report resolved',
    body: `Your report about ${who} was resolved: ${outcome}.`,
  });
}

/** A remote note's edit may move its poll's end: the new one is scheduled (the old one, when it comes, no longer matches). */
function noteUpdated(ctx: ActorContext, noteId: string): void {
  const expiresAt = ctx.store.notes.get(noteId)?.poll?.expiresAt;
  if (expiresAt != null) ctx.store.pollEnds.add({ expiresAt, noteId });
}

/** The notifications one domain event makes (most make none). */
export function notifyFor(ctx: ActorContext, event: DomainEvent): void {
  switch (event.type) {
    case 'noteCreated':
      noteCreated(ctx, event.noteId);
      break;
    case 'noteReacted':
      noteReacted(ctx, event.noteId, event.userId, event.reaction);
      break;
    case 'noteUpdated':
      noteUpdated(ctx, event.noteId);
      break;
    case 'followed':
      notify(ctx, event.followeeId, 'follow', { notifierId: event.followerId });
      break;
    case 'followRequested':
      notify(ctx, event.followeeId, 'receiveFollowRequest', { notifierId: event.followerId });
      break;
    case 'followAccepted':
      notify(ctx, event.followerId, 'followRequestAccepted', { notifierId: event.followeeId });
      break;
    case 'roleAssigned':
      roleAssigned(ctx, event.roleId, event.userId);
      break;
    case 'abuseReportResolved':
      reportResolved(ctx, event.reportId);
      break;
    // a deleted account's notifications go with it (it is never notified again: notify checks)
    case 'accountDeleted':
      ctx.store.notifications.flush(event.userId);
      break;
  }
}

/**
 * Marks all of the user's notifications read. `always` reports it even when nothing was unread
 * (notifications/mark-all-as-read, as Misskey's forced read does).
 */
const markRead: Handler<'notification.markRead'> = (ctx, a) => {
  const newest = ctx.store.notifications.newestId(a.userId);
  const moved = newest !== undefined && ctx.store.notifications.markReadUpTo(a.userId, newest);
  if (moved || a.always) ctx.emit({ type: 'notificationsRead', userId: a.userId });
  return ok(null);
};

const flush: Handler<'notification.flush'> = (ctx, a) => {
  ctx.store.notifications.flush(a.userId);
  ctx.emit({ type: 'notificationsRead', userId: a.userId });
  return ok(null);
};

/** An app's notification to the user whose token it holds (notifications/create). */
const createAppNotification: Handler<'notification.create'> = (ctx, a) => {
  notify(ctx, a.userId, 'app', { body: a.body, header: a.header, icon: a.icon });
  return ok(null);
};

const testNotification: Handler<'notification.test'> = (ctx, a) => {
  notify(ctx, a.userId, 'test', {});
  return ok(null);
};

export const notificationHandlers = {
  'notification.markRead': markRead,
  'notification.flush': flush,
  'notification.create': createAppNotification,
  'notification.test': testNotification,
  'notification.pollEnded': pollEnded,
};
