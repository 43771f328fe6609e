/** i/pin, i/unpin: notes pinned to one's profile, at most `pinLimit` (Misskey's policy). */
import { endpoint } from '../endpoint.js';
import type { MisskeyErrorDef } from '../errors.js';
import { Id, Params, UserSchema } from './common.js';
import { meDetailed } from '../../render/index.js';

/** Misskey's ids (packages/backend/src/server/api/endpoints/i/pin.ts, i/unpin.ts). */
const pinErrors = {
  noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '56734f8b-3928-431e-bf80-6ff87df40cb3' },
  pinLimitExceeded: { message: 'You can not pin notes any more.', code: 'PIN_LIMIT_EXCEEDED', id: '72dab508-c64d-498f-8740-a8eec1ba385a' },
  alreadyPinned: { message: 'That note has already been pinned.', code: 'ALREADY_PINNED', id: '8b18c2b7-68fe-4edb-9892-c0cbaeb6c913' },
} satisfies Record<string, MisskeyErrorDef>;
const unpinErrors = {
  noSuchNote: { message: 'No such note.', code: 'NO_SUCH_NOTE', id: '454170ce-9d63-4a43-9da1-ea10afe81e21' },
} satisfies Record<string, MisskeyErrorDef>;

export const pin = endpoint({
  name: 'i/pin',
  description: 'Pins one of your notes to your profile; answers MeDetailed.',
  requireCredential: true,
  kind: 'write:account',
  params: Params({ noteId: Id }),
  res: UserSchema,
  errors: pinErrors,
  async handler(p, ctx) {
    const userId = ctx.user!.id;
    await ctx.call({ op: 'user.pin', args: { userId, noteId: p.noteId, limit: ctx.config.pinLimit } }, userId);
    return meDetailed(ctx.store, ctx.store.users.get(userId)!, ctx.renderer());
  },
});

export const unpin = endpoint({
  name: 'i/unpin',
  description: 'Unpins one of your notes (no error when it was not pinned); answers MeDetailed.',
  requireCredential: true,
  kind: 'write:account',
  params: Params({ noteId: Id }),
  res: UserSchema,
  errors: unpinErrors,
  async handler(p, ctx) {
    const userId = ctx.user!.id;
    await ctx.call({ op: 'user.unpin', args: { userId, noteId: p.noteId } }, userId);
    return meDetailed(ctx.store, ctx.store.users.get(userId)!, ctx.renderer());
  },
});
