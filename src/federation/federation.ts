/**
 * Federation as a client API of the gateway: discovery (WebFinger, host-meta, NodeInfo) and the
 * ActivityPub documents of local actors and notes. Reads run on the gateway thread from the shared
 * read caches, like the Misskey API's; the only write is an actor's key pair, once.
 */
import type { Mailboxes } from '../actors/index.js';
import type { Config } from '../config/index.js';
import type { DomainEvent } from '../domain/index.js';
import type { ClientApi, Exchange } from '../gateway/index.js';
import { logger } from '../log/index.js';
import type { ReadCaches } from '../queries/index.js';
import type { Store, UserRecord } from '../store/index.js';
import { NotAnActorError } from './actor-parse.js';
import { AddressGuard } from './address-guard.js';
import { cryptoThreads } from './crypto-threads.js';
import { registerDiscovery } from './discovery-routes.js';
import { DocumentCache, registerDocuments } from './document-routes.js';
import { type ApDocument, fetchApDocument } from './documents-fetch.js';
import { type Downloaded, downloadTo } from './download.js';
import { FetchRefusedError, GuardedFetcher } from './fetcher.js';
import { signCavage } from './http-signatures.js';
import type { InboxContext } from './inbox/activity.js';
import { BatchVerifier } from './inbox/batch-verifier.js';
import { objectOf } from './inbox/object-of.js';
import { InboxProcessor } from './inbox/processor.js';
import { registerInbox } from './inbox/routes.js';
import { ActorKeyService } from './keys.js';
import { NodeInfo } from './nodeinfo.js';
import { NOTE_TYPES } from './note-parse.js';
import { RemoteActorService } from './remote-actors.js';
import { NoteRefusedError, RemoteNoteService } from './remote-notes.js';
import { sendStatus } from './respond.js';
import { FederationUrls, INSTANCE_ACTOR_ID } from './urls.js';

const log = logger('federation');

export interface FederationDeps {
  config: Config;
  store: Store;
  mailboxes: Mailboxes;
  caches: ReadCaches;
}

/** Why a lookup of a remote actor failed. */
export type LookupFailure = 'blocked' | 'invalid' | 'failed' | 'notActor';
export type LookupResult = { ok: true; userId: string } | { ok: false; reason: LookupFailure };
/** What an ActivityPub URI names, as stored here: a user or a note. */
export type ObjectResult = { ok: true; type: 'User' | 'Note'; id: string } | { ok: false; reason: LookupFailure };
export type DocumentResult =
  | { ok: true; document: ApDocument }
  | { ok: false; reason: Exclude<LookupFailure, 'notActor'> };

export interface Federation extends ClientApi {
  urls: FederationUrls;
  keys: ActorKeyService;
  /** An ActivityStreams document from another server, fetched through the guarded fetcher, signed by the instance actor. */
  fetchDocument(url: string): Promise<ApDocument>;
  /** Remote actors: fetched, stored as remote users, cached. */
  remote: RemoteActorService;
  /** Remote notes: resolved (stored, or fetched and stored), stored from activities, edited. */
  notes: RemoteNoteService;
  /** Finding a remote user by URI or acct, failures as values (for client APIs). */
  lookup: {
    userByUri(uri: string): Promise<LookupResult>;
    userByAcct(username: string, host: string): Promise<LookupResult>;
    /** The actor or note at an ActivityPub URI of another server (ap/show): stored, or fetched and stored. */
    objectByUri(uri: string): Promise<ObjectResult>;
    /** Any ActivityStreams object of another server (ap/get), as fetched. */
    documentByUri(uri: string): Promise<DocumentResult>;
    /** Downloads a file of another server into `path` (upload-from-url); rejects when it cannot, leaving no file. */
    download(url: string, path: string, maxBytes: number): Promise<Downloaded>;
  };
  /** The processor of the inbox queue (main thread): start once serving, stop before the mailboxes drain. */
  inbox: { start(): void; stop(timeoutMs?: number): Promise<void> };
}

export function createFederation(deps: FederationDeps): Federation {
  const { config, store, caches } = deps;
  const urls = new FederationUrls(config.url);
  const keys = new ActorKeyService(store);
  const documents = new DocumentCache();
  const instanceKeyId = urls.key(urls.instanceActor());
  const fetcher = new GuardedFetcher({
    allowedNetworks: config.allowedPrivateNetworks,
    ownOrigin: urls.origin,
    async sign(url, withQuery) {
      const pair = await keys.of(INSTANCE_ACTOR_ID);
      return signCavage({ method: 'GET', url, keyId: instanceKeyId, privateKeyPem: pair.privateKeyPem, withQuery });
    },
  });
  deps.mailboxes.onEvents((events) => forgetDocuments(documents, events));
  const sources = {
    note: (id: string) => caches.notes.get(id),
    user: (id: string) => caches.users.get(id),
  };
  // a suspended or deleted account's documents are gone (410), as Mastodon and Misskey answer
  const isGone = (user: UserRecord) => caches.accounts.hidden.has(user.id);
  const settings = () => caches.instance.rules().settings;
  const isBlocked = (url: string) => caches.instance.rules().isBlockedHost(hostOf(url));
  const fetchDocument = (url: string) => {
    // a blocked instance is never fetched from (its documents could only be used against its block)
    if (isBlocked(url)) return Promise.reject(new FetchRefusedError('The host is blocked'));
    return fetchApDocument(fetcher, url);
  };
  const guard = new AddressGuard(config.allowedPrivateNetworks);
  const remote = new RemoteActorService({
    store,
    mailboxes: deps.mailboxes,
    urls,
    fetcher,
    fetchDocument,
    // WebFinger over plain http only for the literal addresses (or localhost) an operator allowed: loopback tests
    webFingerScheme(host) {
      const name = new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '');
      const allowed = guard.isAllowlisted(name) || (name === 'localhost' && config.allowedPrivateNetworks.length > 0);
      return allowed ? 'http' : 'https';
    },
  });
  const isBlockedHost = (hostname: string) => caches.instance.rules().isBlockedHost(hostname);
  const isHidden = (userId: string) => caches.accounts.hidden.has(userId);
  const inboxLog = logger('federation.inbox');
  const verifier = new BatchVerifier(cryptoThreads(config.inboxVerifyingThreads));
  const lookedUp = async (find: () => Promise<{ userId: string }>): Promise<LookupResult> => {
    try {
      return { ok: true, userId: (await find()).userId };
    } catch (err) {
      if (err instanceof NotAnActorError) return { ok: false, reason: 'notActor' };
      log.info({ err: err instanceof Error ? err.message : String(err) }, 'remote lookup failed');
      return { ok: false, reason: 'failed' };
    }
  };
  const notes = new RemoteNoteService({ store, mailboxes: deps.mailboxes, caches, urls, remote, fetchDocument });
  const objectByUri = async (uri: string): Promise<ObjectResult> => {
    const noteId = notes.storedId(uri);
    if (noteId !== undefined) return { ok: true, type: 'Note', id: noteId };
    if (store.remoteActors.get(uri) !== undefined) {
      const user = await lookedUp(() => remote.resolve(uri));
      return user.ok ? { ok: true, type: 'User', id: user.userId } : user;
    }
    let doc: ApDocument;
    try {
      doc = await fetchDocument(uri);
    } catch (err) {
      log.info({ err: err instanceof Error ? err.message : String(err) }, 'remote object fetch failed');
      return { ok: false, reason: 'failed' };
    }
    if (typeof doc.type !== 'string' || !NOTE_TYPES.has(doc.type)) {
      const user = await lookedUp(() => remote.storeDocument(doc));
      return user.ok ? { ok: true, type: 'User', id: user.userId } : user;
    }
    try {
      return { ok: true, type: 'Note', id: (await notes.store(doc)).noteId };
    } catch (err) {
      if (err instanceof NoteRefusedError) return { ok: false, reason: 'notActor' };
      log.info({ err: err instanceof Error ? err.message : String(err) }, 'remote note could not be stored');
      return { ok: false, reason: 'failed' };
    }
  };
  const federation: Federation = {
    urls,
    keys,
    fetchDocument,
    remote,
    notes,
    // the processor is made below, with this object in its handlers' context
    inbox: { start: () => processor.start(), stop: (timeoutMs) => processor.stop(timeoutMs) },
    lookup: {
      userByUri(uri) {
        if (isBlocked(uri)) return Promise.resolve({ ok: false, reason: 'blocked' });
        return lookedUp(() => remote.resolve(uri));
      },
      objectByUri(uri) {
        if (isBlocked(uri)) return Promise.resolve({ ok: false, reason: 'blocked' });
        return objectByUri(uri);
      },
      userByAcct(username, host) {
        if (!/^[A-Za-z0-9_.-]{1,128}$/.test(username) || !/^[a-z0-9.-]{1,253}(:\d{1,5})?$/.test(host))
          return Promise.resolve({ ok: false, reason: 'invalid' });
        if (isBlocked(`http://${host}/`)) return Promise.resolve({ ok: false, reason: 'blocked' });
        return lookedUp(() => remote.resolveAcct(username, host));
      },
      async documentByUri(uri) {
        if (isBlocked(uri)) return { ok: false, reason: 'blocked' };
        try {
          return { ok: true, document: await fetchDocument(uri) };
        } catch (err) {
          log.info({ err: err instanceof Error ? err.message : String(err) }, 'remote object fetch failed');
          return { ok: false, reason: 'failed' };
        }
      },
      download(url, path, maxBytes) {
        if (isBlocked(url)) return Promise.reject(new FetchRefusedError('The host is blocked'));
        return downloadTo(fetcher, url, path, maxBytes);
      },
    },
    register(routes) {
      registerDiscovery(routes, {
        urls,
        store,
        user: sources.user,
        isGone,
        nodeInfo: new NodeInfo(settings, store, urls),
      });
      registerDocuments(routes, { ...sources, config, urls, store, keys, isGone, log }, documents);
      registerInbox(routes, {
        urls,
        store,
        remote,
        user: sources.user,
        isGone,
        isBlockedHost,
        isHidden,
        verifier,
        queued: () => processor.wake(),
        log: inboxLog,
      });
    },
    fail(exchange: Exchange, err: unknown) {
      log.error({ err }, 'federation route failed');
      sendStatus(exchange, 500);
    },
    startDraining() {},
    close() {
      void fetcher.close();
      void verifier.close();
    },
  };
  const context: InboxContext = {
    federation,
    mailboxes: deps.mailboxes,
    caches,
    store,
    config,
    objectOf: objectOf({ urls, fetchDocument }),
  };
  const processor = new InboxProcessor({
    store,
    context,
    forwarding: { fetchDocument, remote, isBlockedHost, isHidden },
    log: inboxLog,
  });
  return federation;
}

const hostOf = (url: string): string | null => {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
};

/** Drops the rendered documents the events say changed. */
function forgetDocuments(documents: DocumentCache, events: readonly DomainEvent[]): void {
  for (const event of events) {
    switch (event.type) {
      case 'noteDeleted':
      case 'pollVoted':
        documents.notes.delete(event.noteId);
        break;
      case 'userUpdated':
      case 'accountSuspended':
      case 'accountUnsuspended':
      case 'accountDeleted':
        documents.actors.delete(event.userId);
        break;
    }
  }
}
