/**
 * Hashtags: each tag's user counts (hashtags/show), who mentioned it in a note or has it in their
 * profile, the tag's rank in every hashtags/list order, the notes that carry it (notes/search-by-tag),
 * and recent uses (hashtags/trend). The note and user actors keep them as they write.
 *
 * Keys (tags are NFKC lower-case text without control characters, so `\x01` separates them):
 * hashtags `tag` → HashtagCounts; hashtagUsers `${tag}\x01${m|a}${userId}` → true (mentioned /
 * attached); hashtagRank `${order}\x01${count: 16 digits}${tag}` → tag; noteTags `${tag}\x01${noteId}`
 * → NoteFlag bits; tagUses `${noteId}\x01${tag}` → author id.
 */
import type { Database } from 'lmdb';
import { idAtTime } from './ids.js';
import { type Accept, IdIndex, type PageParams } from './paging.js';
import type { HashtagCounts } from './records.js';

const SEPARATOR = '\x01';
/** Above every id character: ends a prefix range. */
const HIGH = '~';
const pad = (n: number) => String(Math.max(0, n)).padStart(16, '0');

export type HashtagCount = keyof HashtagCounts;
const COUNTS: readonly HashtagCount[] = [
  'mentionedUsersCount',
  'mentionedLocalUsersCount',
  'mentionedRemoteUsersCount',
  'attachedUsersCount',
  'attachedLocalUsersCount',
  'attachedRemoteUsersCount',
];
const NONE: HashtagCounts = {
  mentionedUsersCount: 0,
  mentionedLocalUsersCount: 0,
  mentionedRemoteUsersCount: 0,
  attachedUsersCount: 0,
  attachedLocalUsersCount: 0,
  attachedRemoteUsersCount: 0,
};

/** One use of a tag in a note. */
export interface TagUse {
  noteId: string;
  tag: string;
  userId: string;
}

export interface HashtagDatabases {
  hashtags: Database<HashtagCounts, string>;
  hashtagUsers: Database<true, string>;
  hashtagRank: Database<string, string>;
  noteTags: Database<number, string>;
  tagUses: Database<string, string>;
}

export class Hashtags {
  private readonly noteTags: IdIndex<number>;

  constructor(private readonly dbs: HashtagDatabases) {
    this.noteTags = new IdIndex(dbs.noteTags);
  }

  get(tag: string): HashtagCounts | undefined {
    return this.dbs.hashtags.get(tag);
  }

  /** Records that a user used the tag in a note; counted once per user. */
  mention(tag: string, userId: string, local: boolean): void {
    this.addUser(tag, 'm', userId, local ? 'mentionedLocalUsersCount' : 'mentionedRemoteUsersCount', 1);
  }

  /** Records that the tag is in a user's profile. */
  attach(tag: string, userId: string, local: boolean): void {
    this.addUser(tag, 'a', userId, local ? 'attachedLocalUsersCount' : 'attachedRemoteUsersCount', 1);
  }

  /** Records that the tag left a user's profile. */
  detach(tag: string, userId: string, local: boolean): void {
    this.addUser(tag, 'a', userId, local ? 'attachedLocalUsersCount' : 'attachedRemoteUsersCount', -1);
  }

  private addUser(tag: string, kind: 'm' | 'a', userId: string, originCount: HashtagCount, delta: 1 | -1): void {
    const key = tag + SEPARATOR + kind + userId;
    if (this.dbs.hashtagUsers.doesExist(key) === (delta === 1)) return;
    if (delta === 1) void this.dbs.hashtagUsers.put(key, true);
    else void this.dbs.hashtagUsers.remove(key);
    const total: HashtagCount = kind === 'm' ? 'mentionedUsersCount' : 'attachedUsersCount';
    const stored = this.get(tag);
    // a new tag enters every order at zero, so the ascending orders list it too
    if (stored === undefined)
      for (const count of COUNTS) void this.dbs.hashtagRank.put(`${count}${SEPARATOR}${pad(0)}${tag}`, tag);
    const before = stored ?? NONE;
    const after = { ...before, [total]: before[total] + delta, [originCount]: before[originCount] + delta };
    void this.dbs.hashtags.put(tag, after);
    for (const count of [total, originCount]) {
      void this.dbs.hashtagRank.remove(`${count}${SEPARATOR}${pad(before[count])}${tag}`);
      void this.dbs.hashtagRank.put(`${count}${SEPARATOR}${pad(after[count])}${tag}`, tag);
    }
  }

  /** Visits tags ordered by one of their counts (tags with no user of that kind too), until `visit` answers false or `maxVisits` were seen. */
  ranked(count: HashtagCount, descending: boolean, maxVisits: number, visit: (tag: string) => boolean): void {
    const prefix = count + SEPARATOR;
    const range = descending
      ? this.dbs.hashtagRank.getRange({ start: prefix + HIGH, end: prefix, reverse: true, limit: maxVisits })
      : this.dbs.hashtagRank.getRange({ start: prefix, end: prefix + HIGH, limit: maxVisits });
    for (const { value } of range) if (!visit(value)) return;
  }

  /** Up to `max` users who have the tag in their profile. */
  attachedUserIds(tag: string, max: number): string[] {
    const prefix = tag + SEPARATOR + 'a';
    const ids: string[] = [];
    for (const key of this.dbs.hashtagUsers.getKeys({ start: prefix, end: prefix + HIGH, limit: max }))
      ids.push(key.slice(prefix.length));
    return ids;
  }

  /** Lists a note under each of its tags, and records the uses for the trend. */
  addNote(tags: readonly string[], noteId: string, flags: number, userId: string): void {
    for (const tag of tags) {
      void this.noteTags.put(tag + SEPARATOR, noteId, flags);
      void this.dbs.tagUses.put(noteId + SEPARATOR + tag, userId);
    }
  }

  removeNote(tags: readonly string[], noteId: string): void {
    for (const tag of tags) {
      void this.noteTags.remove(tag + SEPARATOR, noteId);
      void this.dbs.tagUses.remove(noteId + SEPARATOR + tag);
    }
  }

  hasNote(tag: string, noteId: string): boolean {
    return this.noteTags.has(tag + SEPARATOR, noteId);
  }

  /** The notes carrying a tag (values: NoteFlag bits), in Misskey's page order. */
  notePage<T>(tag: string, params: PageParams, limit: number, accept: Accept<number, T>): T[] {
    return this.noteTags.page(tag + SEPARATOR, params, limit, accept);
  }

  /** Up to `max` tag uses in notes created at `sinceMs` or later, oldest first. */
  usesSince(sinceMs: number, max: number): TagUse[] {
    const uses: TagUse[] = [];
    for (const { key, value } of this.dbs.tagUses.getRange({ start: idAtTime(sinceMs), limit: max })) {
      const at = key.indexOf(SEPARATOR);
      uses.push({ noteId: key.slice(0, at), tag: key.slice(at + 1), userId: value });
    }
    return uses;
  }
}
