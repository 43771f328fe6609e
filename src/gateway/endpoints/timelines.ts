/**
 * Timelines and note lists, rendered on the gateway thread by splicing stored JSON fragments. Indexes
 * are read straight from LMDB (no mailbox: reads need no ordering and LMDB gives every thread a
 * consistent snapshot); home timelines live in their timeline actor's memory, so their ids come from
 * a `timeline.page` message.
 */
import { Type } from '@sinclair/typebox';
import {
  ChildKind,
  type Decoded,
  entryFlags,
  entryId,
  NoteFlag,
  type NoteRecord,
  type PageEntry,
  type PageParams,
  pageBounds,
} from '../../store/index.js';
import { type CallContext, endpoint, type WrittenJson } from '../endpoint.js';
import { ApiError, endpointErrors as E, endpointMeta as M } from '../errors.js';
import { Id, NotesSchema, noteList, Paging, Params } from './common.js';

const WithRenotes = Type.Boolean({ default: true });
const WithFiles = Type.Boolean({ default: false });
const WithReplies = Type.Boolean({ default: false });

/** What a timeline keeps, beyond visibility. */
interface Filter {
  withRenotes: boolean;
  /** Notes with files only (there are no files yet, so nothing qualifies). */
  withFiles: boolean;
  /** Keep a reply only if this says so (undefined: keep every reply). */
  reply?: (note: NoteRecord) => boolean;
}

/** An accept function for page(): flags-level filtering first, then load and visibility; rendering waits for the response (`noteList`). */
function accepter(ctx: CallContext, filter: Filter) {
  const renderer = ctx.renderer();
  return (id: string, flags: number | true): Decoded<NoteRecord> | undefined => {
    const bits = flags === true ? 0 : flags;
    if (filter.withFiles) return undefined;
    if (!filter.withRenotes && (bits & NoteFlag.pureRenote) !== 0) return undefined;
    const entry = ctx.caches.notes.entry(id);
    if (entry === undefined || !renderer.visible(entry.value)) return undefined;
    if (entry.value.replyId !== null && filter.reply !== undefined && !filter.reply(entry.value)) return undefined;
    return entry;
  };
}

/** Misskey's rule for replies in local/hybrid timelines: only to oneself or to the viewer, unless withReplies. */
const replyRule = (ctx: CallContext, withReplies: boolean) => (note: NoteRecord) =>
  withReplies || note.replyUserId === note.userId || (ctx.user !== null && note.replyUserId === ctx.user.id);

/** Most entries one `timeline.page` round asks for (a materialised timeline holds about a thousand). */
const HOME_ROUND_MAX = 1024;

/** A page of the caller's home timeline ids from its timeline actor, in Misskey's order. */
async function homeEntries(
  ctx: CallContext,
  params: PageParams,
  limit: number,
): Promise<{ entries: PageEntry<number>[]; more: boolean }> {
  const { since, until, ascending } = pageBounds(params);
  const userId = ctx.user!.id;
  const page = await ctx.call(
    { op: 'timeline.page', args: { userId, since: since ?? null, until: until ?? null, ascending, limit } },
    userId,
  );
  return { entries: page.entries.map((e) => ({ id: entryId(e), value: entryFlags(e) })), more: page.more };
}

/**
 * Walks the home timeline, asking its actor for more (twice as many each round) until `limit` notes
 * pass `accept` or the timeline ends: entries that became invisible (an unfollow, a deletion) are
 * skipped, and a page is short only when no older visible note is left, which is what clients read `[]` as.
 */
async function homePage(
  ctx: CallContext,
  params: PageParams,
  limit: number,
  accept: (id: string, flags: number) => Decoded<NoteRecord> | undefined,
): Promise<Decoded<NoteRecord>[]> {
  const out: Decoded<NoteRecord>[] = [];
  const { since, ascending } = pageBounds(params);
  let cursor: PageParams = params;
  for (let round = 0; ; round++) {
    const want = Math.min(HOME_ROUND_MAX, (limit - out.length) * 2 ** round + 5);
    const { entries, more } = await homeEntries(ctx, cursor, want);
    for (const { id, value } of entries) {
      const entry = accept(id, value);
      if (entry === undefined) continue;
      out.push(entry);
      if (out.length >= limit) return out;
    }
    if (!more || entries.length === 0) return out;
    const last = entries[entries.length - 1]!.id;
    cursor =
      ascending || since === undefined
        ? { [ascending ? 'sinceId' : 'untilId']: last }
        : { sinceId: since, untilId: last };
  }
}

export const homeTimeline = endpoint({
  name: 'notes/timeline',
  description: 'Your home timeline: you and the people you follow (materialised on write).',
  ...M['notes/timeline'],
  params: Params({
    ...Paging,
    withRenotes: WithRenotes,
    withFiles: WithFiles,
    includeMyRenotes: Type.Boolean({ default: true }),
    includeRenotedMyNotes: Type.Boolean({ default: true }),
    includeLocalRenotes: Type.Boolean({ default: true }),
    allowPartial: Type.Boolean({ default: false }),
  }),
  res: NotesSchema,
  async handler(p, ctx) {
    return noteList(ctx, await homePage(ctx, p, p.limit, accepter(ctx, p)));
  },
});

export const localTimeline = endpoint({
  name: 'notes/local-timeline',
  description: "Public notes of this instance's users.",
  ...M['notes/local-timeline'],
  params: Params({
    ...Paging,
    withRenotes: WithRenotes,
    withFiles: WithFiles,
    withReplies: WithReplies,
    allowPartial: Type.Boolean({ default: false }),
  }),
  res: NotesSchema,
  handler(p, ctx) {
    if (p.withReplies && p.withFiles) throw new ApiError(E['notes/local-timeline'].bothWithRepliesAndWithFiles);
    return noteList(
      ctx,
      ctx.store.noteIndexes.localPage(p, p.limit, accepter(ctx, { ...p, reply: replyRule(ctx, p.withReplies) })),
    );
  },
});

export const hybridTimeline = endpoint({
  name: 'notes/hybrid-timeline',
  description: 'Social timeline: your home timeline merged with the local one.',
  ...M['notes/hybrid-timeline'],
  params: Params({
    ...Paging,
    withRenotes: WithRenotes,
    withFiles: WithFiles,
    withReplies: WithReplies,
    allowPartial: Type.Boolean({ default: false }),
  }),
  res: NotesSchema,
  async handler(p, ctx) {
    if (p.withReplies && p.withFiles) throw new ApiError(E['notes/hybrid-timeline'].bothWithRepliesAndWithFiles);
    const accept = accepter(ctx, p);
    const replies = replyRule(ctx, p.withReplies);
    // a window of the home timeline, widened until the merge no longer runs past its end
    for (let window = p.limit * 2 + 10; ; window *= 4) {
      const home = await homeEntries(ctx, p, window);
      const inHome = new Set(home.entries.map((e) => e.id));
      const boundary = home.more ? home.entries[home.entries.length - 1]!.id : undefined;
      const { ascending } = pageBounds(p);
      let pastWindow = false;
      const notes = ctx.store.noteIndexes.localPageMergedWith(home.entries, p, p.limit, (id, flags) => {
        if (boundary !== undefined && (ascending ? id > boundary : id < boundary)) {
          pastWindow = true;
          return undefined;
        }
        if ((flags & NoteFlag.reply) !== 0 && !inHome.has(id)) {
          const note = ctx.store.notes.get(id);
          if (note === undefined || !replies(note)) return undefined;
        }
        return accept(id, flags);
      });
      if (!pastWindow || window >= 4 * ctx.config.homeTimelineMax) return noteList(ctx, notes);
    }
  },
});

export const globalTimeline = endpoint({
  name: 'notes/global-timeline',
  description: 'Every public note this instance knows, local and remote.',
  ...M['notes/global-timeline'],
  params: Params({
    ...Paging,
    withRenotes: WithRenotes,
    withFiles: WithFiles,
    allowPartial: Type.Boolean({ default: false }),
  }),
  res: NotesSchema,
  handler(p, ctx) {
    return noteList(ctx, ctx.store.noteIndexes.globalPage(p, p.limit, accepter(ctx, p)));
  },
});

export const mentions = endpoint({
  name: 'notes/mentions',
  description: 'Notes that mention you or are addressed to you.',
  ...M['notes/mentions'],
  params: Params({
    ...Paging,
    following: Type.Boolean({ default: false }),
    visibility: Type.Optional(
      Type.Union([Type.Literal('public'), Type.Literal('home'), Type.Literal('followers'), Type.Literal('specified')]),
    ),
  }),
  res: NotesSchema,
  handler(p, ctx) {
    const me = ctx.user!.id;
    const accept = accepter(ctx, { withRenotes: true, withFiles: false });
    return noteList(
      ctx,
      ctx.store.noteIndexes.mentionPage(me, p, p.limit, (id) => {
        const note = ctx.store.notes.get(id);
        if (note === undefined) return undefined;
        if (p.visibility !== undefined && note.visibility !== p.visibility) return undefined;
        if (p.following && !ctx.store.follows.has(me, note.userId)) return undefined;
        return accept(id, 0);
      }),
    );
  },
});

/** Lists the children of a note of the given kinds. */
function childList(
  ctx: CallContext,
  noteId: string,
  p: PageParams & { limit: number },
  kinds: ChildKind[],
): WrittenJson {
  const accept = accepter(ctx, { withRenotes: true, withFiles: false });
  return noteList(
    ctx,
    ctx.store.noteIndexes.childPage(noteId, p, p.limit, (id, kind) =>
      kinds.includes(kind) ? accept(id, 0) : undefined,
    ),
  );
}

export const replies = endpoint({
  name: 'notes/replies',
  description: 'Direct replies to a note.',
  ...M['notes/replies'],
  params: Params({ ...Paging, noteId: Id }),
  res: NotesSchema,
  handler: (p, ctx) => childList(ctx, p.noteId, p, [ChildKind.reply]),
});

export const children = endpoint({
  name: 'notes/children',
  description: 'Replies to and quotes of a note.',
  ...M['notes/children'],
  params: Params({ ...Paging, noteId: Id, showQuotes: Type.Boolean({ default: true }) }),
  res: NotesSchema,
  handler: (p, ctx) =>
    childList(ctx, p.noteId, p, p.showQuotes ? [ChildKind.reply, ChildKind.quote] : [ChildKind.reply]),
});

export const renotes = endpoint({
  name: 'notes/renotes',
  description: 'Renotes and quotes of a note.',
  ...M['notes/renotes'],
  params: Params({
    ...Paging,
    noteId: Id,
    userId: Type.Optional(Id),
    type: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('renote'), Type.Literal('quote')])),
  }),
  res: NotesSchema,
  errors: { noSuchNote: E['notes/renotes'].noSuchNote },
  handler(p, ctx) {
    if (ctx.store.notes.get(p.noteId) === undefined) throw new ApiError(E['notes/renotes'].noSuchNote);
    const accept = accepter(ctx, { withRenotes: true, withFiles: false });
    const quotes = p.type === 'quote';
    return noteList(
      ctx,
      ctx.store.noteIndexes.renotePage(p.noteId, p, p.limit, (id, userId) => {
        if (p.userId !== undefined && userId !== p.userId) return undefined;
        if (
          p.type !== undefined &&
          p.type !== 'all' &&
          (ctx.store.noteIndexes.childKind(p.noteId, id) === ChildKind.quote) !== quotes
        )
          return undefined;
        return accept(id, 0);
      }),
    );
  },
});
