/**
 * The events that go to one user's sockets: the `main` channel (follows, mentions, replies, renotes,
 * profile and drive changes) and the `drive` channel, with Misskey's event names and packs.
 */
import { type DomainEvent, isPureRenote, viewerFor } from '../../domain/index.js';
import type { NoteRecord } from '../../store/index.js';
import type { CallDeps } from '../endpoint.js';
import { packFile, packFolder } from '../render/drive-file.js';
import { NoteRenderer } from '../render/note-renderer.js';
import { renderNotification } from '../render/notification.js';
import { meDetailed, userDetailed } from '../render/user.js';
import type { Connection } from './connection.js';
import { channelMessage } from './timelines.js';

/** Notes on the main channel (mention, reply, renote) are judged like notes/mentions lists them. */
const ANY_NOTE = { withRenotes: true, withFiles: false };

/** How long a new notification waits before `unreadNotification` says it is still unread (Misskey's 2 s). */
const UNREAD_AFTER_MS = 2000;

export class UserEvents {
  /** The timers of `unreadNotification`s to come, per user (a read of them all cancels them). */
  private readonly unreadTimers = new Map<string, Set<NodeJS.Timeout>>();

  constructor(
    private readonly deps: CallDeps,
    private readonly connectionsOf: (userId: string) => ReadonlySet<Connection> | undefined,
  ) {}

  /** Sends `type` with the body `render` makes (once, only if someone has the channel) on each of the user's `kind` channels. */
  private send(userId: string, kind: 'main' | 'drive', type: string, render: () => string | undefined): void {
    const connections = this.connectionsOf(userId);
    if (connections === undefined) return;
    let body: string | undefined;
    for (const connection of connections)
      for (const channel of connection.channels.values()) {
        if (channel.kind !== kind) continue;
        body ??= render();
        if (body === undefined) return;
        connection.send(channelMessage(channel.id, type, body));
      }
  }

  /** mention, reply and renote, to the local users they concern who may read the note and do not hide it. */
  noteCreated(note: NoteRecord): void {
    const author = note.userId;
    const tell = (userId: string, type: string) => {
      if (userId === author || this.connectionsOf(userId) === undefined) return;
      const viewer = viewerFor(this.deps.store, userId);
      if (!this.deps.queries.streams(viewer, note, ANY_NOTE, 'mentions')) return;
      this.send(userId, 'main', type, () =>
        new NoteRenderer(this.deps.store, viewer, this.deps.queries.caches).renderRecord(note),
      );
    };
    if (note.replyUserId !== null) tell(note.replyUserId, 'reply');
    if (note.renoteUserId !== null && isPureRenote(note)) tell(note.renoteUserId, 'renote');
    for (const userId of note.mentions) if (userId !== note.replyUserId) tell(userId, 'mention');
  }

  apply(event: DomainEvent): void {
    const { store, config } = this.deps;
    switch (event.type) {
      case 'followed':
        this.send(
          event.followeeId,
          'main',
          'followed',
          () => this.deps.queries.caches.users.get(event.followerId)?.lite,
        );
        this.send(event.followerId, 'main', 'follow', () => this.detailed(event.followeeId, event.followerId));
        return;
      case 'unfollowed':
        this.send(event.followerId, 'main', 'unfollow', () => this.detailed(event.followeeId, event.followerId));
        return;
      case 'followRequested':
        this.send(
          event.followeeId,
          'main',
          'receiveFollowRequest',
          () => this.deps.queries.caches.users.get(event.followerId)?.lite,
        );
        return;
      case 'userUpdated':
        this.send(event.userId, 'main', 'meUpdated', () => {
          const user = this.deps.queries.caches.users.get(event.userId);
          return user === undefined ? undefined : JSON.stringify(meDetailed(store, user, this.deps.roles.of(user.id)));
        });
        return;
      case 'notificationCreated':
        this.notificationCreated(event.userId, event.notificationId);
        return;
      case 'notificationsRead':
        for (const timer of this.unreadTimers.get(event.userId) ?? []) clearTimeout(timer);
        this.unreadTimers.delete(event.userId);
        this.send(event.userId, 'main', 'readAllNotifications', () => 'null');
        return;
      case 'driveFileCreated':
      case 'driveFileUpdated': {
        const file = () => {
          const record = store.driveFiles.get(event.fileId);
          return record === undefined ? undefined : JSON.stringify(packFile(config.url, record, { self: true }));
        };
        const type = event.type === 'driveFileCreated' ? 'fileCreated' : 'fileUpdated';
        this.send(event.userId, 'drive', type, file);
        if (event.type === 'driveFileCreated') this.send(event.userId, 'main', 'driveFileCreated', file);
        return;
      }
      case 'driveFileDeleted':
        this.send(event.userId, 'drive', 'fileDeleted', () => JSON.stringify(event.fileId));
        return;
      case 'driveFolderCreated':
      case 'driveFolderUpdated': {
        const type = event.type === 'driveFolderCreated' ? 'folderCreated' : 'folderUpdated';
        this.send(event.userId, 'drive', type, () => {
          const folder = store.driveFolders.get(event.folderId);
          return folder === undefined ? undefined : JSON.stringify(packFolder(folder));
        });
        return;
      }
      case 'driveFolderDeleted':
        this.send(event.userId, 'drive', 'folderDeleted', () => JSON.stringify(event.folderId));
        return;
      default:
        return;
    }
  }

  /** `notification` now, and `unreadNotification` in 2 s if it is still unread then (and the user still connected). */
  private notificationCreated(userId: string, notificationId: string): void {
    if (this.connectionsOf(userId) === undefined) return;
    const { store, queries } = this.deps;
    const render = () => renderNotification(store, queries.caches, userId, notificationId);
    this.send(userId, 'main', 'notification', render);
    const timers = this.unreadTimers.get(userId) ?? new Set();
    this.unreadTimers.set(userId, timers);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (timers.size === 0) this.unreadTimers.delete(userId);
      const lastRead = store.notifications.lastReadId(userId);
      if (lastRead !== undefined && lastRead >= notificationId) return;
      this.send(userId, 'main', 'unreadNotification', render);
    }, UNREAD_AFTER_MS);
    timer.unref();
    timers.add(timer);
  }

  /** Stops the timers (the server is stopping). */
  close(): void {
    for (const timers of this.unreadTimers.values()) for (const timer of timers) clearTimeout(timer);
    this.unreadTimers.clear();
  }

  /** UserDetailedNotMe of `userId` as `viewerId` sees it. */
  private detailed(userId: string, viewerId: string): string | undefined {
    const user = this.deps.queries.caches.users.get(userId);
    if (user === undefined) return undefined;
    return JSON.stringify(userDetailed(this.deps.store, user, viewerId, this.deps.roles.of(userId)));
  }
}
