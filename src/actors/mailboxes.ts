/**
 * The mailboxes: the one small interface behind which shards, placement and workers live. The
 * gateway knows nothing else about routing; createMailboxes runs the actors on Piscina worker threads,
 * createInProcessMailboxes on the calling thread (for unit tests), and a NATS JetStream implementation
 * can map shards to subjects behind the same surface.
 */

import type { EventListener } from '../domain/index.js';
import type { ActorSettings } from './context.js';
import type { Command, Op, Reply } from './protocol.js';

/** Raised when a shard's mailbox is full: the caller should answer 503 with Retry-After. */
export class MailboxFullError extends Error {
  constructor(readonly shard: number) {
    super(`Expected room in mailbox of shard ${shard}, got a full mailbox`);
  }
}

export interface MailboxOptions extends ActorSettings {
  /** Worker threads (each one Piscina pool of one thread); shards are spread over them. */
  workers: number;
  /** Commands one shard's mailbox holds before `send` refuses with MailboxFullError. */
  mailboxBound: number;
  /** Commands taken from one shard's mailbox into one batch. */
  batchMax: number;
  /** Batches a worker may hold at once (pipelining); beyond that, commands wait in their mailboxes. */
  tasksPerWorker: number;
}

export interface Mailboxes {
  /** Sends a command to the actor `address` (a user or note id); rejects with MailboxFullError when its shard is full. */
  send<K extends Op>(command: Extract<Command, { op: K }>, address: string): Promise<Reply<K>>;
  /** Sends a command about a worker's own state (a timeline flush) to every worker that holds shards. */
  everyWorker<K extends Op>(command: Extract<Command, { op: K }>): Promise<Reply<K>[]>;
  /** Resolves when every mailbox is empty and nothing is in flight. */
  drain(): Promise<void>;
  /** Whether every worker answers. */
  ping(timeoutMs: number): Promise<boolean>;
  /** Queued commands across shards (for health and metrics). */
  depth(): number;
  /**
   * Calls `listener` with the domain events of each batch that has any, after its commands committed
   * and before its replies are delivered (so a client that saw its reply reads what the events say).
   */
  onEvents(listener: EventListener): void;
  close(): Promise<void>;
}
