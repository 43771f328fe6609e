/**
 * User lists: each list (`listId` → UserListRecord), its owner's lists (`${ownerId}${listId}` → true),
 * its members (`${listId}${userId}` → ListMembership) in joining order (`${listId}${membershipId}` →
 * userId), and who favorited it (`${listId}${userId}` → true).
 */
import type { Database } from 'lmdb';
import { IdIndex, type PageEntry, type PageParams } from './paging.js';
import type { ListMembership, UserListRecord } from './records.js';

export interface UserListDatabases {
  lists: Database<UserListRecord, string>;
  ownerLists: Database<true, string>;
  members: Database<ListMembership, string>;
  memberLog: Database<string, string>;
  likes: Database<true, string>;
}

export class UserLists {
  private readonly lists: Database<UserListRecord, string>;
  private readonly ownerLists: IdIndex<true>;
  private readonly memberships: IdIndex<ListMembership>;
  private readonly memberLog: IdIndex<string>;
  private readonly likes: IdIndex<true>;

  constructor(dbs: UserListDatabases) {
    this.lists = dbs.lists;
    this.ownerLists = new IdIndex(dbs.ownerLists);
    this.memberships = new IdIndex(dbs.members);
    this.memberLog = new IdIndex(dbs.memberLog);
    this.likes = new IdIndex(dbs.likes);
  }

  get(listId: string): UserListRecord | undefined {
    return this.lists.get(listId);
  }

  /** The owner's list ids, oldest first. */
  idsOf(ownerId: string): string[] {
    return this.ownerLists.ids(ownerId);
  }

  countOf(ownerId: string): number {
    return this.ownerLists.count(ownerId);
  }

  /** Writes a new list or a list's new name or visibility. */
  put(list: UserListRecord): void {
    void this.lists.put(list.id, list);
    void this.ownerLists.put(list.userId, list.id, true);
  }

  /** Removes the list with its members and favorites. */
  remove(list: UserListRecord): void {
    void this.lists.remove(list.id);
    void this.ownerLists.remove(list.userId, list.id);
    this.memberships.removeAll(list.id);
    this.memberLog.removeAll(list.id);
    this.likes.removeAll(list.id);
  }

  membership(listId: string, userId: string): ListMembership | undefined {
    return this.memberships.get(listId, userId);
  }

  /** Each member (`id`: the member's user id) with their membership, in user id order: one range read. */
  members(listId: string): PageEntry<ListMembership>[] {
    return this.memberships.entries(listId);
  }

  /** The members' ids in joining order. */
  memberIds(listId: string): string[] {
    return this.memberLog.values(listId);
  }

  memberCount(listId: string): number {
    return this.memberLog.count(listId);
  }

  addMember(listId: string, userId: string, membership: ListMembership): void {
    void this.memberships.put(listId, userId, membership);
    void this.memberLog.put(listId, membership.id, userId);
  }

  /** Rewrites a member's settings (same membership id). */
  updateMember(listId: string, userId: string, membership: ListMembership): void {
    void this.memberships.put(listId, userId, membership);
  }

  removeMember(listId: string, userId: string, membership: ListMembership): void {
    void this.memberships.remove(listId, userId);
    void this.memberLog.remove(listId, membership.id);
  }

  /** The list's memberships (membership id, member id), in Misskey's page order. */
  membershipPage<T>(
    listId: string,
    params: PageParams,
    limit: number,
    accept: (membershipId: string, userId: string) => T | undefined,
  ): T[] {
    return this.memberLog.page(listId, params, limit, accept);
  }

  isLikedBy(listId: string, userId: string): boolean {
    return this.likes.has(listId, userId);
  }

  likedCount(listId: string): number {
    return this.likes.count(listId);
  }

  like(listId: string, userId: string): void {
    void this.likes.put(listId, userId, true);
  }

  unlike(listId: string, userId: string): void {
    void this.likes.remove(listId, userId);
  }
}
