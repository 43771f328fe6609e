/**
 * A relation from one user to others (blocks, mutes, renote mutes): each edge (`${ownerId}${otherId}` →
 * E) and the owner's edges in creation order (`${ownerId}${edgeId}` → otherId), so a user's list pages
 * in Misskey's order. Every edge carries an id (`idOf`), its pagination key.
 */
import type { Database } from 'lmdb';
import { IdIndex, type PageParams } from './paging.js';

export class UserEdges<E> {
  private readonly edges: IdIndex<E>;
  private readonly log: IdIndex<string>;

  constructor(
    edges: Database<E, string>,
    log: Database<string, string>,
    private readonly idOf: (edge: E) => string,
  ) {
    this.edges = new IdIndex(edges);
    this.log = new IdIndex(log);
  }

  get(ownerId: string, otherId: string): E | undefined {
    return this.edges.get(ownerId, otherId);
  }

  has(ownerId: string, otherId: string): boolean {
    return this.edges.has(ownerId, otherId);
  }

  /** Writes the edge, replacing (and unlisting) one there was. */
  add(ownerId: string, otherId: string, edge: E): void {
    this.remove(ownerId, otherId);
    void this.edges.put(ownerId, otherId, edge);
    void this.log.put(ownerId, this.idOf(edge), otherId);
  }

  /** Removes the edge; answers it, or undefined when there was none. */
  remove(ownerId: string, otherId: string): E | undefined {
    const edge = this.edges.get(ownerId, otherId);
    if (edge === undefined) return undefined;
    void this.edges.remove(ownerId, otherId);
    void this.log.remove(ownerId, this.idOf(edge));
    return edge;
  }

  /** How many edges the owner has. */
  count(ownerId: string): number {
    return this.edges.count(ownerId);
  }

  /** The owner's edges as (other user's id, edge), in user id order: one range read. */
  entries(ownerId: string): { id: string; value: E }[] {
    return this.edges.entries(ownerId);
  }

  /** The owner's edges as (edge id, other user's id) in Misskey's page order. */
  page<T>(
    ownerId: string,
    params: PageParams,
    limit: number,
    accept: (edgeId: string, otherId: string) => T | undefined,
  ): T[] {
    return this.log.page(ownerId, params, limit, accept);
  }
}
