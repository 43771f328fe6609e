/** Timelines and note lists: the shared queries choose the notes, and the list is written by splicing their stored fragments. */
import { Type } from '@sinclair/typebox';
import { ChildKind } from '../../store/index.js';
import { endpoint } from '../endpoint.js';
import { ApiError, endpointErrors as E, endpointMeta as M } from '../errors.js';
import { Id, NotesSchema, Paging, Params } from './common.js';

const WithRenotes = Type.Boolean({ default: true });
const WithFiles = Type.Boolean({ default: false });
const WithReplies = Type.Boolean({ default: false });
/** What every timeline takes: paging, the renote and file filters, and allowPartial (every page is whole here). */
const TimelineParams = {
  ...Paging,
  withRenotes: WithRenotes,
  withFiles: WithFiles,
  allowPartial: Type.Boolean({ default: false }),
};
/** Local and hybrid timelines also choose whether replies to others are kept. */
const TimelineWithRepliesParams = { ...TimelineParams, withReplies: WithReplies };
const REPLIES = [ChildKind.reply];
const REPLIES_AND_QUOTES = [ChildKind.reply, ChildKind.quote];

export const homeTimeline = endpoint({
  name: 'notes/timeline',
  description: 'Your home timeline: you and the people you follow (materialised on write).',
  ...M['notes/timeline'],
  params: Params({
    ...TimelineParams,
    includeMyRenotes: Type.Boolean({ default: true }),
    includeRenotedMyNotes: Type.Boolean({ default: true }),
    includeLocalRenotes: Type.Boolean({ default: true }),
  }),
  res: NotesSchema,
  async handler(p, ctx) {
    return ctx.renderer().list(await ctx.queries.home(ctx.viewer()!, p, p));
  },
});

export const userListTimeline = endpoint({
  name: 'notes/user-list-timeline',
  description:
    "The notes of one of your lists' members, newest first; a member's replies to others only with their membership's `withReplies`.",
  ...M['notes/user-list-timeline'],
  params: Params({
    ...TimelineParams,
    listId: Id,
    includeMyRenotes: Type.Boolean({ default: true }),
    includeRenotedMyNotes: Type.Boolean({ default: true }),
    includeLocalRenotes: Type.Boolean({ default: true }),
  }),
  res: NotesSchema,
  handler(p, ctx) {
    const list = ctx.store.userLists.get(p.listId);
    if (list === undefined || list.userId !== ctx.user!.id)
      throw new ApiError(E['notes/user-list-timeline'].noSuchList);
    return ctx.renderer().list(ctx.queries.userList(ctx.viewer()!, list.id, p, p));
  },
});

export const localTimeline = endpoint({
  name: 'notes/local-timeline',
  description: "Public notes of this instance's users.",
  ...M['notes/local-timeline'],
  params: Params(TimelineWithRepliesParams),
  res: NotesSchema,
  handler(p, ctx) {
    if (!ctx.roles.policiesOf(ctx.user?.id ?? null).ltlAvailable)
      throw new ApiError(E['notes/local-timeline'].ltlDisabled);
    if (p.withReplies && p.withFiles) throw new ApiError(E['notes/local-timeline'].bothWithRepliesAndWithFiles);
    return ctx.renderer().list(ctx.queries.local(ctx.viewer(), p, p));
  },
});

export const hybridTimeline = endpoint({
  name: 'notes/hybrid-timeline',
  description: 'Social timeline: your home timeline merged with the local one.',
  ...M['notes/hybrid-timeline'],
  params: Params(TimelineWithRepliesParams),
  res: NotesSchema,
  async handler(p, ctx) {
    if (!ctx.roles.policiesOf(ctx.user!.id).ltlAvailable) throw new ApiError(E['notes/hybrid-timeline'].stlDisabled);
    if (p.withReplies && p.withFiles) throw new ApiError(E['notes/hybrid-timeline'].bothWithRepliesAndWithFiles);
    return ctx.renderer().list(await ctx.queries.hybrid(ctx.viewer()!, p, p));
  },
});

export const globalTimeline = endpoint({
  name: 'notes/global-timeline',
  description: 'Every public note this instance knows, local and remote.',
  ...M['notes/global-timeline'],
  params: Params(TimelineParams),
  res: NotesSchema,
  handler(p, ctx) {
    if (!ctx.roles.policiesOf(ctx.user?.id ?? null).gtlAvailable)
      throw new ApiError(E['notes/global-timeline'].gtlDisabled);
    return ctx.renderer().list(ctx.queries.global(ctx.viewer(), p, p));
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
    return ctx.renderer().list(ctx.queries.mentions(ctx.viewer()!, p, p));
  },
});

export const replies = endpoint({
  name: 'notes/replies',
  description: 'Direct replies to a note.',
  ...M['notes/replies'],
  params: Params({ ...Paging, noteId: Id }),
  res: NotesSchema,
  handler: (p, ctx) => ctx.renderer().list(ctx.queries.children(ctx.viewer(), p.noteId, p, REPLIES)),
});

export const children = endpoint({
  name: 'notes/children',
  description: 'Replies to and quotes of a note.',
  ...M['notes/children'],
  params: Params({ ...Paging, noteId: Id, showQuotes: Type.Boolean({ default: true }) }),
  res: NotesSchema,
  handler: (p, ctx) =>
    ctx.renderer().list(ctx.queries.children(ctx.viewer(), p.noteId, p, p.showQuotes ? REPLIES_AND_QUOTES : REPLIES)),
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
    return ctx.renderer().list(ctx.queries.renotes(ctx.viewer(), p.noteId, p, p));
  },
});
