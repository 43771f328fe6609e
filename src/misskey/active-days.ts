/**
 * Misskey's `loggedInDays`: each UTC day on which a user makes an authenticated request counts once.
 * The gateway remembers whom it has counted today, so the user's actor hears of them once a day rather
 * than once a request; a restart only costs one more (idempotent) command per user that day.
 */
import type { Mailboxes } from '../actors/index.js';

const DAY_MS = 86_400_000;

export class ActiveDays {
  private today = -1;
  private readonly counted = new Set<string>();

  constructor(private readonly mailboxes: Mailboxes) {}

  /** Notes an authenticated request of `userId` at `now` (ms). */
  seen(userId: string, now = Date.now()): void {
    const day = Math.floor(now / DAY_MS);
    if (day !== this.today) {
      this.today = day;
      this.counted.clear();
    }
    if (this.counted.has(userId)) return;
    this.counted.add(userId);
    // a full mailbox or a stopping server: the next request of the day tries again
    this.mailboxes.send({ op: 'user.markActive', args: { userId, day } }, userId).then(
      (reply) => {
        if (!reply.ok) this.counted.delete(userId);
      },
      () => this.counted.delete(userId),
    );
  }
}
