/**
 * Media: what the bytes of an upload are (hashes, and a type from magic numbers, never the client's
 * word) and, for images, their dimensions, blurhash and the versions served in their place
 * (thumbnail, webpublic), made with sharp. All of it runs in the media process at a low CPU
 * priority (media-process.ts): the gateway thread only streams the upload to disk.
 */
export { type MediaInfo, type MediaOutputs, webpublicType } from './images.js';
export type { FileFacts } from './media-jobs.js';
export { analyseMedia, inspectFile, stopMediaProcess } from './media-process.js';
