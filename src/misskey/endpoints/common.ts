/** Param schemas shared by many endpoints (Misskey's paging, ids) and loose response schemas for /api.json. */
import { type TSchema, Type } from '@sinclair/typebox';

/** Misskey validates `misskey:id` params only against ^[a-zA-Z0-9]+$. */
export const Id = Type.String({ pattern: '^[a-zA-Z0-9]+$', maxLength: 64 });

/** Latest time a JavaScript Date can hold (ms since the epoch): any date a client sends is bounded by it. */
export const MAX_DATE_MS = 8_640_000_000_000_000;
/** A point in time in ms since the epoch, within what a Date can represent. */
export const Timestamp = Type.Integer({ minimum: 0, maximum: MAX_DATE_MS });

/** limit (1..100, default 10), sinceId/untilId, sinceDate/untilDate (ms). */
export const Paging = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  sinceId: Type.Optional(Id),
  untilId: Type.Optional(Id),
  sinceDate: Type.Optional(Timestamp),
  untilDate: Type.Optional(Timestamp),
};

/** An object schema that, like Misskey's, ignores unknown keys. */
export const Params = <P extends Record<string, TSchema>>(properties: P) => Type.Object(properties);

/** A schema that also admits null. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const UserLiteSchema = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String()),
  username: Type.String(),
  host: Nullable(Type.String()),
  avatarUrl: Type.String(),
});
export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  host: Nullable(Type.String()),
  followersCount: Type.Integer(),
  followingCount: Type.Integer(),
  notesCount: Type.Integer(),
});
export const NoteSchema = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  userId: Type.String(),
  user: UserLiteSchema,
  text: Nullable(Type.String()),
  cw: Nullable(Type.String()),
  visibility: Type.String(),
  reactions: Type.Record(Type.String(), Type.Integer()),
  renoteCount: Type.Integer(),
  repliesCount: Type.Integer(),
  replyId: Nullable(Type.String()),
  renoteId: Nullable(Type.String()),
});
export const NotesSchema = Type.Array(NoteSchema);
