/** users/update-memo: a private note about another user, shown only to its author (UserDetailed `memo`). */
import { Type } from '@sinclair/typebox';
import { endpoint } from '../endpoint.js';
import { endpointErrors as E, endpointMeta as M } from '../errors.js';
import { Id, Nullable, Params } from './common.js';

/** Misskey stores a memo in a 2,048-character column. */
const MEMO_MAX_LENGTH = 2048;

export const usersUpdateMemo = endpoint({
  name: 'users/update-memo',
  description: 'Sets your private memo about a user; null or an empty string deletes it.',
  ...M['users/update-memo'],
  params: Params({ userId: Id, memo: Nullable(Type.String({ maxLength: MEMO_MAX_LENGTH })) }),
  errors: { noSuchUser: E['users/update-memo'].noSuchUser },
  async handler(p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'user.updateMemo', args: { userId: me, targetId: p.userId, memo: p.memo } }, me);
    return null;
  },
});
