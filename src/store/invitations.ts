/**
 * Invitation codes (invite/*, admin/invite/*, signup's invitationCode): each by its id, the id of each
 * code (`code` → id, so sign-up finds one in a read), and each creator's codes in creation order
 * (`${creatorId}${inviteId}` → true; codes made by admin/invite/create have no creator and are not
 * there).
 */
import type { Database } from 'lmdb';
import { IdIndex, type PageParams } from './paging.js';

/** An invitation code, stored as a plain map; its creation time is its id's. */
export interface InvitationRecord {
  code: string;
  /** Who made it (invite/create); null when a moderator made it with admin/invite/create. */
  createdBy: string | null;
  /** When it stops working (ms); null: never. */
  expiresAt: number | null;
  usedBy: string | null;
  usedAt: number | null;
}

export class Invitations {
  private readonly byId: IdIndex<InvitationRecord>;
  private readonly byCreator: IdIndex<true>;

  constructor(
    invitations: Database<InvitationRecord, string>,
    private readonly codes: Database<string, string>,
    inviteLog: Database<true, string>,
  ) {
    this.byId = new IdIndex(invitations);
    this.byCreator = new IdIndex(inviteLog);
  }

  get(inviteId: string): InvitationRecord | undefined {
    return this.byId.get('', inviteId);
  }

  /** The id of the invitation with this code. */
  idOfCode(code: string): string | undefined {
    return this.codes.get(code);
  }

  /** Writes a new invitation or an existing one changed (used). */
  put(inviteId: string, invitation: InvitationRecord): void {
    void this.byId.put('', inviteId, invitation);
    void this.codes.put(invitation.code, inviteId);
    if (invitation.createdBy !== null) void this.byCreator.put(invitation.createdBy, inviteId, true);
  }

  remove(inviteId: string): void {
    const invitation = this.get(inviteId);
    if (invitation === undefined) return;
    void this.byId.remove('', inviteId);
    void this.codes.remove(invitation.code);
    if (invitation.createdBy !== null) void this.byCreator.remove(invitation.createdBy, inviteId);
  }

  /** How many codes `userId` made whose ids are above `sinceId` (made after its time). */
  countByCreatorSince(userId: string, sinceId: string): number {
    let count = 0;
    this.byCreator.page(userId, { sinceId }, Number.MAX_SAFE_INTEGER, () => {
      count++;
      return undefined;
    });
    return count;
  }

  /** A creator's codes as (id, invitation), in Misskey's page order. */
  pageOf<T>(
    userId: string,
    params: PageParams,
    limit: number,
    accept: (id: string, invitation: InvitationRecord) => T | undefined,
  ): T[] {
    return this.byCreator.page(userId, params, limit, (id) => {
      const invitation = this.get(id);
      return invitation === undefined ? undefined : accept(id, invitation);
    });
  }

  /** Every code as (id, invitation), oldest first. */
  *all(): Generator<{ id: string; invitation: InvitationRecord }> {
    for (const { id, value } of this.byId.entries('')) yield { id, invitation: value };
  }
}
