/** admin/show-moderation-logs: every moderation action, newest first. */
import { Type } from '@sinclair/typebox';
import { idDate } from '../../store/index.js';
import { endpoint } from '../endpoint.js';
import { moderationMeta as M } from '../misskey-moderation-meta.js';
import { userDetailed } from '../render/user.js';
import { Id, Paging, Params, UserSchema } from './common.js';

export const adminShowModerationLogs = endpoint({
  name: 'admin/show-moderation-logs',
  description:
    'The moderation log, newest first: `[{id, createdAt, type, info, userId, user}]` (the moderator as UserDetailed), optionally of one `type` or by one moderator (`userId`).',
  ...M['admin/show-moderation-logs'],
  params: Params({ ...Paging, type: Type.Optional(Type.String({ maxLength: 64 })), userId: Type.Optional(Id) }),
  res: Type.Array(
    Type.Object({
      id: Type.String(),
      createdAt: Type.String(),
      type: Type.String(),
      userId: Type.String(),
      user: UserSchema,
    }),
  ),
  handler(p, ctx) {
    const renderer = ctx.renderer();
    return ctx.store.moderationLogs.page(p, p.limit, (id, entry) => {
      if (p.type !== undefined && entry.type !== p.type) return undefined;
      if (p.userId !== undefined && entry.userId !== p.userId) return undefined;
      const moderator = ctx.store.users.get(entry.userId);
      return {
        id,
        createdAt: idDate(id),
        type: entry.type,
        info: entry.info,
        userId: entry.userId,
        user:
          moderator === undefined
            ? null
            : userDetailed(ctx.store, moderator, ctx.user!.id, ctx.roles.of(moderator.id), renderer),
      };
    });
  },
});
