/** What an actor handler is: the one declaration every handler file and the handler table use. */
import type { NoteRecord } from '../store/index.js';
import type { ActorContext } from './context.js';
import type { Commands, Op, Outgoing, Reply } from './protocol.js';

/** What a command leaves besides its reply, for the batch runner to act on once it has committed. */
export interface Effects {
  /** Commands for other shards; sent only when the command succeeds. */
  outgoing: Outgoing[];
  /** Notes written whose fan-out runs once the transaction callbacks have returned (batch-runner.ts). */
  created: NoteRecord[];
}

/** Handles one op. Synchronous, so that a writing command runs whole inside its LMDB child transaction. */
export type Handler<K extends Op> = (ctx: ActorContext, args: Commands[K], effects: Effects) => Reply<K>;

/**
 * How the batch runner runs an op: a writing op inside its own child transaction (rolled back alone
 * if it throws), any other as the batch arrives, since it touches only this thread's memory or only
 * reads, and may then take its time (a timeline flush awaits its writes).
 */
export type HandlerEntry<K extends Op> =
  | { writes: true; run: Handler<K> }
  | { writes: false; run: (ctx: ActorContext, args: Commands[K], effects: Effects) => Reply<K> | Promise<Reply<K>> };

/** One entry per op: an op without a handler does not compile. */
export type HandlerTable = { [K in Op]: HandlerEntry<K> };
