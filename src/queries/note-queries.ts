/**
 * The note lists every client API reads, as pages of cached decoded notes the viewer may read, in
 * Misskey's order: the client API only renders them. Every list shares one filter (visibleNotes):
 * index flags first, then the cached note and whether the viewer may read it. Indexes are read
 * straight from LMDB (reads need no ordering, and LMDB gives every thread a consistent snapshot);
 * home timelines come from their timeline actors (home-timeline.ts).
 */

import type { Mailboxes } from '../actors/index.js';
import {
  canSee,
  involvesAccounts,
  isHiddenFor,
  isPureRenote,
  isReplyToOthers,
  type NoteContext,
  type Viewer,
  type ViewerRelations,
} from '../domain/index.js';
import {
  ChildKind,
  type Decoded,
  NoteFlag,
  type NoteRecord,
  type PageParams,
  pageBounds,
  type Store,
  type Visibility,
} from '../store/index.js';
import { homePage, hybridPage } from './home-timeline.js';
import type { ReadCaches } from './read-caches.js';

/** What a note list keeps, beyond visibility. */
export interface NoteFilter {
  withRenotes: boolean;
  /** Notes with files only. */
  withFiles: boolean;
  /** Keep a reply only if this says so (undefined: keep every reply). */
  reply?: (note: NoteRecord) => boolean;
}

/** The viewer's relations when they can hide anything, else null (the common case: no filtering at all). */
function relationsOf(caches: ReadCaches, viewer: Viewer | null): ViewerRelations | null {
  if (viewer === null) return null;
  const relations = caches.relations.of(viewer.id);
  return relations.hidesNothing ? null : relations;
}

/** Whether the viewer's blocks and mutes hide a note listed in `context` (domain's isHiddenFor). */
function hidden(caches: ReadCaches, relations: ViewerRelations, note: NoteRecord, context: NoteContext): boolean {
  const renoted = note.renoteId === null ? undefined : caches.notes.get(note.renoteId);
  return isHiddenFor(note, relations, context, renoted);
}

/**
 * Whether a list of `context` shows the note to the viewer, pure renotes aside (the lists test those by
 * index flags): visibility, the list's filter, hidden accounts, blocks and mutes. Every list, and every
 * live stream, asks this.
 */
function shows(
  caches: ReadCaches,
  viewer: Viewer | null,
  relations: ViewerRelations | null,
  note: NoteRecord,
  filter: NoteFilter,
  context: NoteContext,
): boolean {
  if (!canSee(note, viewer)) return false;
  // the note itself, not index flags: a file deleted since is no longer in it
  if (filter.withFiles && note.fileIds.length === 0) return false;
  if (note.replyId !== null && filter.reply !== undefined && !filter.reply(note)) return false;
  const hiddenAccounts = caches.accounts.hidden;
  if (hiddenAccounts.size !== 0 && involvesAccounts(note, hiddenAccounts)) return false;
  return relations === null || !hidden(caches, relations, note, context);
}

/** An accept function for the store's page walks, answering the cached note; rendering is left to the client API. */
function visibleNotes(caches: ReadCaches, viewer: Viewer | null, filter: NoteFilter, context: NoteContext) {
  const relations = relationsOf(caches, viewer);
  return (id: string, flags: number | true): Decoded<NoteRecord> | undefined => {
    const bits = flags === true ? 0 : flags;
    if (!filter.withRenotes && (bits & NoteFlag.pureRenote) !== 0) return undefined;
    const entry = caches.notes.entry(id);
    if (entry === undefined || !shows(caches, viewer, relations, entry.value, filter, context)) return undefined;
    return entry;
  };
}

/** Misskey's rule for replies in local and hybrid timelines: only to oneself or to the viewer, unless withReplies. */
const replyRule = (viewer: Viewer | null, withReplies: boolean) => (note: NoteRecord) =>
  withReplies || !isReplyToOthers(note, viewer?.id ?? null);

/** One page: Misskey's paging params and how many notes to answer. */
export interface Page extends PageParams {
  limit: number;
}

/** A timeline filter that also says whether replies to others are kept. */
export interface TimelineFilter extends NoteFilter {
  withReplies: boolean;
}

type Notes = Decoded<NoteRecord>[];

export class NoteQueries {
  constructor(
    private readonly store: Store,
    private readonly mailboxes: Mailboxes,
    readonly caches: ReadCaches,
    private readonly homeTimelineMax: number,
  ) {}

  /** The viewer's home timeline: themselves and those they follow (materialised on write). */
  home(viewer: Viewer, page: Page, filter: NoteFilter): Promise<Notes> {
    return homePage(this.mailboxes, viewer.id, page, page.limit, visibleNotes(this.caches, viewer, filter, 'home'));
  }

  /** The viewer's home timeline merged with the local one. */
  hybrid(viewer: Viewer, page: Page, filter: TimelineFilter): Promise<Notes> {
    const accept = visibleNotes(this.caches, viewer, filter, 'hybrid');
    return hybridPage(
      this.store,
      this.mailboxes,
      this.homeTimelineMax,
      viewer.id,
      page,
      page.limit,
      accept,
      replyRule(viewer, filter.withReplies),
    );
  }

  /**
   * A user list's timeline: its members' notes merged by id, read lazily up to the page. A member's
   * reply to someone else shows only when their membership says `withReplies`; replies to themselves
   * and to the viewer always do (Misskey's reply rule, per membership instead of per request).
   */
  userList(viewer: Viewer, listId: string, page: Page, filter: NoteFilter): Notes {
    const withReplies = new Map<string, boolean>();
    for (const member of this.store.userLists.members(listId)) withReplies.set(member.id, member.value.withReplies);
    const accept = visibleNotes(
      this.caches,
      viewer,
      {
        withRenotes: filter.withRenotes,
        withFiles: filter.withFiles,
        reply: (note) => withReplies.get(note.userId) === true || !isReplyToOthers(note, viewer.id),
      },
      'list',
    );
    return this.store.noteIndexes.usersNotePage([...withReplies.keys()], page, page.limit, accept);
  }

  /**
   * A role's timeline (roles/notes): the public notes of its members, merged by id and read lazily up
   * to the page, filtered like the other timelines.
   */
  role(viewer: Viewer, memberIds: readonly string[], page: Page): Notes {
    const accept = visibleNotes(this.caches, viewer, ANY_NOTE, 'list');
    return this.store.noteIndexes.usersNotePage([...memberIds], page, page.limit, (id, flags) => {
      const entry = accept(id, flags);
      return entry?.value.visibility === 'public' ? entry : undefined;
    });
  }

  /** Public notes of this instance's users. */
  local(viewer: Viewer | null, page: Page, filter: TimelineFilter): Notes {
    const accept = visibleNotes(
      this.caches,
      viewer,
      {
        withRenotes: filter.withRenotes,
        withFiles: filter.withFiles,
        reply: replyRule(viewer, filter.withReplies),
      },
      'local',
    );
    return this.store.noteIndexes.localPage(page, page.limit, accept);
  }

  /** Every public note this instance knows, local and remote. */
  global(viewer: Viewer | null, page: Page, filter: NoteFilter): Notes {
    return this.store.noteIndexes.globalPage(page, page.limit, visibleNotes(this.caches, viewer, filter, 'global'));
  }

  /** Notes that mention the viewer or are addressed to them, optionally of one visibility or by those they follow. */
  mentions(viewer: Viewer, page: Page, only: { visibility?: Visibility; following: boolean }): Notes {
    const accept = visibleNotes(this.caches, viewer, ANY_NOTE, 'mentions');
    return this.store.noteIndexes.mentionPage(viewer.id, page, page.limit, (id) => {
      const note = this.store.notes.get(id);
      if (note === undefined) return undefined;
      if (only.visibility !== undefined && note.visibility !== only.visibility) return undefined;
      if (only.following && !this.store.follows.has(viewer.id, note.userId)) return undefined;
      return accept(id, 0);
    });
  }

  /** The children of a note of the given kinds (replies, quotes). */
  children(viewer: Viewer | null, noteId: string, page: Page, kinds: readonly ChildKind[]): Notes {
    const accept = visibleNotes(this.caches, viewer, ANY_NOTE, 'notes');
    return this.store.noteIndexes.childPage(noteId, page, page.limit, (id, kind) =>
      kinds.includes(kind) ? accept(id, 0) : undefined,
    );
  }

  /** Renotes and quotes of a note, optionally by one user or of one kind. */
  renotes(
    viewer: Viewer | null,
    noteId: string,
    page: Page,
    only: { userId?: string; type?: 'all' | 'renote' | 'quote' },
  ): Notes {
    const accept = visibleNotes(this.caches, viewer, ANY_NOTE, 'notes');
    const quotes = only.type === 'quote';
    return this.store.noteIndexes.renotePage(noteId, page, page.limit, (id, userId) => {
      if (only.userId !== undefined && userId !== only.userId) return undefined;
      if (
        only.type !== undefined &&
        only.type !== 'all' &&
        (this.store.noteIndexes.childKind(noteId, id) === ChildKind.quote) !== quotes
      )
        return undefined;
      return accept(id, 0);
    });
  }

  /**
   * Notes carrying every tag of one of the groups (`[[a, b], [c]]`: a and b, or c), in Misskey's page
   * order: each group walks its first tag's notes, and the pages of several groups are merged.
   */
  tagged(viewer: Viewer | null, groups: readonly (readonly string[])[], page: Page, only: TagFilter): Notes {
    const accept = visibleNotes(this.caches, viewer, { withRenotes: true, withFiles: only.withFiles }, 'notes');
    const keeps = (note: NoteRecord) =>
      (only.reply === undefined || (note.replyId !== null) === only.reply) &&
      (only.renote === undefined || (note.renoteId !== null) === only.renote) &&
      (only.poll === undefined || (note.poll !== null) === only.poll);
    const { hashtags } = this.store;
    const pages = groups.map(([first, ...rest]) =>
      hashtags.notePage(first!, page, page.limit, (id, flags) => {
        if (!rest.every((tag) => hashtags.hasNote(tag, id))) return undefined;
        const entry = accept(id, flags);
        return entry !== undefined && keeps(entry.value) ? entry : undefined;
      }),
    );
    if (pages.length === 1) return pages[0]!;
    const ascending = pageBounds(page).ascending;
    const merged = new Map(pages.flat().map((entry) => [entry.value.id, entry]));
    return [...merged.values()].sort((a, b) => (a.value.id < b.value.id === ascending ? -1 : 1)).slice(0, page.limit);
  }

  /**
   * notes/search: local notes holding every word of the query (store/note-search-index.ts), newest
   * first, optionally by one user; `offset` skips that many of the notes the viewer may read.
   */
  search(viewer: Viewer | null, query: string, page: Page, only: { userId: string | null; offset: number }): Notes {
    const accept = visibleNotes(this.caches, viewer, ANY_NOTE, 'notes');
    let skipped = 0;
    return this.store.noteSearch.page(query, page, page.limit, (id) => {
      const entry = accept(id, 0);
      if (entry === undefined || (only.userId !== null && entry.value.userId !== only.userId)) return undefined;
      if (skipped < only.offset) {
        skipped++;
        return undefined;
      }
      return entry;
    });
  }

  /**
   * A user's notes, newest first. Like Misskey's user timeline, replies to oneself (threads) count as
   * the user's own posts; other replies only with `withReplies`.
   */
  userNotes(viewer: Viewer | null, userId: string, page: Page, filter: TimelineFilter): Notes {
    const relations = relationsOf(this.caches, viewer);
    // Misskey answers [] when the user blocks the viewer
    if (relations?.blockedBy.has(userId)) return [];
    const hiddenAccounts = this.caches.accounts.hidden;
    return this.store.noteIndexes.userNotePage(userId, page, page.limit, (noteId, flags) => {
      if (!filter.withRenotes && (flags & NoteFlag.pureRenote) !== 0) return undefined;
      if (filter.withFiles && (flags & NoteFlag.files) === 0) return undefined;
      const entry = this.caches.notes.entry(noteId);
      if (entry === undefined || !canSee(entry.value, viewer)) return undefined;
      if (filter.withFiles && entry.value.fileIds.length === 0) return undefined;
      if ((flags & NoteFlag.reply) !== 0 && !filter.withReplies && entry.value.replyUserId !== entry.value.userId)
        return undefined;
      if (hiddenAccounts.size !== 0 && involvesAccounts(entry.value, hiddenAccounts)) return undefined;
      if (relations !== null && hidden(this.caches, relations, entry.value, 'user')) return undefined;
      return entry;
    });
  }

  /** The notes a drive file is attached to (drive/files/attached-notes), in Misskey's page order. */
  attachedTo(viewer: Viewer | null, fileId: string, page: Page): Notes {
    const accept = visibleNotes(this.caches, viewer, ANY_NOTE, 'notes');
    return this.store.driveFiles.attachedPage(fileId, page, page.limit, (id) => accept(id, 0));
  }

  /**
   * Whether a note just written reaches the viewer on a live list of `context` (a streaming channel):
   * the very rule of the lists above.
   */
  streams(viewer: Viewer | null, note: NoteRecord, filter: NoteFilter, context: NoteContext): boolean {
    if (!filter.withRenotes && isPureRenote(note)) return false;
    return shows(this.caches, viewer, relationsOf(this.caches, viewer), note, filter, context);
  }

  /** The reply rule of local and hybrid timelines (Misskey's withReplies request parameter). */
  replyRule(viewer: Viewer | null, withReplies: boolean): (note: NoteRecord) => boolean {
    return replyRule(viewer, withReplies);
  }

  /**
   * The reply rule of a home timeline, as its actor applies it when it materialises the timeline: a
   * reply to someone else only from followees whose follow says withReplies.
   */
  homeReplyRule(viewer: Viewer): (note: NoteRecord) => boolean {
    return (note) =>
      !isReplyToOthers(note, viewer.id) || this.store.follows.edge(viewer.id, note.userId)?.withReplies === true;
  }

  /** What hides notes from a viewer (their blocks and mutes), for lists and pushes outside these queries. */
  relationsOf(userId: string): ViewerRelations {
    return this.caches.relations.of(userId);
  }
}

/** What notes/search-by-tag keeps: replies, renotes, polls only (true) or none of them (false); undefined: either. */
export interface TagFilter {
  reply?: boolean;
  renote?: boolean;
  poll?: boolean;
  withFiles: boolean;
}

/** Lists that keep renotes and have no file filter. */
const ANY_NOTE: NoteFilter = { withRenotes: true, withFiles: false };
