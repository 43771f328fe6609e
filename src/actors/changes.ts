/**
 * Which notes and users a command wrote, reported to the gateway with the batch result once the
 * command has committed, so the gateway's read caches drop exactly those entries (and later, the
 * streaming events ride the same path). The store reports every write of a note, user or token
 * (`observeWrites`), so no write path can forget; the recorder is per thread and only set while a
 * command's transaction callback runs (callbacks run one at a time).
 */
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

  /** Makes the store's note, user and token writes report to this recorder. */
  track(store: Store): void {
    store.observeWrites((kind, key) => {
      this.current?.[kind].push(key);
    });
  }
}

export const noChanges = (): Changed => ({ notes: [], users: [], tokens: [] });
