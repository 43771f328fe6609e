/**
 * Each viewer's relation snapshot (domain's ViewerRelations), read once and kept on the gateway thread
 * until a domain event changes one of its relations (read-caches.ts) or its earliest mute ends.
 */
import { readViewerRelations, type ViewerRelations } from '../domain/index.js';
import { BoundedMap, type Store } from '../store/index.js';

export class ViewerRelationsCache {
  private readonly snapshots: BoundedMap<string, ViewerRelations>;

  constructor(
    private readonly store: Store,
    max: number,
  ) {
    this.snapshots = new BoundedMap(max);
  }

  /** The viewer's relations as they stand now. */
  of(userId: string): ViewerRelations {
    const now = Date.now();
    const known = this.snapshots.get(userId);
    if (known !== undefined && known.validUntil > now) return known;
    const read = readViewerRelations(this.store, userId, now);
    this.snapshots.set(userId, read);
    return read;
  }

  forget(userId: string): void {
    this.snapshots.delete(userId);
  }
}
