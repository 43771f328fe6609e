/**
 * Blocks: who each user blocks (UserEdges, value the blocking's id) and, the other way round, who
 * blocks each user (`${blockeeId}${blockerId}` → true), so both sides of a viewer's relations are one
 * range read each.
 */
import type { Database } from 'lmdb';
import { IdIndex, type PageParams } from './paging.js';
import { UserEdges } from './user-edges.js';

export class Blocks {
  private readonly blocking: UserEdges<string>;
  private readonly blockedBy: IdIndex<true>;

  constructor(blocks: Database<string, string>, blockLog: Database<string, string>, blockedBy: Database<true, string>) {
    this.blocking = new UserEdges(blocks, blockLog, (blockingId) => blockingId);
    this.blockedBy = new IdIndex(blockedBy);
  }

  /** Whether `blockerId` blocks `blockeeId`. */
  has(blockerId: string, blockeeId: string): boolean {
    return this.blocking.has(blockerId, blockeeId);
  }

  add(blockerId: string, blockeeId: string, blockingId: string): void {
    this.blocking.add(blockerId, blockeeId, blockingId);
    void this.blockedBy.put(blockeeId, blockerId, true);
  }

  /** Answers the removed block's id, or undefined when there was none. */
  remove(blockerId: string, blockeeId: string): string | undefined {
    const blockingId = this.blocking.remove(blockerId, blockeeId);
    if (blockingId === undefined) return undefined;
    void this.blockedBy.remove(blockeeId, blockerId);
    return blockingId;
  }

  /** Whom `userId` blocks. */
  of(userId: string): string[] {
    return this.blocking.entries(userId).map((e) => e.id);
  }

  /** Who blocks `userId`. */
  blockersOf(userId: string): string[] {
    return this.blockedBy.ids(userId);
  }

  /** Whom `userId` blocks as (blocking id, blockee id), in Misskey's page order (blocking/list). */
  page<T>(
    userId: string,
    params: PageParams,
    limit: number,
    accept: (blockingId: string, blockeeId: string) => T | undefined,
  ): T[] {
    return this.blocking.page(userId, params, limit, accept);
  }
}
