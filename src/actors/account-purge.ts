/**
 * The second half of admin/delete-account: once `user.deleteAccount` has committed (the account marked
 * deleted, its tokens revoked; or a remote account its server deleted), its notes, reactions and drive files are
 * deleted and its follows and follow requests removed, each through the actor that owns it, as any other deletion or unfollow; then `user.accountPurged` records
 * that nothing is left. An interrupted purge is started again at start-up (`resumeAccountPurges`), and
 * every step is idempotent, so a restart at any point finishes the job.
 */
import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import type { Mailboxes } from './mailboxes.js';
import type { Command } from './protocol.js';

/** Commands kept in flight at once (well under the mailboxes' bound). */
const WINDOW = 64;

/** Sends each command to its address, at most WINDOW at a time; failures are left for the next run. */
async function sendAll(mailboxes: Mailboxes, commands: Iterable<[Command, string]>): Promise<void> {
  let window: Promise<unknown>[] = [];
  for (const [command, address] of commands) {
    window.push(mailboxes.send(command, address));
    if (window.length >= WINDOW) {
      await Promise.all(window);
      window = [];
    }
  }
  await Promise.all(window);
}

/** The account's reactions to notes that stay (those to its own notes go with them). */
function* reactionRemovals(store: Store, userId: string): Generator<[Command, string]> {
  for (const noteId of store.reactions.notesReactedBy(userId))
    yield [{ op: 'note.unreact', args: { userId, noteId } }, noteId];
}

function* noteDeletions(store: Store, userId: string): Generator<[Command, string]> {
  const noteIds = store.noteIndexes.userNotePage(userId, {}, Number.MAX_SAFE_INTEGER, (noteId) => noteId);
  for (const noteId of noteIds) yield [{ op: 'note.delete', args: { userId, noteId, isModerator: true } }, noteId];
}

/**
 * A local account's follows end as a user's own unfollows do (remote users on the other side are told);
 * a remote account's server deleted it, so nothing is sent about its follows.
 */
function* followRemovals(store: Store, userId: string): Generator<[Command, string]> {
  const remote = store.users.get(userId)?.host != null;
  const end = (followerId: string, followeeId: string): [Command, string] => [
    { op: remote ? 'user.remoteUnfollow' : 'user.unfollow', args: { followerId, followeeId } },
    followeeId,
  ];
  for (const followeeId of store.following.of(userId)) yield end(userId, followeeId);
  for (const followerId of store.followers.of(userId)) yield end(followerId, userId);
  for (const followeeId of store.followRequests.requestedBy(userId)) yield end(userId, followeeId);
  for (const followerId of store.followRequests.requesterIds(userId))
    yield remote
      ? end(followerId, userId)
      : [{ op: 'user.rejectRequest', args: { followeeId: userId, followerId } }, userId];
}

/** Deletes the account's drive files, and their bytes once no other file shares them (as drive/files/delete does). */
async function deleteDriveFiles(store: Store, mailboxes: Mailboxes, userId: string): Promise<void> {
  for (const fileId of store.driveFiles.idsIn(userId, undefined)) {
    const reply = await mailboxes.send({ op: 'drive.deleteFile', args: { userId, fileId, moderatorId: null } }, userId);
    if (!reply.ok) continue;
    const { sha256 } = reply.value as { sha256: string | null };
    if (sha256 === null) continue;
    await store.blobs.settle(
      sha256,
      () => {
        store.resetReadSnapshot();
        return store.driveFiles.references(sha256);
      },
      new Map(),
    );
  }
}

/** Removes a deleted account's notes, reactions, drive files, follows and follow requests, then marks it purged. */
export async function purgeAccount(store: Store, mailboxes: Mailboxes, userId: string): Promise<void> {
  await sendAll(mailboxes, noteDeletions(store, userId));
  store.resetReadSnapshot();
  await sendAll(mailboxes, reactionRemovals(store, userId));
  await deleteDriveFiles(store, mailboxes, userId);
  await sendAll(mailboxes, followRemovals(store, userId));
  await mailboxes.send({ op: 'user.accountPurged', args: { userId } }, userId);
}

/** Starts the purge of every deleted account an earlier run left unfinished (in the background). */
export function resumeAccountPurges(store: Store, mailboxes: Mailboxes, log: Logger): void {
  for (const { userId, state } of store.accountStates.all()) {
    if (!state.deleted || state.purged) continue;
    log.info({ userId }, 'resuming the removal of a deleted account');
    purgeAccount(store, mailboxes, userId).catch((err: unknown) =>
      log.error({ err, userId }, 'removing a deleted account failed; it resumes at the next start'),
    );
  }
}
