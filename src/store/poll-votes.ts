/** Poll votes: the choice indexes each user picked in a note's poll (`${noteId}${userId}`). */
import type { Database } from 'lmdb';
import { IdIndex } from './paging.js';

export class PollVotes {
  private readonly votes: IdIndex<number[]>;

  constructor(db: Database<number[], string>) {
    this.votes = new IdIndex(db);
  }

  /** The user's chosen indexes in the note's poll. */
  of(noteId: string, userId: string): number[] | undefined {
    return this.votes.get(noteId, userId);
  }

  set(noteId: string, userId: string, choices: number[]): Promise<boolean> {
    return this.votes.put(noteId, userId, choices);
  }

  /** Everyone who voted in the note's poll. */
  voterIds(noteId: string): string[] {
    return this.votes.ids(noteId);
  }

  /** Removes every vote in the note's poll. */
  removeAllOf(noteId: string): void {
    this.votes.removeAll(noteId);
  }
}
