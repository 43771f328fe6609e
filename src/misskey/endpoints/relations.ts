/**
 * blocking/{create,delete,list}, mute/{create,delete,list}, renote-mute/{create,delete,list} and
 * notes/thread-muting/{create,delete}: writes go to the blocking or muting user's actor.
 */
import { Type } from '@sinclair/typebox';
import { idDate } from '../../store/index.js';
import { type CallContext, endpoint } from '../endpoint.js';
import { ApiError, endpointErrors as E, endpointMeta as M, type MisskeyErrorDef } from '../errors.js';
import { userDetailed } from '../render/user.js';
import { Id, Nullable, Params, Timestamp, UserSchema } from './common.js';

/** Misskey's relation lists page 30 at a time unless asked otherwise. */
const ListPaging = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
  sinceId: Type.Optional(Id),
  untilId: Type.Optional(Id),
  sinceDate: Type.Optional(Timestamp),
  untilDate: Type.Optional(Timestamp),
};

const UserIdParams = Params({ userId: Id });

/** UserDetailedNotMe of another user as the caller now sees them, or the endpoint's NO_SUCH_USER. */
function detailedOther(ctx: CallContext, userId: string, noSuchUser: MisskeyErrorDef): Record<string, unknown> {
  const user = ctx.store.users.get(userId);
  if (user === undefined) throw new ApiError(noSuchUser);
  return userDetailed(ctx.store, user, ctx.user!.id, ctx.roles.of(user.id), ctx.renderer());
}

/** One page of a relation list: `{id, createdAt, <side>Id, <side>: UserDetailedNotMe, ...extra}`. */
function relationPage<T>(
  ctx: CallContext,
  side: 'blockee' | 'mutee',
  page: (accept: (edgeId: string, otherId: string, extra?: T) => object | undefined) => object[],
): object[] {
  return page((edgeId, otherId, extra) => {
    const other = ctx.store.users.get(otherId);
    if (other === undefined) return undefined;
    return {
      id: edgeId,
      createdAt: idDate(edgeId),
      ...extra,
      [`${side}Id`]: otherId,
      [side]: userDetailed(ctx.store, other, ctx.user!.id, ctx.roles.of(other.id), ctx.renderer()),
    };
  });
}

const relationListSchema = (side: 'blockee' | 'mutee', extra = {}) =>
  Type.Array(
    Type.Object({
      id: Type.String(),
      createdAt: Type.String(),
      ...extra,
      [`${side}Id`]: Type.String(),
      [side]: UserSchema,
    }),
  );

export const blockingCreate = endpoint({
  name: 'blocking/create',
  description:
    'Blocks a user, ending the follows and follow requests between you both ways; answers the blockee (UserDetailed).',
  ...M['blocking/create'],
  params: UserIdParams,
  res: UserSchema,
  errors: {
    blockeeIsYourself: E['blocking/create'].blockeeIsYourself,
    noSuchUser: E['blocking/create'].noSuchUser,
    alreadyBlocking: E['blocking/create'].alreadyBlocking,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'user.block', args: { blockerId: me, blockeeId: p.userId } }, me);
    return detailedOther(ctx, p.userId, E['blocking/create'].noSuchUser);
  },
});

export const blockingDelete = endpoint({
  name: 'blocking/delete',
  description: 'Unblocks a user (the follows the block ended stay ended); answers the former blockee (UserDetailed).',
  ...M['blocking/delete'],
  params: UserIdParams,
  res: UserSchema,
  errors: {
    blockeeIsYourself: E['blocking/delete'].blockeeIsYourself,
    noSuchUser: E['blocking/delete'].noSuchUser,
    notBlocking: E['blocking/delete'].notBlocking,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'user.unblock', args: { blockerId: me, blockeeId: p.userId } }, me);
    return detailedOther(ctx, p.userId, E['blocking/delete'].noSuchUser);
  },
});

export const blockingList = endpoint({
  name: 'blocking/list',
  description: 'The users you block, newest block first: `[{id, createdAt, blockeeId, blockee}]`.',
  ...M['blocking/list'],
  params: Params(ListPaging),
  res: relationListSchema('blockee'),
  handler(p, ctx) {
    return relationPage(ctx, 'blockee', (accept) => ctx.store.blocks.page(ctx.user!.id, p, p.limit, accept));
  },
});

export const muteCreate = endpoint({
  name: 'mute/create',
  description:
    'Mutes a user until `expiresAt` (ms; null or absent: for good): their notes, and notes replying to or renoting them, leave your lists. An `expiresAt` already past changes nothing, as in Misskey.',
  ...M['mute/create'],
  params: Params({ userId: Id, expiresAt: Type.Optional(Nullable(Timestamp)) }),
  errors: {
    muteeIsYourself: E['mute/create'].muteeIsYourself,
    noSuchUser: E['mute/create'].noSuchUser,
    alreadyMuting: E['mute/create'].alreadyMuting,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'user.mute', args: { muterId: me, muteeId: p.userId, expiresAt: p.expiresAt ?? null } }, me);
    return null;
  },
});

export const muteDelete = endpoint({
  name: 'mute/delete',
  description: 'Unmutes a user.',
  ...M['mute/delete'],
  params: UserIdParams,
  errors: {
    muteeIsYourself: E['mute/delete'].muteeIsYourself,
    noSuchUser: E['mute/delete'].noSuchUser,
    notMuting: E['mute/delete'].notMuting,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'user.unmute', args: { muterId: me, muteeId: p.userId } }, me);
    return null;
  },
});

export const muteList = endpoint({
  name: 'mute/list',
  description: 'The users you mute (mutes in force), newest first: `[{id, createdAt, expiresAt, muteeId, mutee}]`.',
  ...M['mute/list'],
  params: Params(ListPaging),
  res: relationListSchema('mutee', { expiresAt: Nullable(Type.String()) }),
  handler(p, ctx) {
    const now = Date.now();
    return relationPage<{ expiresAt: string | null }>(ctx, 'mutee', (accept) =>
      ctx.store.mutes.page(ctx.user!.id, now, p, p.limit, (mute, muteeId) =>
        accept(mute.id, muteeId, {
          expiresAt: mute.expiresAt === null ? null : new Date(mute.expiresAt).toISOString(),
        }),
      ),
    );
  },
});

export const renoteMuteCreate = endpoint({
  name: 'renote-mute/create',
  description: "Mutes a user's pure renotes in your timelines (their own notes and quotes stay).",
  ...M['renote-mute/create'],
  params: UserIdParams,
  errors: {
    muteeIsYourself: E['renote-mute/create'].muteeIsYourself,
    noSuchUser: E['renote-mute/create'].noSuchUser,
    alreadyMuting: E['renote-mute/create'].alreadyMuting,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'user.renoteMute', args: { muterId: me, muteeId: p.userId } }, me);
    return null;
  },
});

export const renoteMuteDelete = endpoint({
  name: 'renote-mute/delete',
  description: "Unmutes a user's renotes.",
  ...M['renote-mute/delete'],
  params: UserIdParams,
  errors: {
    muteeIsYourself: E['renote-mute/delete'].muteeIsYourself,
    noSuchUser: E['renote-mute/delete'].noSuchUser,
    notMuting: E['renote-mute/delete'].notMuting,
  },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'user.renoteUnmute', args: { muterId: me, muteeId: p.userId } }, me);
    return null;
  },
});

export const renoteMuteList = endpoint({
  name: 'renote-mute/list',
  description: 'The users whose renotes you mute, newest first: `[{id, createdAt, muteeId, mutee}]`.',
  ...M['renote-mute/list'],
  params: Params(ListPaging),
  res: relationListSchema('mutee'),
  handler(p, ctx) {
    return relationPage(ctx, 'mutee', (accept) => ctx.store.renoteMutes.page(ctx.user!.id, p, p.limit, accept));
  },
});

export const threadMutingCreate = endpoint({
  name: 'notes/thread-muting/create',
  description: 'Mutes the reply thread a note is in: its notes leave your timelines and mentions.',
  ...M['notes/thread-muting/create'],
  params: Params({ noteId: Id }),
  errors: { noSuchNote: E['notes/thread-muting/create'].noSuchNote },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'user.muteThread', args: { userId: me, noteId: p.noteId } }, me);
    return null;
  },
});

export const threadMutingDelete = endpoint({
  name: 'notes/thread-muting/delete',
  description: 'Unmutes the reply thread a note is in (no error when it was not muted).',
  ...M['notes/thread-muting/delete'],
  params: Params({ noteId: Id }),
  errors: { noSuchNote: E['notes/thread-muting/delete'].noSuchNote },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'user.unmuteThread', args: { userId: me, noteId: p.noteId } }, me);
    return null;
  },
});
