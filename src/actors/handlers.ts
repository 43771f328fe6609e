/** Every op's handler and how it runs: the one table the Piscina workers and the in-process mailboxes both run. */
import { ok } from './context.js';
import { driveHandlers } from './drive.js';
import { federatedFollowHandlers } from './federated-follows.js';
import { followSettingsHandlers } from './follow-settings.js';
import type { HandlerTable } from './handler.js';
import { moderationHandlers } from './moderation.js';
import { createNote, refanout } from './note-create.js';
import { remoteNoteHandlers, storeRemoteNote } from './note-remote.js';
import { noteHandlers } from './note-write.js';
import { notificationHandlers } from './notifications.js';
import { relationHandlers } from './relations.js';
import { remoteFileHandlers } from './remote-files.js';
import { remoteUserHandlers } from './remote-users.js';
import { roleHandlers } from './roles.js';
import { pushToTimelines, readTimeline } from './timeline.js';
import { flushInTurn } from './timeline-flushes.js';
import { userHandlers } from './user.js';
import { userListHandlers } from './user-lists.js';
import { webhookHandlers } from './webhooks.js';

export const HANDLERS: HandlerTable = {
  'user.signup': { writes: true, run: userHandlers['user.signup'] },
  'user.storeRemote': { writes: true, run: remoteUserHandlers['user.storeRemote'] },
  'user.deleteRemote': { writes: true, run: remoteUserHandlers['user.deleteRemote'] },
  'user.markMoved': { writes: true, run: remoteUserHandlers['user.markMoved'] },
  'user.setRemoteCounts': { writes: true, run: remoteUserHandlers['user.setRemoteCounts'] },
  'user.remoteFollow': { writes: true, run: federatedFollowHandlers['user.remoteFollow'] },
  'user.remoteUnfollow': { writes: true, run: federatedFollowHandlers['user.remoteUnfollow'] },
  'user.issueToken': { writes: true, run: userHandlers['user.issueToken'] },
  'user.revokeToken': { writes: true, run: userHandlers['user.revokeToken'] },
  'user.rehashPassword': { writes: true, run: userHandlers['user.rehashPassword'] },
  'user.update': { writes: true, run: userHandlers['user.update'] },
  'user.pin': { writes: true, run: userHandlers['user.pin'] },
  'user.unpin': { writes: true, run: userHandlers['user.unpin'] },
  'user.registrySet': { writes: true, run: userHandlers['user.registrySet'] },
  'user.registryRemove': { writes: true, run: userHandlers['user.registryRemove'] },
  'user.markActive': { writes: true, run: userHandlers['user.markActive'] },
  'user.follow': { writes: true, run: userHandlers['user.follow'] },
  'user.unfollow': { writes: true, run: userHandlers['user.unfollow'] },
  'user.acceptRequest': { writes: true, run: userHandlers['user.acceptRequest'] },
  'user.rejectRequest': { writes: true, run: userHandlers['user.rejectRequest'] },
  'user.updateFollow': { writes: true, run: followSettingsHandlers['user.updateFollow'] },
  'user.updateAllFollows': { writes: true, run: followSettingsHandlers['user.updateAllFollows'] },
  'user.updateFollows': { writes: true, run: followSettingsHandlers['user.updateFollows'] },
  'user.updateMemo': { writes: true, run: followSettingsHandlers['user.updateMemo'] },
  'webhook.create': { writes: true, run: webhookHandlers['webhook.create'] },
  'webhook.update': { writes: true, run: webhookHandlers['webhook.update'] },
  'webhook.delete': { writes: true, run: webhookHandlers['webhook.delete'] },
  'webhook.test': { writes: true, run: webhookHandlers['webhook.test'] },
  'webhook.recordCall': { writes: true, run: webhookHandlers['webhook.recordCall'] },
  'list.create': { writes: true, run: userListHandlers['list.create'] },
  'list.createFromPublic': { writes: true, run: userListHandlers['list.createFromPublic'] },
  'list.update': { writes: true, run: userListHandlers['list.update'] },
  'list.delete': { writes: true, run: userListHandlers['list.delete'] },
  'list.push': { writes: true, run: userListHandlers['list.push'] },
  'list.pull': { writes: true, run: userListHandlers['list.pull'] },
  'list.updateMembership': { writes: true, run: userListHandlers['list.updateMembership'] },
  'list.favorite': { writes: true, run: userListHandlers['list.favorite'] },
  'list.unfavorite': { writes: true, run: userListHandlers['list.unfavorite'] },
  'user.block': { writes: true, run: relationHandlers['user.block'] },
  'user.unblock': { writes: true, run: relationHandlers['user.unblock'] },
  'user.mute': { writes: true, run: relationHandlers['user.mute'] },
  'user.unmute': { writes: true, run: relationHandlers['user.unmute'] },
  'user.renoteMute': { writes: true, run: relationHandlers['user.renoteMute'] },
  'user.renoteUnmute': { writes: true, run: relationHandlers['user.renoteUnmute'] },
  'user.muteThread': { writes: true, run: relationHandlers['user.muteThread'] },
  'user.unmuteThread': { writes: true, run: relationHandlers['user.unmuteThread'] },
  'drive.createFile': { writes: true, run: driveHandlers['drive.createFile'] },
  'drive.updateFile': { writes: true, run: driveHandlers['drive.updateFile'] },
  'drive.deleteFile': { writes: true, run: driveHandlers['drive.deleteFile'] },
  'drive.storeRemoteFiles': { writes: true, run: remoteFileHandlers['drive.storeRemoteFiles'] },
  'drive.moveFiles': { writes: true, run: driveHandlers['drive.moveFiles'] },
  'drive.createFolder': { writes: true, run: driveHandlers['drive.createFolder'] },
  'drive.updateFolder': { writes: true, run: driveHandlers['drive.updateFolder'] },
  'drive.deleteFolder': { writes: true, run: driveHandlers['drive.deleteFolder'] },
  'note.create': { writes: true, run: (ctx, args, effects) => createNote(ctx, args, effects.created) },
  'note.storeRemote': { writes: true, run: (ctx, args, effects) => storeRemoteNote(ctx, args, effects.created) },
  'note.updateRemote': { writes: true, run: remoteNoteHandlers['note.updateRemote'] },
  'note.delete': { writes: true, run: noteHandlers['note.delete'] },
  'note.unrenote': { writes: true, run: noteHandlers['note.unrenote'] },
  'note.react': { writes: true, run: noteHandlers['note.react'] },
  'note.unreact': { writes: true, run: noteHandlers['note.unreact'] },
  'note.vote': { writes: true, run: noteHandlers['note.vote'] },
  'note.favorite': { writes: true, run: noteHandlers['note.favorite'] },
  'note.unfavorite': { writes: true, run: noteHandlers['note.unfavorite'] },
  'role.create': { writes: true, run: roleHandlers['role.create'] },
  'role.update': { writes: true, run: roleHandlers['role.update'] },
  'role.delete': { writes: true, run: roleHandlers['role.delete'] },
  'role.assign': { writes: true, run: roleHandlers['role.assign'] },
  'role.unassign': { writes: true, run: roleHandlers['role.unassign'] },
  'role.setDefaultPolicies': { writes: true, run: roleHandlers['role.setDefaultPolicies'] },
  // reads the stored note only; its pushes touch this thread's memory or go out as messages
  'note.fanout': { writes: false, run: (ctx, args, effects) => refanout(ctx, args, effects.outgoing) },
  'timeline.push': { writes: false, run: pushToTimelines },
  'notification.markRead': { writes: true, run: notificationHandlers['notification.markRead'] },
  'notification.flush': { writes: true, run: notificationHandlers['notification.flush'] },
  'notification.create': { writes: true, run: notificationHandlers['notification.create'] },
  'notification.test': { writes: true, run: notificationHandlers['notification.test'] },
  'notification.pollEnded': { writes: true, run: notificationHandlers['notification.pollEnded'] },
  'instance.updateSettings': { writes: true, run: moderationHandlers['instance.updateSettings'] },
  'user.suspend': { writes: true, run: moderationHandlers['user.suspend'] },
  'user.deleteAccount': { writes: true, run: moderationHandlers['user.deleteAccount'] },
  'user.accountPurged': { writes: true, run: moderationHandlers['user.accountPurged'] },
  'user.resetPassword': { writes: true, run: moderationHandlers['user.resetPassword'] },
  'report.create': { writes: true, run: moderationHandlers['report.create'] },
  'report.resolve': { writes: true, run: moderationHandlers['report.resolve'] },
  'report.forward': { writes: true, run: moderationHandlers['report.forward'] },
  'invite.create': { writes: true, run: moderationHandlers['invite.create'] },
  'invite.delete': { writes: true, run: moderationHandlers['invite.delete'] },
  'timeline.page': { writes: false, run: readTimeline },
  'timeline.flush': {
    writes: false,
    run: async (ctx, args) => {
      await flushInTurn(ctx, args.kind);
      return ok(null);
    },
  },
};
