/** The messages between the main thread and the outbox's thread: a closed set each way. */
import type { OutboxStats } from './outbox.js';
import type { HookCallReport } from './webhook-calls.js';

export type OutboxRequest =
  | { kind: 'retry'; id: number; host: string | null }
  | { kind: 'drop'; id: number; host: string }
  | { kind: 'stop'; timeoutMs: number };

export type OutboxReply =
  | { kind: 'stats'; stats: OutboxStats }
  | { kind: 'done'; id: number; count: number }
  | { kind: 'hookCall'; report: HookCallReport }
  | { kind: 'stopped' };
