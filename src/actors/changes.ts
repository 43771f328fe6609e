/**
 * Which notes and users a command wrote, reported to the gateway with the batch result once the
 * command has committed, so the gateway's read caches drop exactly those entries (and later, the
 * streaming events ride the same path). The worker's own `notes` and `users` handles are wrapped so
 * no write path can forget to report; the recorder is per thread and only set while a command's
 * transaction callback runs (callbacks run one at a time).
 */
import type { Database } from 'lmdb';
import type { Store } from '../store/index.js';
import type { Changed } from './protocol.js';

export class ChangeRecorder {
  private current: Changed | null = null;

  /** Runs `body` recording the note and user ids it writes into `into`. */
  record<T>(into: Changed, body: () => T): T {
    this.current = into;
    try {
      return body();
    } finally {
      this.current = null;
    }
  }

  /** Makes the store's note and user writes report to this recorder. */
  track(store: Store): void {
    this.wrap(store.notes, 'notes');
    this.wrap(store.users, 'users');
    this.wrap(store.tokens, 'tokens');
  }

  private wrap(db: Database<unknown, string>, kind: keyof Changed): void {
    const writes = db as unknown as Record<'put' | 'remove' | 'putSync' | 'removeSync', (key: string, ...rest: unknown[]) => unknown>;
    for (const method of ['put', 'remove', 'putSync', 'removeSync'] as const) {
      const original = writes[method].bind(db);
      writes[method] = (key: string, ...rest: unknown[]) => {
        this.current?.[kind].push(key);
        return original(key, ...rest);
      };
    }
  }
}

export const noChanges = (): Changed => ({ notes: [], users: [], tokens: [] });
