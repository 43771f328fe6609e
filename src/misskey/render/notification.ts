/**
 * Stored notifications as misskey-js' packed `Notification`, for their recipient: the one rendering
 * i/notifications, i/notifications-grouped and the streaming `main` channel share. A notification
 * whose user or note is gone, whose note the recipient may no longer read, or whose notifier the
 * recipient now mutes or blocks (or whose host they mute) renders as nothing, as Misskey leaves them out.
 */
import { viewerFor } from '../../domain/index.js';
import type { ReadCaches } from '../../queries/index.js';
import { idDate, type NotificationRecord, type Store } from '../../store/index.js';
import { NoteRenderer } from './note-renderer.js';
import { packRole } from './role.js';

/** Renders one recipient's notifications (and, for the grouped list, the notes and users they name). */
export class NotificationRenderer {
  readonly notes: NoteRenderer;

  constructor(
    private readonly store: Store,
    private readonly caches: ReadCaches,
    readonly recipientId: string,
    notes?: NoteRenderer,
  ) {
    this.notes = notes ?? new NoteRenderer(store, viewerFor(store, recipientId), caches);
  }

  /** Whether the notifier is someone the recipient no longer hears from (a mute, a block, a muted host). */
  private silenced(notifierId: string): boolean {
    const relations = this.caches.relations.of(this.recipientId);
    if (relations.muting.has(notifierId) || relations.blocking.has(notifierId) || relations.blockedBy.has(notifierId))
      return true;
    const host = this.caches.users.get(notifierId)?.host ?? null;
    return host !== null && relations.mutedInstances.has(host);
  }

  /** The note's JSON as its recipient sees it, or undefined when it is gone or hidden from them. */
  noteJson(noteId: string): string | undefined {
    const note = this.caches.notes.get(noteId);
    if (note === undefined || !this.notes.visible(note)) return undefined;
    return this.notes.render(noteId, true);
  }

  /** The note a renote renotes, if the renote is still there. */
  renotedBy(noteId: string): string | undefined {
    return this.caches.notes.get(noteId)?.renoteId ?? undefined;
  }

  /** Whether the notification would render (its user and note exist and are shown to the recipient). */
  shows(n: NotificationRecord): boolean {
    if (n.notifierId !== null && (this.caches.users.get(n.notifierId) === undefined || this.silenced(n.notifierId)))
      return false;
    if (n.noteId !== null) {
      const note = this.caches.notes.get(n.noteId);
      if (note === undefined || !this.notes.visible(note)) return false;
    }
    return true;
  }

  /** The packed Notification as JSON text, or undefined when it is not shown (see `shows`). */
  render(id: string, n: NotificationRecord): string | undefined {
    if (!this.shows(n)) return undefined;
    let json = `{"id":${JSON.stringify(id)},"createdAt":"${idDate(id)}","type":${JSON.stringify(n.type)}`;
    if (n.notifierId !== null)
      json += `,"user":${this.notes.userLite(n.notifierId)},"userId":${JSON.stringify(n.notifierId)}`;
    if (n.noteId !== null) {
      const note = this.notes.render(n.noteId, true);
      if (note === undefined) return undefined;
      json += `,"note":${note}`;
    }
    switch (n.type) {
      case 'reaction':
        json += `,"reaction":${JSON.stringify(n.reaction ?? '')}`;
        break;
      case 'followRequestAccepted':
        json += ',"message":null';
        break;
      case 'roleAssigned': {
        const role = n.roleId === null ? undefined : this.store.roles.get(n.roleId);
        if (role === undefined) return undefined;
        json += `,"role":${JSON.stringify(packRole(role, this.store.roles.memberCount(role.id)))}`;
        break;
      }
      case 'app':
        json += `,"body":${JSON.stringify(n.body ?? '')},"header":${JSON.stringify(n.header)},"icon":${JSON.stringify(n.icon)}`;
        break;
    }
    return `${json}}`;
  }
}

/**
 * One stored notification of `recipientId`'s as Misskey's packed Notification (JSON text), or
 * undefined when it is gone or not shown: what the streaming `main` channel sends as `notification`.
 */
export function renderNotification(
  store: Store,
  caches: ReadCaches,
  recipientId: string,
  notificationId: string,
): string | undefined {
  const stored = store.notifications.get(recipientId, notificationId);
  if (stored === undefined) return undefined;
  return new NotificationRenderer(store, caches, recipientId).render(notificationId, stored);
}
