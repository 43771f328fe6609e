/** i/pin, i/unpin: notes pinned to one's profile, at most `pinLimit` (Misskey's policy). */
import { endpoint } from '../endpoint.js';
import { callerAccountGone, endpointErrors as E } from '../errors.js';
import { meDetailed } from '../render/user.js';
import { Id, Params, UserSchema } from './common.js';

export const pin = endpoint({
  name: 'i/pin',
  description: 'Pins one of your notes to your profile; answers MeDetailed.',
  requireCredential: true,
  kind: 'write:account',
  params: Params({ noteId: Id }),
  res: UserSchema,
  errors: { ...E['i/pin'], noSuchUser: callerAccountGone },
  async handler(p, ctx) {
    const userId = ctx.user!.id;
    await ctx.call(
      { op: 'user.pin', args: { userId, noteId: p.noteId, limit: ctx.roles.policiesOf(userId).pinLimit } },
      userId,
    );
    return meDetailed(ctx.store, ctx.store.users.get(userId)!, ctx.roles.of(userId), ctx.renderer());
  },
});

export const unpin = endpoint({
  name: 'i/unpin',
  description: 'Unpins one of your notes (no error when it was not pinned); answers MeDetailed.',
  requireCredential: true,
  kind: 'write:account',
  params: Params({ noteId: Id }),
  res: UserSchema,
  errors: { ...E['i/unpin'], noSuchUser: callerAccountGone },
  async handler(p, ctx) {
    const userId = ctx.user!.id;
    await ctx.call({ op: 'user.unpin', args: { userId, noteId: p.noteId } }, userId);
    return meDetailed(ctx.store, ctx.store.users.get(userId)!, ctx.roles.of(userId), ctx.renderer());
  },
});
