/** Reactions: each user's reaction to a note (`${noteId}${userId}`) and the note's reactions in time order (`${noteId}${reactionId}` → userId). */
import type { Database } from 'lmdb';
import { IdIndex, type PageParams } from './paging.js';
import type { ReactionRecord } from './records.js';

export class Reactions {
  private readonly byUser: IdIndex<ReactionRecord>;
  private readonly log: IdIndex<string>;

  constructor(reactions: Database<ReactionRecord, string>, reactionLog: Database<string, string>) {
    this.byUser = new IdIndex(reactions);
    this.log = new IdIndex(reactionLog);
  }

  /** The user's reaction to the note. */
  of(noteId: string, userId: string): ReactionRecord | undefined {
    return this.byUser.get(noteId, userId);
  }

  add(noteId: string, userId: string, reaction: ReactionRecord): Promise<boolean> {
    void this.byUser.put(noteId, userId, reaction);
    return this.log.put(noteId, reaction.id, userId);
  }

  /** Removes the user's reaction `reaction` (as `of` answered it). */
  remove(noteId: string, userId: string, reaction: ReactionRecord): void {
    void this.byUser.remove(noteId, userId);
    void this.log.remove(noteId, reaction.id);
  }

  /**
   * The notes `userId` reacted to. Reactions are keyed by note, so this walks every one of them: for
   * the removal of a deleted account, not for a request path.
   */
  notesReactedBy(userId: string): string[] {
    return this.byUser
      .allIds()
      .filter((key) => key.endsWith(userId))
      .map((key) => key.slice(0, -userId.length));
  }

  /** Removes every reaction to the note. */
  removeAllOf(noteId: string): void {
    this.byUser.removeAll(noteId);
    this.log.removeAll(noteId);
  }

  /** The note's reactions (reaction id, user id), in Misskey's page order. */
  page<T>(
    noteId: string,
    params: PageParams,
    limit: number,
    accept: (reactionId: string, userId: string) => T | undefined,
  ): T[] {
    return this.log.page(noteId, params, limit, accept);
  }
}
