/**
 * The one rule for which notes a viewer's blocks and mutes hide, and where (Misskey's
 * FanoutTimelineEndpointService, QueryService and misc/is-user-related): every list of notes in every
 * client API asks `isHiddenFor`, with a `ViewerRelations` snapshot built once per viewer.
 */
import type { NoteRecord, Store } from '../store/index.js';
import { isPureRenote } from './notes.js';
import { compileWordMutes, hasWordMutes, matchesWordMutes, type WordMutes } from './word-mutes.js';

/** Where a note is being listed: Misskey applies each kind of mute to some of these only. */
export type NoteContext =
  | 'home'
  | 'local'
  | 'hybrid'
  | 'global'
  | 'list'
  /** A user's own notes (users/notes): muting the author does not hide them there. */
  | 'user'
  | 'mentions'
  /** Lists about one note or a search: children, replies, renotes, conversation, search results. */
  | 'notes';

const TIMELINES: ReadonlySet<NoteContext> = new Set(['home', 'local', 'hybrid', 'global', 'list']);

/** What hides notes from one viewer, read once and kept until one of its relations changes. */
export interface ViewerRelations {
  readonly userId: string;
  /** Users the viewer blocks: their notes leave the viewer's mentions only (timelines show them, as Misskey's do); user directories leave them out. */
  readonly blocking: ReadonlySet<string>;
  /** Users who block the viewer: their notes, and notes replying to or renoting them, are hidden everywhere. */
  readonly blockedBy: ReadonlySet<string>;
  readonly muting: ReadonlySet<string>;
  /** Users whose pure renotes are hidden from the viewer's timelines. */
  readonly renoteMuting: ReadonlySet<string>;
  /** Reply threads (root note ids) hidden from the viewer's timelines and mentions. */
  readonly mutedThreads: ReadonlySet<string>;
  /** Soft word mutes: Misskey's clients collapse such notes, the server shows them; kept for clients of the snapshot. */
  readonly mutedWords: WordMutes;
  /** Hard word mutes: matching notes (other than the viewer's own) are hidden server-side. */
  readonly hardMutedWords: WordMutes;
  readonly mutedInstances: ReadonlySet<string>;
  /** When (ms) the earliest mute in the snapshot ends, after which it must be read again. */
  readonly validUntil: number;
  /** Whether nothing in the snapshot can hide a note, so lists skip the filter (the common case). */
  readonly hidesNothing: boolean;
}

/** Reads a viewer's relations from the store as they stand at `now` (ms). */
export function readViewerRelations(store: Store, userId: string, now: number): ViewerRelations {
  const user = store.users.get(userId);
  const mutes = store.mutes.of(userId, now);
  let validUntil = Number.POSITIVE_INFINITY;
  for (const { expiresAt } of mutes) if (expiresAt !== null && expiresAt < validUntil) validUntil = expiresAt;
  const relations = {
    userId,
    blocking: new Set(store.blocks.of(userId)),
    blockedBy: new Set(store.blocks.blockersOf(userId)),
    muting: new Set(mutes.map((m) => m.muteeId)),
    renoteMuting: new Set(store.renoteMutes.of(userId)),
    mutedThreads: new Set(store.threadMutes.of(userId)),
    mutedWords: compileWordMutes(user?.mutedWords ?? []),
    hardMutedWords: compileWordMutes(user?.hardMutedWords ?? []),
    mutedInstances: new Set((user?.mutedInstances ?? []).map((host) => host.toLowerCase())),
    validUntil,
  };
  const hidesNothing =
    relations.blocking.size === 0 &&
    relations.blockedBy.size === 0 &&
    relations.muting.size === 0 &&
    relations.renoteMuting.size === 0 &&
    relations.mutedThreads.size === 0 &&
    relations.mutedInstances.size === 0 &&
    !hasWordMutes(relations.hardMutedWords);
  return { ...relations, hidesNothing };
}

/**
 * Misskey's isUserRelated: whether the note's author (unless `ignoreAuthor`), or the author of the note
 * it replies to or renotes (when someone else), is one of `userIds`.
 */
function involves(note: NoteRecord, userIds: ReadonlySet<string>, ignoreAuthor: boolean): boolean {
  if (userIds.size === 0) return false;
  if (!ignoreAuthor && userIds.has(note.userId)) return true;
  if (note.replyUserId !== null && note.replyUserId !== note.userId && userIds.has(note.replyUserId)) return true;
  return note.renoteUserId !== null && note.renoteUserId !== note.userId && userIds.has(note.renoteUserId);
}

/**
 * Whether a note is hidden from the viewer in a list of `context`. `renoted` is the note a pure renote
 * renotes, whose text is what word mutes test (a pure renote has none of its own); omit it otherwise.
 */
export function isHiddenFor(
  note: NoteRecord,
  viewer: ViewerRelations,
  context: NoteContext,
  renoted?: NoteRecord,
): boolean {
  if (viewer.hidesNothing) return false;
  if (involves(note, viewer.blockedBy, false)) return true;
  if (involves(note, viewer.muting, context === 'user')) return true;
  if (context === 'mentions' && viewer.blocking.has(note.userId)) return true;
  if (note.userHost !== null && viewer.mutedInstances.has(note.userHost)) return true;
  const timeline = TIMELINES.has(context);
  if (timeline && viewer.renoteMuting.has(note.userId) && isPureRenote(note)) return true;
  if ((timeline || context === 'mentions') && viewer.mutedThreads.has(note.threadId)) return true;
  if (!hasWordMutes(viewer.hardMutedWords)) return false;
  const shown = renoted !== undefined && isPureRenote(note) ? renoted : note;
  return shown.userId !== viewer.userId && matchesWordMutes(shown, viewer.hardMutedWords);
}

/**
 * Whether a note is by, replies to or renotes one of `accounts`: the suspended and deleted accounts,
 * whose notes leave every list for everyone.
 */
export const involvesAccounts = (note: NoteRecord, accounts: ReadonlySet<string>): boolean =>
  involves(note, accounts, false);

/** Whether either user blocks the other, from the viewer's side (user directories leave such users out). */
export const blocksEitherWay = (viewer: ViewerRelations, userId: string) =>
  viewer.blocking.has(userId) || viewer.blockedBy.has(userId);
