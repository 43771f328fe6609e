/**
 * The attachments of a remote note (ActivityPub `Document`, `Image`, `Video`, `Audio`) as drive files
 * of its author, kept as links (store the note's `fileIds` from what `storeRemoteAttachments` answers).
 * Every field comes from another server, so each is checked for type, length and form, and whatever
 * does not pass is left out: an attachment without a usable http(s) URL is skipped, a bad blurhash or
 * size is dropped, never the note.
 */
import type { Mailboxes, RemoteDriveFile } from '../actors/index.js';

/** Misskey attaches at most 16 files to a note. */
export const MAX_ATTACHMENTS = 16;
const FILE_TYPES = new Set(['Document', 'Image', 'Video', 'Audio']);
const URL_MAX = 2048;
/** Misskey cuts a remote file's alt text to its comment column (512). */
const COMMENT_MAX = 512;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;
const BLURHASH = /^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,160}$/;
const DIMENSION_MAX = 100_000;

/** What a missing `mediaType` is taken to be, by the URL's extension. */
const TYPE_BY_EXTENSION: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
});

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An http(s) URL without credentials, normalised, or null. */
function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > URL_MAX) return null;
  try {
    const url = new URL(value);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '')
      return null;
    return url.href.length > URL_MAX ? null : url.href;
  } catch {
    return null;
  }
}

/** `url` as a string, a Link (`href`, with its own `mediaType`), or a list of those: the first usable one. */
function urlOf(value: unknown): { url: string; mediaType: unknown } | null {
  const candidates = Array.isArray(value) ? value.slice(0, 8) : [value];
  for (const candidate of candidates) {
    const href = isObject(candidate) ? candidate.href : candidate;
    const url = httpUrl(href);
    if (url !== null) return { url, mediaType: isObject(candidate) ? candidate.mediaType : undefined };
  }
  return null;
}

function mediaTypeOf(declared: unknown, url: string): string {
  if (typeof declared === 'string' && MIME.test(declared)) return declared.toLowerCase();
  const extension = /\.([a-z0-9]{1,5})$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return (extension !== undefined ? TYPE_BY_EXTENSION[extension] : undefined) ?? 'application/octet-stream';
}

/** The file name a URL suggests (its last path segment), as Misskey's rule for names allows; else `untitled`. */
function nameOf(url: string): string {
  let segment = new URL(url).pathname.split('/').pop() ?? '';
  try {
    segment = decodeURIComponent(segment);
  } catch {
    // a malformed escape keeps the raw segment
  }
  const ok = segment.trim().length > 0 && segment.length <= 200 && !/[\\/]|\.\./.test(segment);
  return ok ? segment : 'untitled';
}

const dimension = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= DIMENSION_MAX ? v : null;

/** One attachment as a drive file, or null when it is not a file (a Link, a Hashtag…) or has no usable URL. */
export function remoteFileOf(attachment: unknown, sensitive: boolean): RemoteDriveFile | null {
  if (!isObject(attachment) || typeof attachment.type !== 'string' || !FILE_TYPES.has(attachment.type)) return null;
  const found = urlOf(attachment.url);
  if (found === null) return null;
  const alt = typeof attachment.name === 'string' ? attachment.name.trim() : '';
  return {
    url: found.url,
    type: mediaTypeOf(attachment.mediaType ?? found.mediaType, found.url),
    name: nameOf(found.url),
    comment: alt.length === 0 ? null : alt.slice(0, COMMENT_MAX),
    // Misskey marks a single file sensitive on its own; a note's `sensitive` covers all of them
    isSensitive: sensitive || attachment.sensitive === true,
    blurhash:
      typeof attachment.blurhash === 'string' && BLURHASH.test(attachment.blurhash) ? attachment.blurhash : null,
    width: dimension(attachment.width),
    height: dimension(attachment.height),
  };
}

/** A note's `attachment` (one object or a list) as drive files, at most MAX_ATTACHMENTS, each URL once. */
export function remoteFilesOf(attachments: unknown, sensitive: boolean): RemoteDriveFile[] {
  const list = Array.isArray(attachments) ? attachments : attachments === undefined ? [] : [attachments];
  const files: RemoteDriveFile[] = [];
  const seen = new Set<string>();
  for (const attachment of list.slice(0, MAX_ATTACHMENTS * 4)) {
    const file = remoteFileOf(attachment, sensitive);
    if (file === null || seen.has(file.url)) continue;
    seen.add(file.url);
    files.push(file);
    if (files.length === MAX_ATTACHMENTS) break;
  }
  return files;
}

/** Why the remote user's files could not be stored (the user is not a stored remote user). */
export class RemoteFilesError extends Error {}

/**
 * Records the attachments of a remote note by `remoteUserId` (a stored remote user) as that user's
 * drive files, kept as links, and answers their ids in the attachments' order (the note's `fileIds`).
 * Idempotent by user and URL. `sensitive` is the note's flag. Rejects with MailboxFullError when the
 * user's shard is full (retry later), and with RemoteFilesError for a user who is not remote.
 */
export async function storeRemoteAttachments(
  ctx: { mailboxes: Mailboxes },
  remoteUserId: string,
  attachments: unknown,
  sensitive: boolean,
): Promise<string[]> {
  const files = remoteFilesOf(attachments, sensitive);
  if (files.length === 0) return [];
  const reply = await ctx.mailboxes.send(
    { op: 'drive.storeRemoteFiles', args: { userId: remoteUserId, files } },
    remoteUserId,
  );
  if (!reply.ok) throw new RemoteFilesError(`Expected a stored remote user, got ${reply.error}`);
  return reply.value.fileIds;
}
