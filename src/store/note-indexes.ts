/**
 * The indexes of notes that timelines and note lists page through: a user's notes, the local and
 * global public timelines and mentions (values: NoteFlag bits, so timelines filter without loading the
 * note), a note's children (replies and quotes) and its renotes.
 */
import type { Database } from 'lmdb';
import { type Accept, IdIndex, type PageEntry, type PageParams } from './paging.js';

/** Bit flags kept in note index values so timelines can filter without loading the note. */
export const NoteFlag = { reply: 1, pureRenote: 2, files: 4 } as const;

/** How a note is a child of another. */
export const ChildKind = { reply: 1, quote: 2 } as const;
export type ChildKind = (typeof ChildKind)[keyof typeof ChildKind];

/** Instance-wide indexes have no owner. */
const EVERYONE = '';

export interface NoteIndexDatabases {
  /** `${userId}${noteId}` → NoteFlag bits */
  userNotes: Database<number, string>;
  /** noteId → NoteFlag bits, local public notes */
  localTl: Database<number, string>;
  /** noteId → NoteFlag bits, all public notes (local and remote) */
  globalTl: Database<number, string>;
  /** `${userId}${noteId}` → true: notes mentioning or addressing the user */
  mentions: Database<true, string>;
  /** `${parentId}${noteId}` → ChildKind */
  children: Database<ChildKind, string>;
  /** `${targetId}${noteId}` → renoter's userId */
  renotes: Database<string, string>;
}

export class NoteIndexes {
  private readonly userNotes: IdIndex<number>;
  private readonly local: IdIndex<number>;
  private readonly global: IdIndex<number>;
  private readonly mentions: IdIndex<true>;
  private readonly children: IdIndex<ChildKind>;
  private readonly renotes: IdIndex<string>;

  constructor(dbs: NoteIndexDatabases) {
    this.userNotes = new IdIndex(dbs.userNotes);
    this.local = new IdIndex(dbs.localTl);
    this.global = new IdIndex(dbs.globalTl);
    this.mentions = new IdIndex(dbs.mentions);
    this.children = new IdIndex(dbs.children);
    this.renotes = new IdIndex(dbs.renotes);
  }

  addUserNote(userId: string, noteId: string, flags: number): Promise<boolean> {
    return this.userNotes.put(userId, noteId, flags);
  }

  removeUserNote(userId: string, noteId: string): Promise<boolean> {
    return this.userNotes.remove(userId, noteId);
  }

  /** Lists a public note in the global timeline, and in the local one when `local`. */
  addPublic(noteId: string, flags: number, local: boolean): Promise<boolean> {
    const global = this.global.put(EVERYONE, noteId, flags);
    return local ? this.local.put(EVERYONE, noteId, flags) : global;
  }

  /** Takes a note off both public timelines (wherever it was listed). */
  removePublic(noteId: string): Promise<boolean> {
    void this.global.remove(EVERYONE, noteId);
    return this.local.remove(EVERYONE, noteId);
  }

  addMention(userId: string, noteId: string): Promise<boolean> {
    return this.mentions.put(userId, noteId, true);
  }

  removeMention(userId: string, noteId: string): Promise<boolean> {
    return this.mentions.remove(userId, noteId);
  }

  addChild(parentId: string, noteId: string, kind: ChildKind): Promise<boolean> {
    return this.children.put(parentId, noteId, kind);
  }

  removeChild(parentId: string, noteId: string): Promise<boolean> {
    return this.children.remove(parentId, noteId);
  }

  childKind(parentId: string, noteId: string): ChildKind | undefined {
    return this.children.get(parentId, noteId);
  }

  addRenote(targetId: string, noteId: string, userId: string): Promise<boolean> {
    return this.renotes.put(targetId, noteId, userId);
  }

  removeRenote(targetId: string, noteId: string): Promise<boolean> {
    return this.renotes.remove(targetId, noteId);
  }

  /** The renotes and quotes of a note, oldest first: the renote's id and its author's. */
  renotesOf(targetId: string): PageEntry<string>[] {
    return this.renotes.entries(targetId);
  }

  /** A user's notes (values: NoteFlag bits), in Misskey's page order. */
  userNotePage<T>(userId: string, params: PageParams, limit: number, accept: Accept<number, T>): T[] {
    return this.userNotes.page(userId, params, limit, accept);
  }

  /** The notes of several users as one list in Misskey's page order (a user list's timeline), read lazily. */
  usersNotePage<T>(userIds: readonly string[], params: PageParams, limit: number, accept: Accept<number, T>): T[] {
    return this.userNotes.pageAcross(userIds, params, limit, accept);
  }

  localPage<T>(params: PageParams, limit: number, accept: Accept<number, T>): T[] {
    return this.local.page(EVERYONE, params, limit, accept);
  }

  /** The local timeline merged with `entries` already in page order (the hybrid timeline: home ∪ local); each id once. */
  localPageMergedWith<T>(
    entries: readonly PageEntry<number>[],
    params: PageParams,
    limit: number,
    accept: Accept<number, T>,
  ): T[] {
    return this.local.pageMergedWith(EVERYONE, entries, params, limit, accept);
  }

  globalPage<T>(params: PageParams, limit: number, accept: Accept<number, T>): T[] {
    return this.global.page(EVERYONE, params, limit, accept);
  }

  /** Notes mentioning or addressing the user. */
  mentionPage<T>(userId: string, params: PageParams, limit: number, accept: (noteId: string) => T | undefined): T[] {
    return this.mentions.page(userId, params, limit, accept);
  }

  /** A note's replies and quotes, with their ChildKind. */
  childPage<T>(parentId: string, params: PageParams, limit: number, accept: Accept<ChildKind, T>): T[] {
    return this.children.page(parentId, params, limit, accept);
  }

  /** A note's renotes and quotes, with their authors' ids. */
  renotePage<T>(targetId: string, params: PageParams, limit: number, accept: Accept<string, T>): T[] {
    return this.renotes.page(targetId, params, limit, accept);
  }
}
