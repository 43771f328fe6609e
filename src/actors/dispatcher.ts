/**
 * The shard mailboxes, whatever carries batches to the workers: commands hashed to S shards, each a
 * bounded FIFO, placed on workers by the Placement. Every tick the queued commands of each worker's
 * shards go out as one encoded batch. Batches are pipelined: a worker receives its batches in order
 * and queues their LMDB transactions in that order, so a shard's commands still apply in mailbox
 * order while many batches share commits. A worker holds at most `tasksPerWorker` batches; beyond
 * that commands wait in their mailbox (and a full mailbox refuses more).
 * A command's reply is delivered once everything it caused (its fan-out) has been applied too; the
 * batch result says which command caused which message, so nothing here knows what an op means.
 */

import type { EventListener } from '../domain/index.js';
import { logger } from '../log/index.js';
import { decodeResult, encodeBatch } from './codec.js';
import { type Mailboxes, MailboxFullError, type MailboxOptions } from './mailboxes.js';
import { Placement } from './placement.js';
import type { Batch, Caused, Command, Op, Reply } from './protocol.js';

const log = logger('actors.dispatcher');

/** Carries an encoded batch to a worker's actors and brings back the encoded result. */
export interface WorkerTransport {
  run(worker: number, batch: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** What the commands a client sent caused: messages still to be applied, and the client's reply, held until none is left. */
interface FanOut {
  left: number;
  release?: () => void;
}

interface Pending {
  command: Command;
  /** Resolves the sender; absent for messages actors sent each other. */
  resolve?: (reply: Reply) => void;
  /** The fan-out this message is part of. */
  fanOut?: FanOut;
}

/** A batch on its way to a worker, and the mailbox entries of each of its shards. */
interface Outbound {
  batch: Batch;
  taken: Pending[][];
}

const INTERNAL: Reply = { ok: false, error: 'internal' };

export class ShardedMailboxes implements Mailboxes {
  private readonly placement: Placement;
  private readonly shards: Pending[][];
  private scheduled = false;
  private inFlight = 0;
  /** Batches each worker is running. */
  private readonly workerLoad: number[];
  private queued = 0;
  private drainWaiters: (() => void)[] = [];
  private readonly eventListeners: EventListener[] = [];

  constructor(
    private readonly options: MailboxOptions,
    private readonly transport: WorkerTransport,
  ) {
    this.placement = new Placement(options.shards, options.workers);
    this.shards = Array.from({ length: options.shards }, () => []);
    this.workerLoad = new Array<number>(options.workers).fill(0);
  }

  send<K extends Op>(command: Extract<Command, { op: K }>, address: string): Promise<Reply<K>> {
    const shard = this.placement.shardOf(address);
    const queue = this.shards[shard]!;
    if (queue.length >= this.options.mailboxBound) return Promise.reject(new MailboxFullError(shard));
    return new Promise((resolve) => this.enqueue(shard, { command, resolve: resolve as (r: Reply) => void }));
  }

  everyWorker<K extends Op>(command: Extract<Command, { op: K }>): Promise<Reply<K>[]> {
    return Promise.all(
      Array.from(
        { length: this.placement.workersWithShards },
        (_, worker) =>
          new Promise<Reply<K>>((resolve) => {
            // bypassing the bound is fine for these rare commands
            this.enqueue(this.placement.firstShardOf(worker), { command, resolve: resolve as (r: Reply) => void });
          }),
      ),
    );
  }

  private enqueue(shard: number, item: Pending): void {
    this.shards[shard]!.push(item);
    this.queued++;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const { batchMax, tasksPerWorker } = this.options;
    const outbound: (Outbound | undefined)[] = [];
    this.shards.forEach((queue, shard) => {
      const worker = this.placement.workerOf(shard);
      if (queue.length === 0 || this.workerLoad[worker]! >= tasksPerWorker) return;
      const items = queue.splice(0, batchMax);
      this.queued -= items.length;
      let target = outbound[worker];
      if (target === undefined) {
        target = { batch: { shards: [] }, taken: [] };
        outbound[worker] = target;
      }
      target.batch.shards.push({ shard, commands: items.map((p) => p.command) });
      target.taken.push(items);
    });
    outbound.forEach((target, worker) => {
      if (target !== undefined) void this.run(worker, target);
    });
  }

  private async run(worker: number, { batch, taken }: Outbound): Promise<void> {
    this.inFlight++;
    this.workerLoad[worker]!++;
    let replies: Reply[] | undefined;
    let outgoing: Caused[] = [];
    try {
      const result = decodeResult(await this.transport.run(worker, this.encode(batch, taken)));
      replies = result.replies;
      outgoing = result.outgoing;
      if (result.events.length > 0) for (const listener of this.eventListeners) listener(result.events);
    } catch (err) {
      log.error({ err, worker }, 'batch failed');
    }
    const items = taken.flat();
    this.settle(items, replies ?? items.map(() => INTERNAL), outgoing);
    this.inFlight--;
    this.workerLoad[worker]!--;
    this.schedule();
    this.checkDrained();
  }

  /**
   * The batch as bytes. A command that cannot be encoded (a value msgpackr refuses) is answered
   * `internal` and left out, so it never fails the commands batched with it.
   */
  private encode(batch: Batch, taken: Pending[][]): Uint8Array {
    try {
      return encodeBatch(batch);
    } catch (err) {
      log.error({ err }, 'a batch could not be encoded; sending its commands that can be');
    }
    taken.forEach((items, i) => {
      const { shard } = batch.shards[i]!;
      const kept = items.filter((item) => {
        try {
          encodeBatch({ shards: [{ shard, commands: [item.command] }] });
          return true;
        } catch {
          this.deliver(item, INTERNAL);
          return false;
        }
      });
      taken[i] = kept;
      batch.shards[i]!.commands = kept.map((item) => item.command);
    });
    return encodeBatch(batch);
  }

  /**
   * Queues what the batch's commands sent and delivers their replies: a client's reply waits for the
   * messages its command caused (and whatever those cause in turn) to be applied.
   */
  private settle(items: Pending[], replies: Reply[], outgoing: Caused[]): void {
    let started: Map<number, FanOut> | undefined;
    for (const sent of outgoing) {
      const cause = items[sent.cause]!;
      let fanOut = cause.fanOut;
      if (fanOut === undefined) {
        started ??= new Map();
        fanOut = started.get(sent.cause);
        if (fanOut === undefined) {
          fanOut = { left: 0 };
          started.set(sent.cause, fanOut);
        }
      }
      fanOut.left++;
      this.shards[sent.shard]!.push({ command: sent.command, fanOut });
      this.queued++;
    }
    items.forEach((item, i) => {
      const reply = replies[i]!;
      const fanOut = started?.get(i);
      if (fanOut !== undefined) fanOut.release = () => item.resolve?.(reply);
      else item.resolve?.(reply);
      this.leaveFanOut(item);
    });
  }

  /** Delivers a reply that waits for nothing. */
  private deliver(item: Pending, reply: Reply): void {
    item.resolve?.(reply);
    this.leaveFanOut(item);
  }

  private leaveFanOut(item: Pending): void {
    const fanOut = item.fanOut;
    if (fanOut !== undefined && --fanOut.left === 0) fanOut.release?.();
  }

  private checkDrained(): void {
    if (this.queued > 0 || this.inFlight > 0 || this.drainWaiters.length === 0) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }

  drain(): Promise<void> {
    return new Promise((resolve) => {
      this.drainWaiters.push(resolve);
      this.checkDrained();
    });
  }

  async ping(timeoutMs: number): Promise<boolean> {
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    const empty = encodeBatch({ shards: [] });
    const answers = Promise.all(
      Array.from({ length: this.placement.workers }, (_, worker) => this.transport.run(worker, empty)),
    ).then(
      () => true,
      () => false,
    );
    return Promise.race([answers, timeout]);
  }

  depth(): number {
    return this.queued;
  }

  onEvents(listener: EventListener): void {
    this.eventListeners.push(listener);
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
