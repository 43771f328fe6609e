/**
 * User mutes (UserEdges of MutingRecord): a mute past its `expiresAt` counts as absent on every read
 * here, and is removed when its muter next mutes or unmutes that user.
 */
import type { Database } from 'lmdb';
import type { PageParams } from './paging.js';
import type { MutingRecord } from './records.js';
import { UserEdges } from './user-edges.js';

const isLive = (mute: MutingRecord, now: number) => mute.expiresAt === null || mute.expiresAt > now;

export class Mutes {
  private readonly edges: UserEdges<MutingRecord>;

  constructor(mutes: Database<MutingRecord, string>, muteLog: Database<string, string>) {
    this.edges = new UserEdges(mutes, muteLog, (mute) => mute.id);
  }

  /** Whether `muterId` mutes `muteeId` at `now` (ms). */
  has(muterId: string, muteeId: string, now: number): boolean {
    const mute = this.edges.get(muterId, muteeId);
    return mute !== undefined && isLive(mute, now);
  }

  /** Writes the mute, replacing an expired one. */
  add(muterId: string, muteeId: string, mute: MutingRecord): void {
    this.edges.add(muterId, muteeId, mute);
  }

  /** Removes the mute; answers whether it was still in force at `now`. */
  remove(muterId: string, muteeId: string, now: number): boolean {
    const removed = this.edges.remove(muterId, muteeId);
    return removed !== undefined && isLive(removed, now);
  }

  /** Whom `userId` mutes at `now`, with when each mute ends (null: never). */
  of(userId: string, now: number): { muteeId: string; expiresAt: number | null }[] {
    const mutes: { muteeId: string; expiresAt: number | null }[] = [];
    for (const { id, value } of this.edges.entries(userId))
      if (isLive(value, now)) mutes.push({ muteeId: id, expiresAt: value.expiresAt });
    return mutes;
  }

  /** The mutes of `userId` in force at `now` as (mute, mutee id), in Misskey's page order (mute/list). */
  page<T>(
    userId: string,
    now: number,
    params: PageParams,
    limit: number,
    accept: (mute: MutingRecord, muteeId: string) => T | undefined,
  ): T[] {
    return this.edges.page(userId, params, limit, (_muteId, muteeId) => {
      const mute = this.edges.get(userId, muteeId);
      return mute !== undefined && isLive(mute, now) ? accept(mute, muteeId) : undefined;
    });
  }
}
