/** Actors: the message protocol, the mailboxes that route commands to sharded workers, and nothing else public. */
export { createMailboxes, MailboxFullError, type Mailboxes, type DispatcherOptions } from './dispatcher.js';
export type { Changed, Command, Commands, Results, Reply, DomainError, Op, NoteInput, PollInput, ProfilePatch } from './protocol.js';
export { normalizeReaction, reactionKeyOf } from './note-write.js';
export { recoverTimelines, flushTimelinesForStop } from './recovery.js';
