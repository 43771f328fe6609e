/** Renote mutes: whose pure renotes each user does not want in their timelines (UserEdges, value the renote muting's id). */
import type { Database } from 'lmdb';
import type { PageParams } from './paging.js';
import { UserEdges } from './user-edges.js';

export class RenoteMutes {
  private readonly edges: UserEdges<string>;

  constructor(renoteMutes: Database<string, string>, renoteMuteLog: Database<string, string>) {
    this.edges = new UserEdges(renoteMutes, renoteMuteLog, (mutingId) => mutingId);
  }

  has(muterId: string, muteeId: string): boolean {
    return this.edges.has(muterId, muteeId);
  }

  add(muterId: string, muteeId: string, mutingId: string): void {
    this.edges.add(muterId, muteeId, mutingId);
  }

  /** Answers whether there was a renote mute to remove. */
  remove(muterId: string, muteeId: string): boolean {
    return this.edges.remove(muterId, muteeId) !== undefined;
  }

  /** Whose renotes `userId` mutes. */
  of(userId: string): string[] {
    return this.edges.entries(userId).map((e) => e.id);
  }

  /** The renote mutes of `userId` as (muting id, mutee id), in Misskey's page order (renote-mute/list). */
  page<T>(
    userId: string,
    params: PageParams,
    limit: number,
    accept: (mutingId: string, muteeId: string) => T | undefined,
  ): T[] {
    return this.edges.page(userId, params, limit, accept);
  }
}
