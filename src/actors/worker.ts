/**
 * A worker thread's entry (one Piscina pool per worker, so shards stay on their thread).
 * Each write command of a batch runs in its own LMDB child transaction (a command that throws leaves
 * nothing half-written); lmdb-js queues them in call order and commits many in one transaction, so a
 * shard's commands apply in mailbox order while sharing fsyncs. Timeline pushes and reads touch only
 * this thread's memory and run as the batch arrives: pushes commute, and a client reads its home
 * timeline only after the write it waits for has answered. Timelines are flushed every timelineFlushMs.
 */
import { workerData } from 'node:worker_threads';
import { createActorContext, ok, type ActorContext, type ActorSettings } from './context.js';
import { decodeBatch, encodeResult } from './codec.js';
import type { Changed, Command, FlushKind, Outgoing, Reply } from './protocol.js';
import type { NoteRecord } from '../store/index.js';
import { noChanges } from './changes.js';
import { userHandlers } from './user.js';
import { noteHandlers } from './note-write.js';
import { createNote, fanOut, refanout } from './note-create.js';
import { flushTimelines, pushToTimelines, readTimeline } from './timeline.js';
import { logger, setLogLevel } from '../log/index.js';

const { settings, worker, workers } = workerData as { settings: ActorSettings; worker: number; workers: number };
setLogLevel(settings.logLevel);
const log = logger('actors');
const ctx: ActorContext = createActorContext(settings, worker, workers);

function apply(command: Exclude<Command, { op: 'timeline.flush' }>, out: Outgoing[], created: NoteRecord[]): Reply {
  switch (command.op) {
    case 'note.create': return createNote(ctx, command.args, created);
    case 'note.fanout': return refanout(ctx, command.args, out);
    case 'timeline.push': return pushToTimelines(ctx, command.args);
    case 'timeline.page': return readTimeline(ctx, command.args);
    case 'note.delete': case 'note.unrenote': case 'note.react': case 'note.unreact':
    case 'note.vote': case 'note.favorite': case 'note.unfavorite':
      return (noteHandlers[command.op] as (c: ActorContext, a: typeof command.args) => Reply)(ctx, command.args);
    default:
      return (userHandlers[command.op] as (c: ActorContext, a: typeof command.args) => Reply)(ctx, command.args);
  }
}

let flushing: Promise<void> = Promise.resolve();
/** Flushes run one after another, so a final flush comes after any periodic one already under way. */
function flush(kind: FlushKind): Promise<void> {
  flushing = flushing.catch(() => undefined).then(() => flushTimelines(ctx, kind));
  return flushing;
}

/**
 * A created note's fan-out, queued as a microtask from inside its transaction callback: it runs as soon
 * as the batch's callbacks have returned, while lmdb-js's writer thread commits and fsyncs, a span in
 * which this thread would otherwise idle. Applied later (after the commit), the pushes had delayed the
 * callbacks of the next transaction, and with them the disk. The 200 still comes only after the commit,
 * so every follower's timeline holds the note before its author hears back. Should the commit fail,
 * the timelines keep an entry for a note that never existed, which every read skips like a deleted note.
 */
function fanOutAfterCallbacks(created: NoteRecord[], out: Outgoing[], outcome: { failure?: unknown }): void {
  queueMicrotask(() => {
    try {
      for (const note of created) fanOut(ctx, note, out);
    } catch (err) {
      // kept for the command's reply: thrown from a microtask it would take the whole thread down
      outcome.failure = err;
    }
  });
}

async function run(command: Command, outgoing: Outgoing[], changed: Changed): Promise<Reply> {
  const out: Outgoing[] = [];
  const mine = noChanges();
  const fanout: { failure?: unknown } = {};
  try {
    let reply: Reply;
    if (command.op === 'timeline.flush') {
      await flush(command.args.kind);
      reply = ok(null);
    } else if (command.op === 'timeline.push' || command.op === 'timeline.page' || command.op === 'note.fanout') {
      reply = apply(command, out, []);
    } else {
      reply = (await ctx.store.childTransaction(() => {
        const created: NoteRecord[] = [];
        const result = ctx.changes.record(mine, () => apply(command, out, created));
        if (created.length > 0) fanOutAfterCallbacks(created, out, fanout);
        return result;
      })) as Reply;
    }
    // reported only now that the command has committed, so the gateway never re-caches the old state
    changed.notes.push(...mine.notes);
    changed.users.push(...mine.users);
    changed.tokens.push(...mine.tokens);
    if (fanout.failure !== undefined) throw fanout.failure;
    if (reply.ok) outgoing.push(...out);
    return reply;
  } catch (err) {
    log.error({ err, op: command.op }, 'actor command failed');
    return { ok: false, error: 'internal' };
  }
}

setInterval(() => {
  flush('periodic').catch((err: unknown) => {
    log.error({ err }, 'timeline flush failed; the changes stay queued for the next one');
  });
}, settings.timelineFlushMs);

export default async function runBatch(bytes: Uint8Array): Promise<Uint8Array> {
  const batch = decodeBatch(bytes);
  const outgoing: Outgoing[] = [];
  const changed = noChanges();
  const replies = await Promise.all(batch.shards.map((s) => Promise.all(s.commands.map((c) => run(c, outgoing, changed)))));
  try {
    return encodeResult({ replies, outgoing, changed });
  } catch (err) {
    // one reply that cannot be encoded fails only its own command
    log.error({ err }, 'a batch result could not be encoded; failing the replies that cannot be');
    const encodable = replies.map((shard) => shard.map((reply) => {
      try {
        encodeResult({ replies: [[reply]], outgoing: [], changed: noChanges() });
        return reply;
      } catch {
        return { ok: false as const, error: 'internal' as const };
      }
    }));
    return encodeResult({ replies: encodable, outgoing, changed });
  }
}
