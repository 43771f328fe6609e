/**
 * Misskey's stream (`/streaming`) over the gateway's WebSockets: the upgrade's token, the client's
 * frames (channels, watched notes), and the domain events of each committed batch out to the sockets
 * they concern, in one pass per batch on the gateway thread (Mailboxes.onEvents, after the read caches
 * have forgotten what the batch changed).
 */
import { canSee, type DomainEvent, viewerFor } from '../../domain/index.js';
import type { Publisher, SocketHandler, SocketHead, StreamSocket, UpgradeDecision } from '../../gateway/index.js';
import { logger } from '../../log/index.js';
import { tokenKey } from '../../store/index.js';
import type { CallDeps } from '../endpoint.js';
import {
  type Channel,
  Connection,
  isTimeline,
  MAX_CHANNELS,
  MAX_WATCHED_NOTES,
  type TimelineChannel,
} from './connection.js';
import { type ClientFrame, flag, parseFrame } from './frames.js';
import { TimelineFanout } from './timelines.js';
import { UserEvents } from './user-events.js';

const log = logger('stream');

/** Longest token looked up (as the API's pipeline). */
const MAX_TOKEN_LENGTH = 256;

const noteTopic = (noteId: string) => `n:${noteId}`;

/** `{type:'noteUpdated', body:{id, type, body}}`. */
const noteUpdated = (noteId: string, type: string, body: object) =>
  JSON.stringify({ type: 'noteUpdated', body: { id: noteId, type, body } });

export class StreamHub implements SocketHandler<Connection> {
  /** Open connections of signed-in users. */
  private readonly byUser = new Map<string, Set<Connection>>();
  private publisher: Publisher | null = null;
  private timelines: TimelineFanout | null = null;
  private readonly userEvents: UserEvents;

  constructor(private readonly deps: CallDeps) {
    this.userEvents = new UserEvents(deps, (userId) => this.byUser.get(userId));
    deps.mailboxes.onEvents((events) => this.dispatch(events));
  }

  /** The gateway's publisher for the route, once it is registered. */
  attach(publisher: Publisher): void {
    this.publisher = publisher;
    this.timelines = new TimelineFanout(this.deps.store, this.deps.queries, publisher);
  }

  upgrade(head: SocketHead): UpgradeDecision<Connection> {
    let token: string | null = null;
    if (head.authorization.startsWith('Bearer ')) token = head.authorization.slice(7);
    else token = new URLSearchParams(head.query).get('i');
    if (token === null || token === '') return { accept: new Connection(null, null) };
    const signedIn = this.authenticate(token);
    if (signedIn === 'refused')
      return {
        refuse: 401,
        headers: { 'WWW-Authenticate': 'Bearer realm="Misskey", error="invalid_token"' },
      };
    if (signedIn === 'suspended') return { refuse: 403 };
    return { accept: new Connection(signedIn.userId, signedIn.tokenKey) };
  }

  open(socket: StreamSocket, connection: Connection): void {
    connection.socket = socket;
    if (connection.userId !== null) this.track(connection);
  }

  message(_socket: StreamSocket, connection: Connection, text: string): void {
    const frame = parseFrame(text);
    if (frame !== null) this.handle(connection, frame);
  }

  close(_socket: StreamSocket, connection: Connection): void {
    for (const channel of connection.channels.values()) this.dropChannel(channel);
    connection.channels.clear();
    connection.notes.clear();
    if (connection.userId !== null) {
      const set = this.byUser.get(connection.userId);
      set?.delete(connection);
      if (set?.size === 0) this.byUser.delete(connection.userId);
    }
  }

  /** Closes every socket (the server is stopping: clients reconnect elsewhere or later). */
  closeAll(): void {
    this.userEvents.close();
    this.publisher?.closeAll(1001, 'server stopping');
  }

  /** readNotification: every notification of the user read, as notifications/mark-all-as-read does. */
  private markNotificationsRead(userId: string): void {
    this.deps.mailboxes.send({ op: 'notification.markRead', args: { userId, always: true } }, userId).then(
      (reply) => {
        if (!reply.ok) log.warn({ error: reply.error }, 'readNotification: the notifications were not marked read');
      },
      (err: unknown) => log.warn({ err }, 'readNotification: the notifications were not marked read'),
    );
  }

  private authenticate(token: string): { userId: string; tokenKey: string } | 'refused' | 'suspended' {
    if (token.length > MAX_TOKEN_LENGTH) return 'refused';
    const { caches } = this.deps.queries;
    const key = tokenKey(token);
    const record = caches.tokens.get(key);
    if (record === undefined || caches.users.get(record.userId) === undefined) return 'refused';
    if (caches.accounts.isSuspended(record.userId) || caches.accounts.isDeleted(record.userId)) return 'suspended';
    return { userId: record.userId, tokenKey: key };
  }

  private track(connection: Connection): void {
    const userId = connection.userId!;
    const set = this.byUser.get(userId);
    if (set === undefined) this.byUser.set(userId, new Set([connection]));
    else set.add(connection);
  }

  private handle(connection: Connection, frame: ClientFrame): void {
    switch (frame.type) {
      case 'connect':
        this.connect(connection, frame);
        return;
      case 'disconnect': {
        const channel = connection.channels.get(frame.id);
        if (channel === undefined) return;
        connection.channels.delete(frame.id);
        this.dropChannel(channel);
        return;
      }
      case 'subNote':
        this.watch(connection, frame.id);
        return;
      case 'unsubNote': {
        const count = connection.notes.get(frame.id);
        if (count === undefined) return;
        if (count > 1) connection.notes.set(frame.id, count - 1);
        else {
          connection.notes.delete(frame.id);
          connection.socket?.unsubscribe(noteTopic(frame.id));
        }
        return;
      }
      case 'readNotification':
        if (connection.userId !== null) this.markNotificationsRead(connection.userId);
        return;
      // no channel takes messages from the client
      case 'channel':
        return;
    }
  }

  private connect(connection: Connection, frame: Extract<ClientFrame, { type: 'connect' }>): void {
    // the seed's clients sign in with the first connect instead of the URL
    if (frame.token !== null && connection.userId === null) {
      const signedIn = this.authenticate(frame.token);
      if (typeof signedIn === 'string') {
        connection.socket?.end(4001, 'authentication failed');
        return;
      }
      connection.userId = signedIn.userId;
      connection.tokenKey = signedIn.tokenKey;
      this.track(connection);
    }
    const previous = connection.channels.get(frame.id);
    if (previous === undefined && connection.channels.size >= MAX_CHANNELS) return;
    if (!connection.mayConnect()) return;
    const channel = this.channelFor(connection, frame);
    if (channel === null) return;
    if (previous !== undefined) this.dropChannel(previous);
    connection.channels.set(frame.id, channel);
    if (isTimeline(channel)) this.timelines?.add(channel);
    if (frame.pong) connection.send(JSON.stringify({ type: 'connected', body: { id: frame.id } }));
  }

  /** The channel a connect asks for, or null when it names none this user may open (ignored, as Misskey does). */
  private channelFor(connection: Connection, frame: Extract<ClientFrame, { type: 'connect' }>): Channel | null {
    const { userId } = connection;
    const { id, params } = frame;
    const timeline = (kind: TimelineChannel['kind'], listId: string | null = null): TimelineChannel => ({
      kind,
      id,
      connection,
      withRenotes: flag(params, 'withRenotes', true),
      withFiles: flag(params, 'withFiles', false),
      withReplies: flag(params, 'withReplies', false),
      listId,
      variant: null,
      topics: [],
      authors: new Map(),
    });
    const policies = () => this.deps.roles.policiesOf(userId);
    switch (frame.channel) {
      case 'main':
      case 'drive':
        return userId === null ? null : { kind: frame.channel, id, connection };
      case 'homeTimeline':
        return userId === null ? null : timeline('homeTimeline');
      case 'hybridTimeline':
        return userId === null || !policies().ltlAvailable ? null : timeline('hybridTimeline');
      case 'localTimeline':
        return policies().ltlAvailable ? timeline('localTimeline') : null;
      case 'globalTimeline':
        return policies().gtlAvailable ? timeline('globalTimeline') : null;
      case 'userList': {
        const listId = params.listId;
        if (userId === null || typeof listId !== 'string' || listId.length > 64) return null;
        const list = this.deps.store.userLists.get(listId);
        return list?.userId === userId ? timeline('userList', listId) : null;
      }
      default:
        return null;
    }
  }

  private dropChannel(channel: Channel): void {
    if (isTimeline(channel)) this.timelines?.remove(channel);
  }

  /** subNote: the note's updates, if the socket's user may read it (watching is counted, as Misskey counts it). */
  private watch(connection: Connection, noteId: string): void {
    const count = connection.notes.get(noteId);
    if (count !== undefined) {
      connection.notes.set(noteId, Math.min(count + 1, MAX_WATCHED_NOTES));
      return;
    }
    if (connection.notes.size >= MAX_WATCHED_NOTES) return;
    const note = this.deps.queries.caches.notes.get(noteId);
    const viewer = connection.userId === null ? null : viewerFor(this.deps.store, connection.userId);
    if (note === undefined || !canSee(note, viewer)) return;
    connection.notes.set(noteId, 1);
    connection.socket?.subscribe(noteTopic(noteId));
  }

  /** One batch's events, in commit order. */
  private dispatch(events: readonly DomainEvent[]): void {
    if (this.publisher === null) return;
    for (const event of events) {
      try {
        this.apply(event);
      } catch (err) {
        log.error({ err, event: event.type }, 'a stream event could not be delivered');
      }
    }
  }

  private apply(event: DomainEvent): void {
    const publisher = this.publisher!;
    switch (event.type) {
      case 'noteCreated': {
        const note = this.deps.queries.caches.notes.get(event.noteId);
        if (note === undefined) return;
        this.timelines!.noteCreated(note);
        this.userEvents.noteCreated(note);
        return;
      }
      case 'noteReacted':
        publisher.publish(
          noteTopic(event.noteId),
          noteUpdated(event.noteId, 'reacted', { reaction: event.reaction, emoji: null, userId: event.userId }),
        );
        return;
      case 'noteUnreacted':
        publisher.publish(
          noteTopic(event.noteId),
          noteUpdated(event.noteId, 'unreacted', { reaction: event.reaction, userId: event.userId }),
        );
        return;
      case 'pollVoted':
        publisher.publish(
          noteTopic(event.noteId),
          noteUpdated(event.noteId, 'pollVoted', { choice: event.choice, userId: event.userId }),
        );
        return;
      case 'noteDeleted':
        publisher.publish(
          noteTopic(event.noteId),
          noteUpdated(event.noteId, 'deleted', { deletedAt: new Date().toISOString() }),
        );
        return;
      case 'followed':
      case 'unfollowed':
        this.refreshTimelines(event.followerId);
        this.userEvents.apply(event);
        return;
      case 'blocked':
      case 'unblocked':
        this.refreshTimelines(event.userId);
        this.refreshTimelines(event.targetId);
        return;
      case 'muted':
      case 'unmuted':
      case 'renoteMuted':
      case 'renoteUnmuted':
      case 'threadMuted':
      case 'threadUnmuted':
        this.refreshTimelines(event.userId);
        return;
      case 'userUpdated':
        // word mutes and muted instances are profile settings
        this.refreshTimelines(event.userId);
        this.userEvents.apply(event);
        return;
      case 'listMemberAdded':
      case 'listMemberRemoved':
      case 'listMemberUpdated':
      case 'userListDeleted':
        for (const channel of this.timelines!.listChannels(event.listId)) this.timelines!.refresh(channel);
        return;
      case 'tokensRevoked': {
        const revoked = new Set(event.tokenKeys);
        for (const connection of [...(this.byUser.get(event.userId) ?? [])])
          if (connection.tokenKey !== null && revoked.has(connection.tokenKey))
            connection.socket?.end(4002, 'token revoked');
        return;
      }
      case 'accountSuspended':
      case 'accountDeleted':
        for (const connection of [...(this.byUser.get(event.userId) ?? [])])
          connection.socket?.end(4003, 'account suspended');
        return;
      default:
        this.userEvents.apply(event);
    }
  }

  private refreshTimelines(userId: string): void {
    const connections = this.byUser.get(userId);
    if (connections === undefined) return;
    for (const connection of connections)
      for (const channel of connection.channels.values()) if (isTimeline(channel)) this.timelines!.refresh(channel);
  }
}
