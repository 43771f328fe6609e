/**
 * Changes other servers must hear about, journaled by the actor command that made them, in its
 * commit: a local note created or deleted, a reaction given or taken back, a vote in a remote poll, a
 * block, a profile change, an
 * event a user's webhooks listen to. The outbox expands each into deliveries (who receives it is
 * read then, from the follow graph) and removes it in the same commit as the deliveries it writes, so a
 * crash between the two repeats the expansion rather than losing it.
 */
import type { Database } from 'lmdb';
import type { OutgoingActivities, OutgoingActivity } from './outgoing-activities.js';
import type { WebhookEvent } from './webhooks.js';

export type JournalEntry =
  | { kind: 'noteCreated'; noteId: string; userId: string }
  | {
      kind: 'noteDeleted';
      noteId: string;
      userId: string;
      /** A pure renote's deletion is an Undo of its Announce. */
      pureRenote: boolean;
      /** Remote users the note was addressed to besides the author's followers (replied-to, renoted, chosen). */
      remoteRecipients: string[];
      /** Whether the author's followers had it (not for specified notes). */
      toFollowers: boolean;
    }
  | {
      /** A local user's reaction (a Like) or its withdrawal (Undo{Like}), named by the reaction's id. */
      kind: 'noteReacted' | 'noteUnreacted';
      noteId: string;
      userId: string;
      reactionId: string;
      reaction: string;
    }
  | {
      /** A local user's block of a remote user (Block) or its end (Undo{Block}), named by the block's id. */
      kind: 'blocked' | 'unblocked';
      userId: string;
      targetId: string;
      blockingId: string;
    }
  | {
      /** A local user's vote in a remote poll: its author gets it as Misskey sends one (Create{Note} naming the choice). */
      kind: 'pollVoted';
      noteId: string;
      userId: string;
      choice: number;
      voteId: string;
    }
  | { kind: 'profileUpdated'; userId: string }
  | {
      /** An event `userId`'s webhooks listen to: each of their active hooks for it gets a call. */
      kind: 'webhook';
      userId: string;
      event: WebhookEvent;
      /** The note it is about (note, reply, renote, mention, reaction). */
      noteId: string | null;
      /** The other user (follow, followed, unfollow: the followee or follower; reaction: the reactor). */
      otherUserId: string | null;
      reaction: string | null;
      /** When it happened (ms). */
      at: number;
    }
  | {
      /** i/webhooks/test: one call of `event` with a sample body to the hook, or to `url` signed with `secret` instead. */
      kind: 'webhookTest';
      userId: string;
      hookId: string;
      event: WebhookEvent;
      url: string | null;
      secret: string | null;
      at: number;
    };

export class FederationJournal {
  constructor(
    private readonly journal: Database<JournalEntry, string>,
    private readonly queue: OutgoingActivities,
  ) {}

  /** Journals a change under `id` (a fresh aidx id: journal order is id order); inside the change's transaction. */
  add(id: string, entry: JournalEntry): void {
    void this.journal.put(id, entry);
  }

  /** Whether any entry waits (a key read, no value decoded: the outbox asks often). */
  isEmpty(): boolean {
    for (const _ of this.journal.getKeys({ limit: 1 })) return false;
    return true;
  }

  oldest(limit: number): { id: string; entry: JournalEntry }[] {
    const found: { id: string; entry: JournalEntry }[] = [];
    for (const { key, value } of this.journal.getRange({ limit })) found.push({ id: key, entry: value });
    return found;
  }

  /** Replaces a journal entry by the deliveries it expands to, in one commit. */
  expand(id: string, deliveries: readonly { deliveryId: string; delivery: OutgoingActivity }[]): Promise<void> {
    return this.journal.transaction(() => {
      void this.journal.remove(id);
      for (const { deliveryId, delivery } of deliveries) this.queue.add(deliveryId, delivery);
    });
  }
}
