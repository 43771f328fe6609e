/**
 * The mailboxes: commands hashed to S shards, each shard a bounded FIFO. Shard s lives on worker s % W,
 * a one-thread Piscina pool; every tick the queued commands of each worker's shards go out as one
 * msgpack-encoded batch. Batches are pipelined: a worker receives its batches in order and queues
 * their LMDB transactions in that order, so a shard's commands still apply in mailbox order while
 * many batches share commits. A worker holds at most `tasksPerWorker` batches; beyond that commands
 * wait in their mailbox (and a full mailbox refuses more).
 * A command's reply is delivered once everything it caused (its fan-out) is done too.
 */
import { Piscina } from 'piscina';
import { fileURLToPath } from 'node:url';
import { decodeResult, encodeBatch } from './codec.js';
import type { ActorSettings } from './context.js';
import type { Batch, Changed, Command, Op, Outgoing, Reply } from './protocol.js';
import { shardOf } from './protocol.js';
import { logger } from '../log/index.js';

const log = logger('actors.dispatcher');

/** Raised when a shard's mailbox is full: the caller should answer 503 with Retry-After. */
export class MailboxFullError extends Error {
  constructor(readonly shard: number) {
    super(`Expected room in mailbox of shard ${shard}, got a full mailbox`);
  }
}

export interface DispatcherOptions extends ActorSettings {
  workers: number;
  mailboxBound: number;
  batchMax: number;
  tasksPerWorker: number;
}

/** Where commands go: the one small interface behind which shard mapping and mailboxes live. */
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
  /** Calls `listener` with the notes and users each batch wrote, after they committed and before its replies are delivered. */
  onChanged(listener: (changed: Changed) => void): void;
  close(): Promise<void>;
}

interface Pending {
  command: Command;
  /** Resolves the sender; absent for messages actors sent each other. */
  resolve?: (reply: Reply) => void;
  /** The fan-out group this message belongs to. */
  group?: string;
}

interface Shard {
  queue: Pending[];
}

class LocalMailboxes implements Mailboxes {
  private readonly pools: Piscina[];
  private readonly shards: Shard[];
  private scheduled = false;
  private inFlight = 0;
  /** Batches each worker is running. */
  private readonly workerLoad: number[];
  private queued = 0;
  /** Outstanding messages per group, and the replies held until their group is done. */
  private readonly groups = new Map<string, { left: number; held: (() => void)[] }>();
  private drainWaiters: (() => void)[] = [];
  private readonly changeListeners: ((changed: Changed) => void)[] = [];

  constructor(private readonly options: DispatcherOptions) {
    const filename = fileURLToPath(new URL('./worker.js', import.meta.url));
    this.pools = Array.from({ length: options.workers }, (_, worker) => new Piscina({
      filename,
      minThreads: 1,
      maxThreads: 1,
      concurrentTasksPerWorker: options.tasksPerWorker,
      atomics: 'disabled',
      idleTimeout: Number.MAX_SAFE_INTEGER,
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
      workerData: { settings: pickSettings(options), worker, workers: options.workers },
    }));
    this.shards = Array.from({ length: options.shards }, () => ({ queue: [] }));
    this.workerLoad = new Array<number>(options.workers).fill(0);
  }

  send<K extends Op>(command: Extract<Command, { op: K }>, address: string): Promise<Reply<K>> {
    const shardIndex = shardOf(address, this.options.shards);
    const shard = this.shards[shardIndex]!;
    if (shard.queue.length >= this.options.mailboxBound) return Promise.reject(new MailboxFullError(shardIndex));
    return new Promise((resolve) => {
      shard.queue.push({ command, resolve: resolve as (r: Reply) => void });
      this.queued++;
      this.schedule();
    });
  }

  everyWorker<K extends Op>(command: Extract<Command, { op: K }>): Promise<Reply<K>[]> {
    const { workers, shards } = this.options;
    return Promise.all(Array.from({ length: Math.min(workers, shards) }, (_, worker) => new Promise<Reply<K>>((resolve) => {
      // shard `worker` runs on worker `worker`; bypassing the bound is fine for these rare commands
      this.shards[worker]!.queue.push({ command, resolve: resolve as (r: Reply) => void });
      this.queued++;
      this.schedule();
    })));
  }

  private enqueue(out: Outgoing): void {
    if (out.group !== undefined) this.groups.get(out.group)!.left++;
    this.shards[out.shard]!.queue.push({ command: out.command, group: out.group });
    this.queued++;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const { workers, batchMax } = this.options;
    const batches: { batch: Batch; taken: { shard: number; items: Pending[] }[] }[] = Array.from({ length: workers }, () => ({ batch: { shards: [] }, taken: [] }));
    this.shards.forEach((shard, index) => {
      if (shard.queue.length === 0 || this.workerLoad[index % workers]! >= this.options.tasksPerWorker) return;
      const items = shard.queue.splice(0, batchMax);
      this.queued -= items.length;
      const target = batches[index % workers]!;
      target.batch.shards.push({ shard: index, commands: items.map((p) => p.command) });
      target.taken.push({ shard: index, items });
    });
    batches.forEach((b, worker) => {
      if (b.taken.length > 0) void this.run(worker, b.batch, b.taken);
    });
  }

  private async run(worker: number, batch: Batch, taken: { shard: number; items: Pending[] }[]): Promise<void> {
    this.inFlight++;
    this.workerLoad[worker]!++;
    let replies: Reply[][];
    let outgoing: Outgoing[] = [];
    try {
      const result = decodeResult(await this.pools[worker]!.run(this.encode(batch, taken)));
      replies = result.replies;
      outgoing = result.outgoing;
      if (result.changed.notes.length + result.changed.users.length + result.changed.tokens.length > 0) for (const listener of this.changeListeners) listener(result.changed);
    } catch (err) {
      log.error({ err, worker }, 'batch failed');
      replies = taken.map((t) => t.items.map(() => ({ ok: false, error: 'internal' as const })));
    }
    for (const out of outgoing) {
      if (out.group !== undefined && !this.groups.has(out.group)) this.groups.set(out.group, { left: 0, held: [] });
    }
    for (const out of outgoing) this.enqueue(out);
    taken.forEach((t, i) => {
      t.items.forEach((item, j) => this.settle(item, replies[i]![j]!, outgoing));
    });
    this.inFlight--;
    this.workerLoad[worker]!--;
    this.schedule();
    this.checkDrained();
  }

  /**
   * The batch as bytes. A command that cannot be encoded (a value msgpackr refuses) is answered
   * `internal` and left out, so it never fails the commands batched with it.
   */
  private encode(batch: Batch, taken: { shard: number; items: Pending[] }[]): Uint8Array {
    try {
      return encodeBatch(batch);
    } catch (err) {
      log.error({ err }, 'a batch could not be encoded; sending its commands that can be');
    }
    taken.forEach((t, i) => {
      const kept = t.items.filter((item) => {
        try {
          encodeBatch({ shards: [{ shard: t.shard, commands: [item.command] }] });
          return true;
        } catch {
          item.resolve?.({ ok: false, error: 'internal' });
          return false;
        }
      });
      t.items = kept;
      batch.shards[i]!.commands = kept.map((item) => item.command);
    });
    return encodeBatch(batch);
  }

  /** Delivers a reply: held while the fan-out the command started is still running. */
  private settle(item: Pending, reply: Reply, outgoing: Outgoing[]): void {
    const started = reply.ok && item.command.op === 'note.create' ? (reply.value as { noteId: string }).noteId
      : reply.ok && item.command.op === 'note.fanout' ? item.command.args.noteId : undefined;
    const deliver = () => item.resolve?.(reply);
    const group = started !== undefined ? this.groups.get(started) : undefined;
    if (group !== undefined && outgoing.some((o) => o.group === started)) group.held.push(deliver);
    else deliver();
    if (item.group !== undefined) {
      const g = this.groups.get(item.group)!;
      if (--g.left === 0) {
        this.groups.delete(item.group);
        for (const release of g.held) release();
      }
    }
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
    const answers = Promise.all(this.pools.map((p) => p.run(encodeBatch({ shards: [] })))).then(() => true, () => false);
    return Promise.race([answers, timeout]);
  }

  depth(): number {
    return this.queued;
  }

  onChanged(listener: (changed: Changed) => void): void {
    this.changeListeners.push(listener);
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.destroy()));
  }
}

const pickSettings = (o: ActorSettings): ActorSettings => ({
  dataDir: o.dataDir, mapSizeMb: o.mapSizeMb, url: o.url, shards: o.shards, homeTimelineMax: o.homeTimelineMax,
  timelineFlushMs: o.timelineFlushMs, timelineCacheUsers: o.timelineCacheUsers, logLevel: o.logLevel,
});

/** Starts W workers and S mailboxes on this machine. */
export function createMailboxes(options: DispatcherOptions): Mailboxes {
  return new LocalMailboxes(options);
}
