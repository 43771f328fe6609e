/**
 * Federation (ActivityPub), part 1: discovery (WebFinger, host-meta, NodeInfo), the documents of
 * local actors and notes (content-negotiated), the actors' key pairs (made when first needed), HTTP
 * signatures (draft-cavage-12 and RFC 9421, both ways) and the guarded fetcher for remote documents.
 * The inbox and outbox come next; telling local from remote stays `domain`'s `isLocal`.
 */

export { AddressGuard, FetchRefusedError } from './address-guard.js';
export { type ApDocument, fetchApDocument, parseJsonSafely } from './documents-fetch.js';
export { type Downloaded, DownloadTooLargeError, downloadTo } from './download.js';
export {
  createFederation,
  type DocumentResult,
  type Federation,
  type FederationDeps,
  type LookupFailure,
  type LookupResult,
  type ObjectResult,
} from './federation.js';
export { type Fetched, type FetcherOptions, GuardedFetcher } from './fetcher.js';
export { HookUrlGuard } from './hook-url.js';
export {
  isSigned,
  type ParsedSignature,
  type ParseResult,
  parseSignature,
  type SignedRequest,
  signCavage,
  signRfc9421,
  type VerifyOptions,
  verifyParsed,
  verifyRequest,
} from './http-signatures.js';
export type { OutboxStats } from './outbox/outbox.js';
export { type OutboxHandle, startOutbox } from './outbox/outbox-handle.js';
export { type HookCallReport, hookSignature } from './outbox/webhook-calls.js';
export { RemoteActorService } from './remote-actors.js';
export {
  MAX_ATTACHMENTS,
  RemoteFilesError,
  remoteFileOf,
  remoteFilesOf,
  storeRemoteAttachments,
} from './remote-files.js';
export { htmlToMfm } from './remote-html.js';
export { NoteRefusedError, RemoteNoteService } from './remote-notes.js';
export { FederationUrls } from './urls.js';
