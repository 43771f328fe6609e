/**
 * How records become the fragments stored beside them (`NoteRecord.body`, `UserRecord.lite`), which
 * reads splice instead of serialising. A client API supplies it when the process is wired together
 * (main.ts, worker.ts), so the actors that write records never depend on any client's JSON, and
 * another projection (ActivityPub, Mastodon) never touches them.
 */
import type { DriveFileRecord, NoteRecord, UserRecord } from '../store/index.js';
import type { BadgeRole } from './roles.js';

export interface StoredProjection {
  /** The fragment stored as a note's `body`, rendered again whenever the note or one of its files changes; `files` are the records of `note.fileIds` still stored, in order. */
  noteBody(note: Omit<NoteRecord, 'body'>, files: readonly DriveFileRecord[]): string;
  /** The fragment stored as a user's `lite`, rendered again whenever the user or their badge roles change. */
  userLite(user: Omit<UserRecord, 'lite'>, badgeRoles: readonly BadgeRole[]): string;
}
