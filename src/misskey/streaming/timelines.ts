/**
 * New notes out to the timeline channels. A note is rendered once (no viewer, Misskey's skipHide) and
 * published to uWS topics keyed by what a channel takes and the client's channel id, which misskey-js
 * numbers 1, 2, 3… on every socket: so one publish per (author, channel id, filter) reaches every
 * follower riding topics with the same bytes, and no socket is looped over in JS. Two cases are judged
 * per channel instead, with the HTTP timelines' own rule (NoteQueries.streams): channels whose user
 * hides something (blocks, mutes), and notes whose readers differ (specified notes, replies to others,
 * notes quoting or replying to a note not everyone may read).
 */
import { involvesAccounts, isPureRenote, type NoteContext, type Viewer, viewerFor } from '../../domain/index.js';
import type { Publisher } from '../../gateway/index.js';
import type { NoteFilter, NoteQueries } from '../../queries/index.js';
import type { NoteRecord, Store } from '../../store/index.js';
import { NoteRenderer } from '../render/note-renderer.js';
import type { TimelineChannel } from './connection.js';
import { PacedPublisher, shardTopic } from './paced-publish.js';

/** Channel ids that topics are kept for (misskey-js' are short numbers); others are judged per note. */
const TOPIC_ID = /^[A-Za-z0-9_-]{1,16}$/;
/** Topic variants per kind: each note is published once per variant, so a client cannot make that grow. */
const MAX_VARIANTS = 64;

type TopicKind = 'home' | 'hybrid' | 'local' | 'global';

interface Variant {
  id: string;
  withRenotes: boolean;
  withFiles: boolean;
  channels: number;
}

/** `{type:'channel', body:{id, type, body}}` around a JSON body. */
export const channelMessage = (id: string, type: string, body: string) =>
  `{"type":"channel","body":{"id":${JSON.stringify(id)},"type":${JSON.stringify(type)},"body":${body}}}`;

const add = <K, V>(map: Map<K, Set<V>>, key: K, value: V) => {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
};

const remove = <K, V>(map: Map<K, Set<V>>, key: K, value: V) => {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
};

const visibleToAll = (note: NoteRecord | undefined) =>
  note === undefined || note.visibility === 'public' || note.visibility === 'home';

export class TimelineFanout {
  /** Home, hybrid and list channels by each author whose notes they take. */
  private readonly byAuthor = new Map<string, Set<TimelineChannel>>();
  /** The same, for channels judged per note only. */
  private readonly judgedByAuthor = new Map<string, Set<TimelineChannel>>();
  /** Local, hybrid and global channels: every public note concerns them. */
  private readonly publicChannels = new Set<TimelineChannel>();
  private readonly judgedPublic = new Set<TimelineChannel>();
  /** List channels by list, to follow membership changes. */
  private readonly byList = new Map<string, Set<TimelineChannel>>();
  private readonly variants: Record<TopicKind, Map<string, Variant>> = {
    home: new Map(),
    hybrid: new Map(),
    local: new Map(),
    global: new Map(),
  };

  constructor(
    private readonly store: Store,
    private readonly queries: NoteQueries,
    publisher: Publisher,
  ) {
    this.paced = new PacedPublisher(publisher);
  }

  private readonly paced: PacedPublisher;

  /** Starts delivering to a channel (its authors and topics read now). */
  add(channel: TimelineChannel): void {
    channel.authors = this.authorsOf(channel);
    channel.variant = this.variantFor(channel);
    const kind = topicKind(channel);
    if (channel.variant !== null && kind !== null) {
      const key = channel.variant;
      const topics: string[] = [];
      if (kind === 'home') for (const author of channel.authors.keys()) topics.push(`h:${author}:${key}`);
      if (kind === 'hybrid') for (const author of channel.authors.keys()) topics.push(`y:${author}:${key}`);
      if (kind === 'hybrid') topics.push(`Y:${key}`);
      if (kind === 'local') topics.push(`l:${key}`);
      if (kind === 'global') topics.push(`g:${key}`);
      const shard = channel.connection.shard;
      channel.topics = topics.map((topic) => shardTopic(topic, shard));
      for (const topic of channel.topics) channel.connection.socket?.subscribe(topic);
    }
    const judged = channel.variant === null;
    for (const author of channel.authors.keys()) {
      add(this.byAuthor, author, channel);
      if (judged) add(this.judgedByAuthor, author, channel);
    }
    if (channel.kind === 'localTimeline' || channel.kind === 'hybridTimeline' || channel.kind === 'globalTimeline') {
      this.publicChannels.add(channel);
      if (judged) this.judgedPublic.add(channel);
    }
    if (channel.listId !== null) add(this.byList, channel.listId, channel);
  }

  /** Stops delivering to a channel. */
  remove(channel: TimelineChannel): void {
    for (const topic of channel.topics) channel.connection.socket?.unsubscribe(topic);
    channel.topics = [];
    for (const author of channel.authors.keys()) {
      remove(this.byAuthor, author, channel);
      remove(this.judgedByAuthor, author, channel);
    }
    this.publicChannels.delete(channel);
    this.judgedPublic.delete(channel);
    if (channel.listId !== null) remove(this.byList, channel.listId, channel);
    const kind = topicKind(channel);
    if (channel.variant !== null && kind !== null) {
      const variants = this.variants[kind];
      const variant = variants.get(channel.variant);
      if (variant !== undefined && --variant.channels === 0) variants.delete(channel.variant);
    }
    channel.variant = null;
  }

  /** Reads a channel's authors and relations again (a follow, a mute, a block changed them). */
  refresh(channel: TimelineChannel): void {
    this.remove(channel);
    this.add(channel);
  }

  /** The list channels of a list (its members changed). */
  listChannels(listId: string): readonly TimelineChannel[] {
    return [...(this.byList.get(listId) ?? [])];
  }

  /** A committed new note, out to every channel that takes it. */
  noteCreated(note: NoteRecord): void {
    const { caches } = this.queries;
    const hiddenAccounts = caches.accounts.hidden;
    if (hiddenAccounts.size !== 0 && involvesAccounts(note, hiddenAccounts)) return;
    const reply = note.replyId === null ? undefined : caches.notes.get(note.replyId);
    const renote = note.renoteId === null ? undefined : caches.notes.get(note.renoteId);
    // whether one rendering is right for every reader: nothing in it is hidden from anyone who may read the note
    const shareable = visibleToAll(reply) && visibleToAll(renote);
    let shared: string | undefined;
    const sharedJson = () => {
      shared ??= new NoteRenderer(this.store, null, caches, true).renderRecord(note);
      return shared;
    };
    const sameForAll =
      shareable && note.visibility !== 'specified' && (note.replyId === null || note.replyUserId === note.userId);
    if (sameForAll) this.publish(note, sharedJson);
    const authorChannels = (sameForAll ? this.judgedByAuthor : this.byAuthor).get(note.userId);
    const publicChannels = note.visibility === 'public' ? (sameForAll ? this.judgedPublic : this.publicChannels) : null;
    if (authorChannels === undefined && (publicChannels === null || publicChannels.size === 0)) return;
    const judged = new Set<TimelineChannel>();
    const judge = (channel: TimelineChannel) => {
      if (judged.has(channel)) return;
      judged.add(channel);
      const userId = channel.connection.userId;
      const viewer = userId === null ? null : viewerFor(this.store, userId);
      if (!this.takes(channel, viewer, note)) return;
      const json = shareable ? sharedJson() : new NoteRenderer(this.store, viewer, caches).renderRecord(note);
      channel.connection.send(channelMessage(channel.id, 'note', json));
    };
    if (authorChannels !== undefined) for (const channel of authorChannels) judge(channel);
    if (publicChannels !== null) for (const channel of publicChannels) judge(channel);
  }

  /**
   * One publish per topic variant whose filter keeps the note and that someone is subscribed to (paced:
   * paced-publish.ts); the note is rendered only then (most notes have no follower online).
   */
  private publish(note: NoteRecord, json: () => string): void {
    const pureRenote = isPureRenote(note);
    const hasFiles = note.fileIds.length > 0;
    const localPublic = note.visibility === 'public' && note.userHost === null;
    const send = (kind: TopicKind, topicOf: (key: string) => string) => {
      for (const [key, variant] of this.variants[kind]) {
        if (pureRenote && !variant.withRenotes) continue;
        if (variant.withFiles && !hasFiles) continue;
        this.paced.publish(topicOf(key), () => channelMessage(variant.id, 'note', json()));
      }
    };
    send('home', (key) => `h:${note.userId}:${key}`);
    // a local public note reaches every hybrid channel through one topic, a followee's other notes through the author's
    if (localPublic) send('hybrid', (key) => `Y:${key}`);
    else send('hybrid', (key) => `y:${note.userId}:${key}`);
    if (localPublic) send('local', (key) => `l:${key}`);
    if (note.visibility === 'public') send('global', (key) => `g:${key}`);
  }

  /** Whether the channel takes the note for its viewer: the rule of the HTTP timeline of the same name. */
  private takes(channel: TimelineChannel, viewer: Viewer | null, note: NoteRecord): boolean {
    const { queries } = this;
    const base = { withRenotes: channel.withRenotes, withFiles: channel.withFiles };
    const localPublic = note.visibility === 'public' && note.userHost === null;
    const follows = channel.authors.has(note.userId);
    const sees = (filter: NoteFilter, context: NoteContext) => queries.streams(viewer, note, filter, context);
    switch (channel.kind) {
      case 'homeTimeline':
        return viewer !== null && follows && sees({ ...base, reply: queries.homeReplyRule(viewer) }, 'home');
      case 'hybridTimeline':
        return (
          (viewer !== null && follows && sees({ ...base, reply: queries.homeReplyRule(viewer) }, 'hybrid')) ||
          (localPublic && sees({ ...base, reply: queries.replyRule(viewer, channel.withReplies) }, 'hybrid'))
        );
      case 'localTimeline':
        return localPublic && sees({ ...base, reply: queries.replyRule(viewer, channel.withReplies) }, 'local');
      case 'globalTimeline':
        return note.visibility === 'public' && sees(base, 'global');
      case 'userList': {
        if (viewer === null || !follows) return false;
        const memberReplies = channel.authors.get(note.userId) === true;
        return sees({ ...base, reply: memberReplies ? undefined : queries.replyRule(viewer, false) }, 'list');
      }
    }
  }

  /** Whose notes a channel takes: followees and self, or the list's members (with their membership's withReplies). */
  private authorsOf(channel: TimelineChannel): Map<string, boolean> {
    const userId = channel.connection.userId;
    const authors = new Map<string, boolean>();
    if (userId === null) return authors;
    if (channel.kind === 'homeTimeline' || channel.kind === 'hybridTimeline') {
      authors.set(userId, false);
      for (const followee of this.store.following.of(userId)) authors.set(followee, false);
    } else if (channel.kind === 'userList' && channel.listId !== null) {
      for (const member of this.store.userLists.members(channel.listId))
        authors.set(member.id, member.value.withReplies);
    }
    return authors;
  }

  /** The topic variant a channel can ride, or null when it must be judged per note. */
  private variantFor(channel: TimelineChannel): string | null {
    const kind = topicKind(channel);
    if (kind === null || !TOPIC_ID.test(channel.id)) return null;
    const userId = channel.connection.userId;
    if (userId !== null && !this.queries.relationsOf(userId).hidesNothing) return null;
    const key = `${channel.id}.${channel.withRenotes ? 1 : 0}${channel.withFiles ? 1 : 0}`;
    const variants = this.variants[kind];
    let variant = variants.get(key);
    if (variant === undefined) {
      if (variants.size >= MAX_VARIANTS) return null;
      variant = { id: channel.id, withRenotes: channel.withRenotes, withFiles: channel.withFiles, channels: 0 };
      variants.set(key, variant);
    }
    variant.channels++;
    return key;
  }
}

function topicKind(channel: TimelineChannel): TopicKind | null {
  switch (channel.kind) {
    case 'homeTimeline':
      return 'home';
    case 'hybridTimeline':
      return 'hybrid';
    case 'localTimeline':
      return 'local';
    case 'globalTimeline':
      return 'global';
    case 'userList':
      return null;
  }
}
