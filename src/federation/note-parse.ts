/**
 * Reading a remote note object (Note, Question, Article, Page) into what Flock stores, before its
 * references (author, parent, quote, mentions, files) are resolved to stored ids: every field checked in
 * type and bounded in length or count, the text converted from HTML (remote-html.ts) unless the object
 * carries its Misskey source, addressing read as Misskey's visibility (federation.md §1.6).
 */
import type { PollRecord, Visibility } from '../store/index.js';
import { asArray, asObject, asString, asUrl, idOf, idsOf, typeOf } from './inbox/json.js';
import { decodeEntities, htmlToMfm } from './remote-html.js';

/** The object types stored as notes. */
export const NOTE_TYPES: ReadonlySet<string> = new Set(['Note', 'Question', 'Article', 'Page']);

/** Longest text kept (Misskey keeps remote texts up to its own limit for them, far above local notes'). */
export const REMOTE_TEXT_MAX = 20_000;
/** Longest HTML read: what is past it is not converted. */
const CONTENT_MAX = 200_000;
const CW_MAX = 1_000;
const NAME_MAX = 1_000;
const MENTIONS_MAX = 64;
const HASHTAGS_MAX = 64;
const HASHTAG_MAX = 128;
const POLL_CHOICES_MAX = 32;
const POLL_CHOICE_MAX = 256;
const VOTES_MAX = 1_000_000_000;

const PUBLIC = new Set(['https://www.w3.org/ns/activitystreams#Public', 'as:Public', 'Public']);

/** A note object as read, its references still URIs. */
export interface ParsedNote {
  uri: string;
  type: string;
  /** The author's actor URI. */
  attributedTo: string;
  url: string | null;
  /** ms, or null when absent or not a date. */
  published: number | null;
  updated: number | null;
  text: string | null;
  cw: string | null;
  sensitive: boolean;
  /** Everyone in to and cc. */
  to: string[];
  cc: string[];
  /** Hrefs of its Mention tags. */
  mentions: string[];
  /** Its Hashtag tags' names, NFKC lower-case, without `#`. */
  tags: string[];
  inReplyTo: string | null;
  quote: string | null;
  poll: PollRecord | null;
  /** As received, for storeRemoteAttachments. */
  attachment: unknown;
}

/** Why an object cannot be stored as a note. */
export class NotANoteError extends Error {}

function date(value: unknown): number | null {
  const text = asString(value, 64);
  if (text === undefined) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** The author: `attributedTo` as a URI, or in a list (PeerTube's, Lemmy's) the first that is not a group. */
function authorOf(value: unknown): string | undefined {
  for (const item of asArray(value)) {
    const type = typeOf(item);
    if (type === 'Group' || type === 'Organization') continue;
    const id = idOf(item);
    if (id !== undefined) return id;
  }
  return undefined;
}

/** A link of a Lemmy Page or an Article: its `url` (a string or Link) or a Link attachment's href. */
function linkOf(object: Readonly<Record<string, unknown>>): string | null {
  for (const candidate of [...asArray(object.url), ...asArray(object.attachment)]) {
    if (typeof candidate === 'string') {
      const url = asUrl(candidate);
      if (url !== undefined) return url;
      continue;
    }
    const link = asObject(candidate);
    if (link !== undefined && typeOf(link) === 'Link') {
      const href = asUrl(link.href);
      if (href !== undefined) return href;
    }
  }
  return null;
}

/** The note's page for people: `url` as a string or the first Link's href. */
function urlOf(value: unknown): string | null {
  for (const candidate of asArray(value).slice(0, 8)) {
    const url = typeof candidate === 'string' ? asUrl(candidate) : asUrl(asObject(candidate)?.href);
    if (url !== undefined) return url;
  }
  return null;
}

/** The text: the Misskey source when the object carries one, else its HTML converted. */
function textOf(object: Readonly<Record<string, unknown>>): string | null {
  const source = asObject(object.source);
  const misskey =
    source?.mediaType === 'text/x.misskeymarkdown'
      ? asString(source.content, CONTENT_MAX)
      : asString(object._misskey_content, CONTENT_MAX);
  if (misskey !== undefined) return misskey.slice(0, REMOTE_TEXT_MAX);
  const html = typeof object.content === 'string' ? object.content.slice(0, CONTENT_MAX) : undefined;
  return html === undefined ? null : htmlToMfm(html, REMOTE_TEXT_MAX);
}

/** A Page's or Article's title as its first line and its link as the second, before its text. */
function titled(object: Readonly<Record<string, unknown>>, text: string | null): string | null {
  const name = typeof object.name === 'string' ? htmlToMfm(object.name.slice(0, NAME_MAX), NAME_MAX) : '';
  const link = linkOf(object);
  const head = [name, link].filter((line) => line !== null && line.length > 0).join('\n');
  if (head.length === 0) return text;
  return text === null || text.length === 0 ? head : `${head}\n\n${text}`.slice(0, REMOTE_TEXT_MAX);
}

/** What a local text's hashtag may be (domain's rule), without control characters: tags become store keys. */
const HASHTAG_NAME = /^[^\s#@.,!?'"()[\]{}:;/\\<>\p{Cc}]{1,128}$/u;

function hashtagsOf(tags: readonly unknown[]): string[] {
  const found = new Set<string>();
  for (const tag of tags) {
    const object = asObject(tag);
    if (object === undefined || typeOf(object) !== 'Hashtag') continue;
    const name = asString(object.name, HASHTAG_MAX + 1)
      ?.replace(/^#/, '')
      .normalize('NFKC')
      .toLowerCase();
    if (name === undefined || !HASHTAG_NAME.test(name) || /^[0-9]+$/.test(name)) continue;
    found.add(name);
    if (found.size === HASHTAGS_MAX) break;
  }
  return [...found];
}

function mentionsOf(tags: readonly unknown[]): string[] {
  const found = new Set<string>();
  for (const tag of tags) {
    const object = asObject(tag);
    if (object === undefined || typeOf(object) !== 'Mention') continue;
    const href = asUrl(object.href);
    if (href !== undefined) found.add(href);
    if (found.size === MENTIONS_MAX) break;
  }
  return [...found];
}

const votes = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? Math.min(value, VOTES_MAX) : 0;

/** A Question's poll: its choices (`oneOf`, or `anyOf` for several answers) with their counts, and its end. */
export function pollOf(object: Readonly<Record<string, unknown>>): PollRecord | null {
  const multiple = object.oneOf === undefined && object.anyOf !== undefined;
  const choices: string[] = [];
  const counts: number[] = [];
  for (const option of asArray(multiple ? object.anyOf : object.oneOf)) {
    const choice = asObject(option);
    const name = asString(choice?.name, POLL_CHOICE_MAX * 4);
    if (choice === undefined || name === undefined) continue;
    choices.push(decodeEntities(name).slice(0, POLL_CHOICE_MAX));
    counts.push(votes(asObject(choice.replies)?.totalItems));
    if (choices.length === POLL_CHOICES_MAX) break;
  }
  if (choices.length === 0) return null;
  const end = date(object.endTime) ?? date(object.closed);
  return { choices, multiple, expiresAt: end, votes: counts };
}

/** The note an object is, or NotANoteError; `type` must be one of NOTE_TYPES. */
export function parseNote(object: Readonly<Record<string, unknown>>): ParsedNote {
  const type = typeOf(object);
  if (type === undefined || !NOTE_TYPES.has(type)) throw new NotANoteError(`Expected a note object, got ${type}`);
  const uri = idOf(object);
  if (uri === undefined) throw new NotANoteError('Expected the note to have an http(s) id');
  const attributedTo = authorOf(object.attributedTo);
  if (attributedTo === undefined) throw new NotANoteError('Expected the note to name its author');
  const tags = asArray(object.tag);
  let text = textOf(object);
  if (type === 'Page' || type === 'Article') text = titled(object, text);
  const summary = typeof object.summary === 'string' ? htmlToMfm(object.summary.slice(0, CW_MAX * 4), CW_MAX) : '';
  return {
    uri,
    type,
    attributedTo,
    url: urlOf(object.url),
    published: date(object.published),
    updated: date(object.updated),
    text: text === null || text.length === 0 ? null : text,
    cw: summary.length === 0 ? null : summary,
    sensitive: object.sensitive === true,
    ...addressingOf(object),
    mentions: mentionsOf(tags),
    tags: hashtagsOf(tags),
    inReplyTo: idOf(object.inReplyTo) ?? null,
    quote: idOf(object._misskey_quote) ?? idOf(object.quoteUrl) ?? idOf(object.quoteUri) ?? idOf(object.quote) ?? null,
    poll: type === 'Question' ? pollOf(object) : null,
    attachment: object.attachment,
  };
}

/** Whom an object or activity is addressed to: its `to` and `cc` ids, the Public collection in any of its spellings. */
export function addressingOf(object: Readonly<Record<string, unknown>>): { to: string[]; cc: string[] } {
  const publicOf = (value: unknown) =>
    asArray(value).filter((v): v is string => typeof v === 'string' && PUBLIC.has(v));
  return { to: [...idsOf(object.to), ...publicOf(object.to)], cc: [...idsOf(object.cc), ...publicOf(object.cc)] };
}

/**
 * Misskey's visibility from addressing: Public in `to` is public, in `cc` home; the author's followers
 * collection in `to` (or cc) is followers; anyone else only: specified.
 */
export function visibilityOf(note: Pick<ParsedNote, 'to' | 'cc'>, followers: string | null): Visibility {
  const isPublic = (id: string) => PUBLIC.has(id);
  if (note.to.some(isPublic)) return 'public';
  if (note.cc.some(isPublic)) return 'home';
  const isFollowers = (id: string) => id === followers || id.endsWith('/followers');
  if (note.to.some(isFollowers) || note.cc.some(isFollowers)) return 'followers';
  return 'specified';
}
