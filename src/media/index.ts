/**
 * Media: what the bytes of an upload are (magic numbers, never the client's word) and, for images,
 * their dimensions, blurhash and the versions served in their place (thumbnail, webpublic), made with
 * sharp. sharp works on libuv's threads; the JS side here only queues and reads results, and a queue
 * bounds how many images are worked on at once.
 */
export { type DetectedType, detectType, isSvg } from './detect.js';
export { analyseMedia, type MediaInfo, type MediaOutputs, webpublicType } from './images.js';
