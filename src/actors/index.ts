/** Actors: the message protocol, the mailboxes that route commands to sharded workers, what a worker thread runs, and start-up recovery. */
export { MailboxFullError, type Mailboxes, type MailboxOptions } from './mailboxes.js';
export { createMailboxes } from './piscina-mailboxes.js';
export { createInProcessMailboxes } from './in-process-mailboxes.js';
export type { Command, Commands, Results, Failures, Reply, DomainError, InternalFailure, Op, NoteInput, PollInput, ProfilePatch } from './protocol.js';
export { startWorkerThread, type WorkerData } from './worker-entry.js';
export { recoverTimelines, flushTimelinesForStop } from './recovery.js';
