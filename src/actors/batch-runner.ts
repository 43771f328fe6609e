/**
 * One worker's actors running batches: the code behind a Piscina worker thread (worker-entry.ts) and behind
 * each worker of the in-process mailboxes alike.
 * Each write command of a batch runs in its own LMDB child transaction (a command that throws leaves
 * nothing half-written); lmdb-js queues them in call order and commits many in one transaction, so a
 * shard's commands apply in mailbox order while sharing fsyncs. Commands that do not write (timeline
 * pushes and reads) touch only this worker's memory and run as the batch arrives: pushes commute, and
 * a client reads its home timeline only after the write it waits for has answered.
 */

import type { DomainEvent } from '../domain/index.js';
import { logger } from '../log/index.js';
import type { NoteRecord } from '../store/index.js';
import { decodeBatch, encodeResult } from './codec.js';
import type { ActorContext } from './context.js';
import { reactToEvents } from './event-reactions.js';
import type { Effects } from './handler.js';
import { HANDLERS } from './handlers.js';
import { fanOut } from './note-create.js';
import type { Batch, BatchResult, Caused, Command, Commands, Op, Outgoing, Reply } from './protocol.js';
import { flushesEnded, flushInTurn } from './timeline-flushes.js';

const log = logger('actors');

/** Set when a created note's fan-out threw: kept for the command's reply, since thrown from a microtask it would end the thread. */
interface FanOutOutcome {
  failure?: unknown;
}

/** One worker's actors: its context (store handles, home timelines, audiences) and the batches it runs. */
export class ActorWorker {
  constructor(readonly ctx: ActorContext) {}

  /** Runs an encoded batch and encodes its result; a reply that cannot be encoded fails only its own command. */
  async runEncoded(bytes: Uint8Array): Promise<Uint8Array> {
    const result = await this.runBatch(decodeBatch(bytes));
    try {
      return encodeResult(result);
    } catch (err) {
      log.error({ err }, 'a batch result could not be encoded; failing the replies that cannot be');
      const replies = result.replies.map((reply): Reply => {
        try {
          encodeResult({ replies: [reply], outgoing: [], events: [] });
          return reply;
        } catch {
          return { ok: false, error: 'internal' };
        }
      });
      return encodeResult({ replies, outgoing: result.outgoing, events: result.events });
    }
  }

  /** Starts every command of the batch in order and answers once all have ended. */
  async runBatch(batch: Batch): Promise<BatchResult> {
    const outgoing: Caused[] = [];
    const events: DomainEvent[] = [];
    const replies: Promise<Reply>[] = [];
    for (const { commands } of batch.shards) {
      for (const command of commands) replies.push(this.run(command, replies.length, outgoing, events));
    }
    return { replies: await Promise.all(replies), outgoing, events };
  }

  /** Flushes the timelines every `timelineFlushMs`; the timer is returned so a caller can stop it. */
  startFlushing(): NodeJS.Timeout {
    return setInterval(() => {
      flushInTurn(this.ctx, 'periodic').catch((err: unknown) => {
        log.error({ err }, 'timeline flush failed; the changes stay queued for the next one');
      });
    }, this.ctx.settings.timelineFlushMs);
  }

  /** Waits for the flushes under way, then closes this worker's store. */
  async close(): Promise<void> {
    await flushesEnded(this.ctx);
    await this.ctx.store.close();
  }

  /** Runs one command; what it sent and emitted is added to the batch's only once it has committed and succeeded. */
  private async run(command: Command, position: number, outgoing: Caused[], events: DomainEvent[]): Promise<Reply> {
    const effects: Effects = { outgoing: [], created: [] };
    const emitted: DomainEvent[] = [];
    const fanout: FanOutOutcome = {};
    try {
      const reply = await this.apply(command.op, command.args, effects, emitted, fanout);
      if (!reply.ok) return reply;
      // reported only now that the command has committed, so the gateway never re-caches the old state;
      // a failed fan-out comes after the commit and does not undo what the events say
      for (const event of emitted) events.push(event);
      if (fanout.failure !== undefined) throw fanout.failure;
      for (const sent of effects.outgoing) outgoing.push({ shard: sent.shard, command: sent.command, cause: position });
      return reply;
    } catch (err) {
      log.error({ err, op: command.op }, 'actor command failed');
      return { ok: false, error: 'internal' };
    }
  }

  private apply<K extends Op>(
    op: K,
    args: Commands[K],
    effects: Effects,
    emitted: DomainEvent[],
    fanout: FanOutOutcome,
  ): Reply<K> | Promise<Reply<K>> {
    const entry = HANDLERS[op];
    if (!entry.writes) return entry.run(this.ctx, args, effects);
    return this.ctx.store.childTransaction(() => {
      const reply = this.ctx.events.record(emitted, () => {
        const from = emitted.length;
        const result = entry.run(this.ctx, args, effects);
        if (result.ok) reactToEvents(this.ctx, emitted, from);
        return result;
      });
      if (effects.created.length > 0) this.fanOutAfterCallbacks(effects.created, effects.outgoing, fanout);
      return reply;
    });
  }

  /**
   * A created note's fan-out, queued as a microtask from inside its transaction callback: it runs as
   * soon as the batch's callbacks have returned, while lmdb-js's writer thread commits and fsyncs, a
   * span in which this thread would otherwise idle. Applied later (after the commit), the pushes
   * delayed the callbacks of the next transaction, and with them the disk. The reply still comes only
   * after the commit, so every follower's timeline holds the note before its author hears back. Should
   * the commit fail, the timelines keep an entry for a note that never existed, which every read skips
   * like a deleted note.
   */
  private fanOutAfterCallbacks(created: NoteRecord[], outgoing: Outgoing[], outcome: FanOutOutcome): void {
    queueMicrotask(() => {
      try {
        for (const note of created) fanOut(this.ctx, note, outgoing);
      } catch (err) {
        outcome.failure = err;
      }
    });
  }
}
