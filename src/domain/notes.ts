/**
 * What a note is, apart from how any client shows it: who may read it (Misskey's visibility rules),
 * pure renotes, index flags, mentions and hashtags, local or remote.
 */
import { NoteFlag, type NoteRecord, type Store } from '../store/index.js';

/** Who is reading: the viewer's id and a memo of whom they follow, for visibility checks. */
export interface Viewer {
  id: string;
  follows(userId: string): boolean;
}

/** A Viewer backed by the store's follow edges, memoised for one request or command. */
export function viewerFor(store: Store, id: string): Viewer {
  const memo = new Map<string, boolean>();
  return {
    id,
    follows(userId) {
      let v = memo.get(userId);
      if (v === undefined) {
        v = store.follows.has(id, userId);
        memo.set(userId, v);
      }
      return v;
    },
  };
}

/**
 * Whether `viewer` may read the note's content (Misskey's visibility rules): a followers-only note is
 * also for whom it mentions or replies to; a specified note only for its recipients (being mentioned in
 * its text adds no one).
 */
export function canSee(note: NoteRecord, viewer: Viewer | null): boolean {
  if (note.visibility === 'public' || note.visibility === 'home') return true;
  if (viewer === null) return false;
  if (viewer.id === note.userId) return true;
  if (note.visibility === 'specified') return note.visibleUserIds.includes(viewer.id);
  return note.mentions.includes(viewer.id) || note.replyUserId === viewer.id || viewer.follows(note.userId);
}

/**
 * Misskey's "reply" for timelines: a reply to someone other than its author (threads count as plain
 * notes) and other than the reader (replies to them always show). Such a reply reaches a timeline only
 * where the reader asked for replies: a follow's or a list membership's `withReplies`, or a request's.
 */
export function isReplyToOthers(note: Pick<NoteRecord, 'replyId' | 'replyUserId' | 'userId'>, readerId: string | null) {
  return note.replyId !== null && note.replyUserId !== note.userId && note.replyUserId !== readerId;
}

/** Whether a note is a pure renote (a renote with no text, cw, poll, files or reply of its own). */
export function isPureRenote(
  n: Pick<NoteRecord, 'renoteId' | 'text' | 'cw' | 'poll' | 'replyId' | 'fileIds'>,
): boolean {
  return (
    n.renoteId !== null &&
    n.text === null &&
    n.cw === null &&
    n.poll === null &&
    n.replyId === null &&
    n.fileIds.length === 0
  );
}

/** Index flags of a note (see NoteFlag). */
export const noteFlags = (n: NoteRecord) =>
  (n.replyId !== null ? NoteFlag.reply : 0) |
  (isPureRenote(n) ? NoteFlag.pureRenote : 0) |
  (n.fileIds.length > 0 ? NoteFlag.files : 0);

/** Whether a record with this host belongs to this instance (local records have host null). */
export const isLocal = (record: { host: string | null }) => record.host === null;

const MENTION =
  /(?<![\w@])@([a-zA-Z0-9_]{1,64})(?:@([a-zA-Z0-9.-]+\.[a-zA-Z]{2,}|localhost(?::\d+)?|[0-9.]+(?::\d+)?))?/g;
const HASHTAG = /(?<![\w#])#([^\s#@.,!?'"()[\]{}:;/\\<>]{1,128})/gu;

/** The local users a text mentions (`@name`, or `@name@<this host>`), each once; `localHost` is lower-case. */
export function mentionedUserIds(store: Store, localHost: string, text: string | null): string[] {
  if (text === null) return [];
  const ids = new Set<string>();
  for (const m of text.matchAll(MENTION)) {
    const host = m[2]?.toLowerCase();
    if (host !== undefined && host !== localHost) continue;
    const id = store.accounts.idOf(m[1]!.toLowerCase(), null);
    if (id !== undefined) ids.add(id);
  }
  return [...ids];
}

/** Digits alone are a number (`#1`), not a tag, in Misskey's MFM. */
const NUMBER_ONLY = /^[0-9]+$/;

/** A text's hashtags, NFKC-normalised and lower-cased, each once, at most 64. */
export function hashtagsOf(text: string | null): string[] {
  if (text === null) return [];
  const tags = new Set<string>();
  for (const m of text.matchAll(HASHTAG)) if (!NUMBER_ONLY.test(m[1]!)) tags.add(m[1]!.normalize('NFKC').toLowerCase());
  return [...tags].slice(0, 64);
}
