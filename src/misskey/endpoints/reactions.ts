/** Reactions, favorites, poll votes and note state. */
import { Type } from '@sinclair/typebox';
import { reactionKeyOf } from '../../domain/index.js';
import { idDate } from '../../store/index.js';
import { endpoint, RawJson } from '../endpoint.js';
import { ApiError, endpointErrors as E, endpointMeta as M } from '../errors.js';
import { jsonArray } from '../render/json-sink.js';
import { Id, Paging, Params, UserLiteSchema } from './common.js';

const NoteId = Params({ noteId: Id });

export const reactionsCreate = endpoint({
  name: 'notes/reactions/create',
  description: 'Reacts to a note (replacing a different earlier reaction of yours).',
  ...M['notes/reactions/create'],
  // anything that is not a reaction, the empty string included, becomes the like reaction (as in Misskey)
  params: Params({ noteId: Id, reaction: Type.String({ maxLength: 256 }) }),
  errors: {
    noSuchNote: E['notes/reactions/create'].noSuchNote,
    alreadyReacted: E['notes/reactions/create'].alreadyReacted,
    cannotReactToRenote: E['notes/reactions/create'].cannotReactToRenote,
    youHaveBeenBlocked: E['notes/reactions/create'].youHaveBeenBlocked,
  },
  async handler(p, ctx) {
    await ctx.call(
      { op: 'note.react', args: { userId: ctx.user!.id, noteId: p.noteId, reaction: p.reaction } },
      p.noteId,
    );
    return null;
  },
});

export const reactionsDelete = endpoint({
  name: 'notes/reactions/delete',
  description: 'Removes your reaction from a note.',
  ...M['notes/reactions/delete'],
  params: NoteId,
  errors: { noSuchNote: E['notes/reactions/delete'].noSuchNote, notReacted: E['notes/reactions/delete'].notReacted },
  async handler(p, ctx) {
    await ctx.call({ op: 'note.unreact', args: { userId: ctx.user!.id, noteId: p.noteId } }, p.noteId);
    return null;
  },
});

export const reactionsList = endpoint({
  name: 'notes/reactions',
  description: 'Who reacted to a note, newest first (optionally one reaction type).',
  ...M['notes/reactions'],
  params: Params({
    ...Paging,
    noteId: Id,
    type: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()])),
  }),
  res: Type.Array(
    Type.Object({ id: Type.String(), createdAt: Type.String(), user: UserLiteSchema, type: Type.String() }),
  ),
  handler(p, ctx) {
    const note = ctx.store.notes.get(p.noteId);
    if (note === undefined || !ctx.renderer().visible(note)) throw new ApiError(E['notes/reactions'].noSuchNote);
    // a type that is no reaction matches none (rather than the like it would become when reacting)
    const type = p.type == null ? null : (reactionKeyOf(p.type) ?? '');
    const renderer = ctx.renderer();
    return new RawJson(
      jsonArray(
        ctx.store.reactions.page(p.noteId, p, p.limit, (id, userId) => {
          const reaction = ctx.store.reactions.of(p.noteId, userId);
          if (reaction === undefined || (type !== null && reaction.type !== type)) return undefined;
          return `{"id":"${id}","createdAt":"${idDate(id)}","user":${renderer.userLite(userId)},"type":${JSON.stringify(reaction.type)}}`;
        }),
      ),
    );
  },
});

export const favoritesCreate = endpoint({
  name: 'notes/favorites/create',
  description: 'Adds a note to your favorites.',
  ...M['notes/favorites/create'],
  params: NoteId,
  errors: {
    noSuchNote: E['notes/favorites/create'].noSuchNote,
    alreadyFavorited: E['notes/favorites/create'].alreadyFavorited,
  },
  async handler(p, ctx) {
    await ctx.call({ op: 'note.favorite', args: { userId: ctx.user!.id, noteId: p.noteId } }, p.noteId);
    return null;
  },
});

export const favoritesDelete = endpoint({
  name: 'notes/favorites/delete',
  description: 'Removes a note from your favorites.',
  ...M['notes/favorites/delete'],
  params: NoteId,
  errors: {
    noSuchNote: E['notes/favorites/delete'].noSuchNote,
    notFavorited: E['notes/favorites/delete'].notFavorited,
  },
  async handler(p, ctx) {
    await ctx.call({ op: 'note.unfavorite', args: { userId: ctx.user!.id, noteId: p.noteId } }, p.noteId);
    return null;
  },
});

export const pollsVote = endpoint({
  name: 'notes/polls/vote',
  description: "Votes in a note's poll (once, or once per choice for multiple-choice polls).",
  ...M['notes/polls/vote'],
  params: Params({ noteId: Id, choice: Type.Integer({ minimum: 0 }) }),
  errors: {
    noSuchNote: E['notes/polls/vote'].noSuchNote,
    noPoll: E['notes/polls/vote'].noPoll,
    invalidChoice: E['notes/polls/vote'].invalidChoice,
    alreadyVoted: E['notes/polls/vote'].alreadyVoted,
    pollExpired: E['notes/polls/vote'].alreadyExpired,
    youHaveBeenBlocked: E['notes/polls/vote'].youHaveBeenBlocked,
  },
  async handler(p, ctx) {
    await ctx.call({ op: 'note.vote', args: { userId: ctx.user!.id, noteId: p.noteId, choice: p.choice } }, p.noteId);
    return null;
  },
});

export const noteState = endpoint({
  name: 'notes/state',
  description: 'Whether you favorited a note, and whether you muted the reply thread it is in.',
  ...M['notes/state'],
  params: NoteId,
  res: Type.Object({ isFavorited: Type.Boolean(), isMutedThread: Type.Boolean() }),
  handler(p, ctx) {
    const me = ctx.user!.id;
    const note = ctx.queries.caches.notes.get(p.noteId);
    return {
      isFavorited: ctx.store.favorites.idOf(me, p.noteId) !== undefined,
      isMutedThread: note !== undefined && ctx.store.threadMutes.has(me, note.threadId),
    };
  },
});
