/** Follow settings (notify, withReplies) and memos: small per-relation writes of the user actor. */

import type { FollowEdge } from '../store/index.js';
import { groupByShard } from './audiences.js';
import type { ActorContext } from './context.js';
import { fail, ok } from './context.js';
import type { Handler } from './handler.js';
import type { FollowSettings } from './protocol.js';

/** Writes the settings into an existing edge; false when there is no such follow. */
function applySettings(ctx: ActorContext, followerId: string, followeeId: string, settings: FollowSettings): boolean {
  const edge = ctx.store.follows.edge(followerId, followeeId);
  if (edge === undefined) return false;
  const updated: FollowEdge = {
    id: edge.id,
    withReplies: settings.withReplies ?? edge.withReplies,
    notify: settings.notify ?? edge.notify,
  };
  ctx.store.follows.updateSettings(followerId, followeeId, updated);
  ctx.emit({ type: 'followUpdated', followerId, followeeId });
  return true;
}

const updateFollow: Handler<'user.updateFollow'> = (ctx, a) =>
  applySettings(ctx, a.followerId, a.followeeId, a.settings) ? ok(null) : fail('notFollowing');

/** Each follow's edge is written by its followee's shard, so the follower's shard sends each shard its part. */
const updateAllFollows: Handler<'user.updateAllFollows'> = (ctx, a, effects) => {
  for (const [shard, followeeIds] of groupByShard(ctx.store.following.of(a.followerId), ctx.placement))
    effects.outgoing.push({
      shard,
      command: { op: 'user.updateFollows', args: { followerId: a.followerId, followeeIds, settings: a.settings } },
    });
  return ok(null);
};

const updateFollows: Handler<'user.updateFollows'> = (ctx, a) => {
  for (const followeeId of a.followeeIds) applySettings(ctx, a.followerId, followeeId, a.settings);
  return ok(null);
};

/** An empty memo deletes it, as in Misskey. */
const updateMemo: Handler<'user.updateMemo'> = (ctx, a) => {
  if (!ctx.store.users.exists(a.targetId)) return fail('noSuchUser');
  if (a.memo === null || a.memo === '') ctx.store.memos.remove(a.userId, a.targetId);
  else ctx.store.memos.set(a.userId, a.targetId, a.memo);
  ctx.emit({ type: 'memoUpdated', userId: a.userId, targetId: a.targetId });
  return ok(null);
};

export const followSettingsHandlers = {
  'user.updateFollow': updateFollow,
  'user.updateAllFollows': updateAllFollows,
  'user.updateFollows': updateFollows,
  'user.updateMemo': updateMemo,
};
