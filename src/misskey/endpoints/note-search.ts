/** notes/search: the words of this server's notes, when the canSearchNotes setting allows it. */
import { Type } from '@sinclair/typebox';
import { endpoint } from '../endpoint.js';
import { ApiError, endpointErrors as E, endpointMeta as M } from '../errors.js';
import { Id, NotesSchema, Nullable, Paging, Params } from './common.js';

export const notesSearch = endpoint({
  name: 'notes/search',
  description:
    "This server's notes holding every word of the query (case-insensitive; Han, kana and Hangul by pairs of characters), newest first, optionally by one user; UNAVAILABLE unless canSearchNotes is on.",
  ...M['notes/search'],
  params: Params({
    query: Type.String({ minLength: 1, maxLength: 512 }),
    ...Paging,
    offset: Type.Integer({ minimum: 0, maximum: 10_000, default: 0 }),
    /** `.` or this server's host: local notes (the only ones indexed); any other host finds nothing. */
    host: Type.Optional(Nullable(Type.String({ maxLength: 256 }))),
    userId: Type.Optional(Nullable(Id)),
    /** Flock has no channels yet, so a channel's notes are none. */
    channelId: Type.Optional(Nullable(Id)),
  }),
  res: NotesSchema,
  handler(p, ctx) {
    // the configuration decides whether the word index is kept at all; where it is, the caller's policy whether they may search
    if (!ctx.config.canSearchNotes || !ctx.roles.policiesOf(ctx.user?.id ?? null).canSearchNotes)
      throw new ApiError(E['notes/search'].unavailable);
    const host = p.host?.toLowerCase() ?? null;
    if (host !== null && host !== '.' && host !== new URL(ctx.config.url).host.toLowerCase()) return [];
    if (p.channelId != null) return [];
    const found = ctx.queries.search(ctx.viewer(), p.query, p, { userId: p.userId ?? null, offset: p.offset });
    return ctx.renderer().list(found);
  },
});
