/**
 * Misskey's projection of records into the fragments stored with them: a note's body (its JSON without
 * the braces, the user and the viewer-dependent fields) and a user's UserLite. The actors write them
 * through the domain's StoredProjection; reads splice them (note-renderer.ts) instead of serialising.
 */

import type { BadgeRole, StoredProjection } from '../../domain/index.js';
import { idDate, type NoteRecord, type UserRecord } from '../../store/index.js';
import { packFile } from './drive-file.js';

/** A user's avatar when they have not chosen one: the identicon this server draws for the account name (clients expect avatarUrl never to be null). */
export function avatarUrl(baseUrl: string, user: Pick<UserRecord, 'username' | 'host'>): string {
  return `${baseUrl}/identicon/${encodeURIComponent(user.username + '@' + (user.host ?? new URL(baseUrl).host))}`;
}

/**
 * The UserLite JSON of a user record (stored as `lite`). A remote user's also names its `uri` and `url`
 * (Misskey's UserLite leaves them to UserDetailed), so a note's author can be found on its own server.
 */
export function renderUserLite(baseUrl: string, u: Omit<UserRecord, 'lite'>, badgeRoles: readonly BadgeRole[]): string {
  const remote = u.host === null ? {} : { uri: u.uri, url: u.url };
  return JSON.stringify({
    id: u.id,
    name: u.name,
    username: u.username,
    host: u.host,
    avatarUrl: u.avatarUrl ?? avatarUrl(baseUrl, u),
    avatarBlurhash: u.avatarBlurhash,
    avatarDecorations: [],
    isBot: u.isBot,
    isCat: u.isCat,
    emojis: {},
    onlineStatus: 'unknown',
    badgeRoles,
    ...remote,
  });
}

/** Misskey's projection of records into the fragments stored with them, which the actors write with. */
export const storedProjection = (baseUrl: string): StoredProjection => ({
  noteBody: (note, files) =>
    renderNoteBody(
      note,
      files.map((file) => packFile(baseUrl, file, { self: false })),
    ),
  userLite: (user, badgeRoles) => renderUserLite(baseUrl, user, badgeRoles),
});

const reactionTotal = (reactions: Record<string, number>) => {
  let n = 0;
  for (const k in reactions) n += reactions[k]!;
  return n;
};

/** The body fragment of a note (its JSON without the outer braces and without viewer-dependent or joined fields). */
export function renderNoteBody(n: Omit<NoteRecord, 'body'>, files: readonly Record<string, unknown>[] = []): string {
  const fields: Record<string, unknown> = {
    id: n.id,
    createdAt: idDate(n.id),
    userId: n.userId,
    text: n.text,
    cw: n.cw,
    visibility: n.visibility,
    localOnly: n.localOnly,
    reactionAcceptance: n.reactionAcceptance,
    renoteCount: n.renoteCount,
    repliesCount: n.repliesCount,
    reactionCount: reactionTotal(n.reactions),
    reactions: n.reactions,
    reactionEmojis: {},
    fileIds: files.map((file) => file.id),
    files,
    replyId: n.replyId,
    renoteId: n.renoteId,
    clippedCount: 0,
  };
  if (n.visibility === 'specified') fields.visibleUserIds = n.visibleUserIds;
  if (n.mentions.length > 0) fields.mentions = n.mentions;
  if (n.tags.length > 0) fields.tags = n.tags;
  if (n.poll) fields.hasPoll = true;
  if (n.uri) fields.uri = n.uri;
  if (n.url) fields.url = n.url;
  if (n.updatedAt !== null) fields.updatedAt = new Date(n.updatedAt).toISOString();
  const json = JSON.stringify(fields);
  return json.slice(1, -1);
}
