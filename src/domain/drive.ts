/** Where this instance serves drive files: /files/<accessKey>, with a suffix for a derived version. Every projection (Misskey's, later ActivityPub's) links to the same URLs. */
import type { DriveFileRecord } from '../store/index.js';

export const THUMBNAIL_SUFFIX = '-thumb';
export const WEBPUBLIC_SUFFIX = '-web';

/** The URL of a file's original bytes: a remote file kept as a link is shown at its own URL, as Misskey shows uncached ones. */
export const fileUrl = (baseUrl: string, file: Pick<DriveFileRecord, 'accessKey' | 'uri'>): string =>
  file.uri ?? `${baseUrl}/files/${file.accessKey}`;

/** The URL everyone but the owner gets: the version without metadata (EXIF location among it) when there is one. */
export const publicFileUrl = (baseUrl: string, file: DriveFileRecord): string =>
  file.webpublic ? fileUrl(baseUrl, file) + WEBPUBLIC_SUFFIX : fileUrl(baseUrl, file);

/** A link's thumbnail is the remote image itself (nothing was downloaded to make a smaller one). */
export const thumbnailUrl = (baseUrl: string, file: DriveFileRecord): string | null => {
  if (file.uri !== null) return file.type.startsWith('image/') ? file.uri : null;
  return file.thumbnail ? fileUrl(baseUrl, file) + THUMBNAIL_SUFFIX : null;
};

/** An image shown small (an avatar, a banner): its thumbnail, else its public version. */
export const previewUrl = (baseUrl: string, file: DriveFileRecord): string =>
  thumbnailUrl(baseUrl, file) ?? publicFileUrl(baseUrl, file);
