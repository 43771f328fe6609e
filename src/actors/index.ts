/** Actors: the message protocol, the mailboxes that route commands to sharded workers, what a worker thread runs, and start-up recovery. */

export { purgeAccount, resumeAccountPurges } from './account-purge.js';
export { createInProcessMailboxes } from './in-process-mailboxes.js';
export { type Mailboxes, MailboxFullError, type MailboxOptions } from './mailboxes.js';
export { createMailboxes } from './piscina-mailboxes.js';
export { startPollEndings } from './poll-endings.js';
export type {
  Command,
  Commands,
  DomainError,
  Failures,
  InternalFailure,
  NoteInput,
  Op,
  PollInput,
  ProfilePatch,
  RemoteActorInput,
  RemoteDriveFile,
  RemoteProfile,
  Reply,
  Results,
  RoleFields,
  WebhookFields,
} from './protocol.js';
export { flushTimelinesForStop, recoverTimelines } from './recovery.js';
export { ROLES_ADDRESS } from './roles.js';
export { indexStoredHashtags, indexStoredNoteTexts, indexStoredUsers } from './search-indexes.js';
export { startWorkerThread, type WorkerData } from './worker-entry.js';
