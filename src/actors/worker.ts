/**
 * A worker thread's entry (one Piscina pool per worker, so shards stay on their thread).
 * Each command of a batch runs in its own LMDB child transaction (a command that throws leaves nothing
 * half-written); lmdb-js queues them in call order and commits many in one transaction, so a shard's
 * commands apply in mailbox order while sharing fsyncs. timeline.push skips the child transaction (it
 * costs about as much again per command): its puts are idempotent and a pending fan-out is re-run.
 */
import { workerData } from 'node:worker_threads';
import { createActorContext, type ActorContext, type ActorSettings } from './context.js';
import { decodeBatch, encodeResult } from './codec.js';
import type { Command, Outgoing, Reply } from './protocol.js';
import { userHandlers } from './user.js';
import { noteHandlers } from './note-write.js';
import { createNote, refanout } from './note-create.js';
import { pushToTimelines } from './timeline.js';
import { logger, setLogLevel } from '../log/index.js';

const { settings, worker, workers } = workerData as { settings: ActorSettings; worker: number; workers: number };
setLogLevel(settings.logLevel);
const log = logger('actors');
const ctx: ActorContext = createActorContext(settings, worker, workers);

function apply(command: Command, out: Outgoing[]): Reply {
  switch (command.op) {
    case 'note.create': return createNote(ctx, command.args, out);
    case 'note.fanout': return refanout(ctx, command.args, out);
    case 'timeline.push': return pushToTimelines(ctx, command.args);
    case 'note.delete': case 'note.unrenote': case 'note.react': case 'note.unreact':
    case 'note.vote': case 'note.favorite': case 'note.unfavorite':
      return (noteHandlers[command.op] as (c: ActorContext, a: typeof command.args) => Reply)(ctx, command.args);
    default:
      return (userHandlers[command.op] as (c: ActorContext, a: typeof command.args) => Reply)(ctx, command.args);
  }
}

async function run(command: Command, outgoing: Outgoing[]): Promise<Reply> {
  const out: Outgoing[] = [];
  try {
    const body = () => apply(command, out);
    const reply = (await (command.op === 'timeline.push' ? ctx.store.env.transaction(body) : ctx.store.env.childTransaction(body))) as Reply;
    if (reply.ok) outgoing.push(...out);
    return reply;
  } catch (err) {
    log.error({ err, op: command.op }, 'actor command failed');
    return { ok: false, error: 'internal' };
  }
}

export default async function runBatch(bytes: Uint8Array): Promise<Uint8Array> {
  const batch = decodeBatch(bytes);
  const outgoing: Outgoing[] = [];
  const replies = await Promise.all(batch.shards.map((s) => Promise.all(s.commands.map((c) => run(c, outgoing)))));
  return encodeResult({ replies, outgoing });
}
