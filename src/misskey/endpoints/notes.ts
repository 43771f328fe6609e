/** notes/create, notes/show, notes/delete, notes/unrenote, notes/show-partial-bulk. */
import { Type } from '@sinclair/typebox';
import type { NoteInput } from '../../actors/index.js';
import { endpoint, RawJson } from '../endpoint.js';
import { ApiError, callerAccountGone, commonErrors, endpointErrors as E, endpointMeta as M } from '../errors.js';
import { Id, NoteSchema, Params, Timestamp } from './common.js';

/** Furthest ahead a poll may close (Misskey refuses past expiries; a bound far ahead keeps every stored date renderable). */
const MAX_POLL_DURATION_MS = 100 * 365 * 24 * 3_600_000;

const Visibility = Type.Union([
  Type.Literal('public'),
  Type.Literal('home'),
  Type.Literal('followers'),
  Type.Literal('specified'),
]);
const ReactionAcceptance = Type.Union([
  Type.Null(),
  Type.Literal('likeOnly'),
  Type.Literal('likeOnlyForRemote'),
  Type.Literal('nonSensitiveOnly'),
  Type.Literal('nonSensitiveOnlyForLocalLikeOnlyForRemote'),
]);

export const notesCreate = endpoint({
  name: 'notes/create',
  description:
    "Posts a note (renote, quote, reply or poll); answers once it is durable and in followers' home timelines.",
  ...M['notes/create'],
  params: Params({
    visibility: Type.Optional(Visibility),
    visibleUserIds: Type.Optional(Type.Array(Id, { uniqueItems: true, maxItems: 100 })),
    cw: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
    localOnly: Type.Boolean({ default: false }),
    reactionAcceptance: Type.Optional(ReactionAcceptance),
    noExtractMentions: Type.Boolean({ default: false }),
    noExtractHashtags: Type.Boolean({ default: false }),
    noExtractEmojis: Type.Boolean({ default: false }),
    replyId: Type.Optional(Type.Union([Id, Type.Null()])),
    renoteId: Type.Optional(Type.Union([Id, Type.Null()])),
    channelId: Type.Optional(Type.Union([Id, Type.Null()])),
    text: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 3000 }), Type.Null()])),
    fileIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 16, uniqueItems: true })),
    mediaIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 16, uniqueItems: true })),
    poll: Type.Optional(
      Type.Union([
        Type.Null(),
        Type.Object({
          choices: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), {
            minItems: 2,
            maxItems: 10,
            uniqueItems: true,
          }),
          multiple: Type.Optional(Type.Boolean()),
          expiresAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
          expiredAfter: Type.Optional(
            Type.Union([Type.Integer({ minimum: 1, maximum: MAX_POLL_DURATION_MS }), Type.Null()]),
          ),
        }),
      ]),
    ),
  }),
  res: Type.Object({ createdNote: NoteSchema }),
  errors: {
    noSuchRenoteTarget: E['notes/create'].noSuchRenoteTarget,
    cannotRenotePureRenote: E['notes/create'].cannotReRenote,
    cannotRenoteNonPublic: E['notes/create'].cannotRenoteDueToVisibility,
    noSuchReplyTarget: E['notes/create'].noSuchReplyTarget,
    cannotReplyToInvisibleNote: E['notes/create'].cannotReplyToInvisibleNote,
    youHaveBeenBlocked: E['notes/create'].youHaveBeenBlocked,
    cannotReplyToPureRenote: E['notes/create'].cannotReplyToPureRenote,
    cannotReplyToSpecifiedWithWiderVisibility:
      E['notes/create'].cannotReplyToSpecifiedVisibilityNoteWithExtendedVisibility,
    noSuchUser: callerAccountGone,
    noSuchNote: E['notes/show'].noSuchNote,
    noSuchFile: E['notes/create'].noSuchFile,
  },
  async handler(p, ctx) {
    // Misskey stores text trimmed, and text that is only white space (a quote's, say) as none
    const text = p.text?.trim() || null;
    const fileIds = p.fileIds ?? p.mediaIds;
    const hasContent = text !== null || p.poll != null || p.renoteId != null || fileIds !== undefined;
    if (!hasContent)
      throw new ApiError(commonErrors.invalidParam, {
        param: '#/anyOf',
        reason: 'text (with a non-space character), renoteId, fileIds or poll is required',
      });
    if (p.channelId != null) throw new ApiError(E['notes/create'].noSuchChannel);
    let poll: NoteInput['poll'] = null;
    if (p.poll != null) {
      const now = Date.now();
      const expiresAt = p.poll.expiresAt ?? (p.poll.expiredAfter != null ? now + p.poll.expiredAfter : null);
      if (expiresAt !== null && expiresAt < now) throw new ApiError(E['notes/create'].cannotCreateAlreadyExpiredPoll);
      if (expiresAt !== null && expiresAt > now + MAX_POLL_DURATION_MS) {
        throw new ApiError(commonErrors.invalidParam, {
          param: '#/properties/poll/properties/expiresAt',
          reason: 'must be within 100 years from now',
        });
      }
      poll = { choices: p.poll.choices, multiple: p.poll.multiple ?? false, expiresAt };
    }
    const rules = ctx.queries.caches.instance.rules();
    const words = { text, cw: p.cw ?? null, pollChoices: poll?.choices };
    if (rules.hasProhibitedWords(words)) throw new ApiError(E['notes/create'].containsProhibitedWords);
    const visibility = p.visibility === undefined || p.visibility === 'public' ? 'public' : p.visibility;
    // the instance's sensitive words make a public note home, as does a role taking canPublicNote away
    // (how an instance silences someone), as in Misskey
    const downgraded =
      visibility === 'public' && (rules.hasSensitiveWords(words) || !ctx.roles.policiesOf(ctx.user!.id).canPublicNote);
    const note: NoteInput = {
      text,
      cw: p.cw ?? null,
      visibility: downgraded ? 'home' : visibility,
      visibleUserIds: p.visibleUserIds ?? [],
      localOnly: p.localOnly,
      reactionAcceptance: p.reactionAcceptance ?? null,
      replyId: p.replyId ?? null,
      renoteId: p.renoteId ?? null,
      poll,
      fileIds: fileIds ?? [],
    };
    const { noteId } = await ctx.call({ op: 'note.create', args: { userId: ctx.user!.id, note } }, ctx.user!.id);
    // read past the gateway's cache: caching every new note as it is posted kept thousands of decoded
    // notes a second alive across young-generation collections (10 ms pauses of this thread at 3,000 posts/s)
    const created = ctx.store.notes.get(noteId);
    // deleted by a notes/delete that ran between the commit and this read
    if (created === undefined) throw new ApiError(E['notes/show'].noSuchNote);
    return new RawJson('{"createdNote":' + ctx.renderer().renderRecord(created) + '}');
  },
});

export const notesShow = endpoint({
  name: 'notes/show',
  description: 'One note; a note the viewer may not read comes back hidden (text null, isHidden true).',
  ...M['notes/show'],
  params: Params({ noteId: Id }),
  res: NoteSchema,
  handler(p, ctx) {
    const json = ctx.renderer().render(p.noteId);
    if (json === undefined) throw new ApiError(E['notes/show'].noSuchNote);
    return new RawJson(json);
  },
});

export const notesDelete = endpoint({
  name: 'notes/delete',
  description: 'Deletes one of your notes (and its pure renotes).',
  ...M['notes/delete'],
  params: Params({ noteId: Id }),
  errors: { noSuchNote: E['notes/delete'].noSuchNote, accessDenied: E['notes/delete'].accessDenied },
  async handler(p, ctx) {
    const note = ctx.store.notes.get(p.noteId);
    // moderators may delete anyone's note, as in Misskey
    const isModerator = ctx.roles.isModerator(ctx.user!.id);
    await ctx.call(
      { op: 'note.delete', args: { userId: ctx.user!.id, noteId: p.noteId, isModerator } },
      note?.id ?? p.noteId,
    );
    return null;
  },
});

export const notesUnrenote = endpoint({
  name: 'notes/unrenote',
  description: 'Removes your pure renotes of a note.',
  ...M['notes/unrenote'],
  params: Params({ noteId: Id }),
  errors: { noSuchNote: E['notes/unrenote'].noSuchNote },
  async handler(p, ctx) {
    await ctx.call({ op: 'note.unrenote', args: { userId: ctx.user!.id, noteId: p.noteId } }, p.noteId);
    return null;
  },
});

export const notesShowPartialBulk = endpoint({
  name: 'notes/show-partial-bulk',
  description: 'Reaction counts of up to 100 notes, for clients polling instead of streaming.',
  ...M['notes/show-partial-bulk'],
  params: Params({ noteIds: Type.Array(Id, { minItems: 1, maxItems: 100 }) }),
  res: Type.Array(
    Type.Object({
      id: Type.String(),
      reactions: Type.Record(Type.String(), Type.Integer()),
      reactionEmojis: Type.Object({}),
    }),
  ),
  handler(p, ctx) {
    const out: { id: string; reactions: Record<string, number>; reactionEmojis: Record<string, string> }[] = [];
    for (const id of new Set(p.noteIds)) {
      const note = ctx.store.notes.get(id);
      if (note !== undefined) out.push({ id, reactions: note.reactions, reactionEmojis: {} });
    }
    return out;
  },
});
