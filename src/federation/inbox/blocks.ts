/**
 * Block and Undo{Block} from a remote user: the block relation, which ends the follows and requests
 * between the two both ways, as a local block does (user.block, addressed to the blocker).
 */
import { type ActivityHandler, ActivityRejected } from './activity.js';
import { localUserOf, send } from './follows.js';
import { asObject, idOf } from './json.js';

const block: ActivityHandler = async (ctx, activity) => {
  const blockeeId = localUserOf(ctx, idOf(activity.raw.object), 'Block');
  const blockerId = activity.actor.userId;
  const reply = await send(ctx, { op: 'user.block', args: { blockerId, blockeeId } }, blockerId);
  if (!reply.ok && reply.error !== 'alreadyBlocking')
    throw new ActivityRejected(`Expected a block, got ${reply.error}`);
};

/** Only the blocker may undo its Block; undoing one that is not there changes nothing. */
const undoBlock: ActivityHandler = async (ctx, activity) => {
  const undone = asObject(activity.raw.object)!;
  if (idOf(undone.actor) !== activity.actor.uri) throw new ActivityRejected('Expected Undo by the blocker');
  const blockeeId = localUserOf(ctx, idOf(undone.object), 'the undone Block');
  const blockerId = activity.actor.userId;
  await send(ctx, { op: 'user.unblock', args: { blockerId, blockeeId } }, blockerId);
};

export const blockHandlers = { Block: block };
export const undoBlockHandler = undoBlock;
