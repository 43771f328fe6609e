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
import { registerDiscovery } from './discovery-routes.js';
import { DocumentCache, registerDocuments } from './document-routes.js';
import { type ApDocument, fetchApDocument } from './documents-fetch.js';
import { FetchRefusedError, GuardedFetcher } from './fetcher.js';
import { signCavage } from './http-signatures.js';
import { ActorKeyService } from './keys.js';
import { NodeInfo } from './nodeinfo.js';
import { sendStatus } from './respond.js';
import { FederationUrls, INSTANCE_ACTOR_ID } from './urls.js';

const log = logger('federation');

export interface FederationDeps {
  config: Config;
  store: Store;
  mailboxes: Mailboxes;
  caches: ReadCaches;
}

export interface Federation extends ClientApi {
  urls: FederationUrls;
  keys: ActorKeyService;
  /** An ActivityStreams document from another server, fetched through the guarded fetcher, signed by the instance actor. */
  fetchDocument(url: string): Promise<ApDocument>;
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
  return {
    urls,
    keys,
    fetchDocument(url) {
      // a blocked instance is never fetched from (its documents could only be used against its block)
      if (caches.instance.rules().isBlockedHost(hostOf(url)))
        return Promise.reject(new FetchRefusedError('The host is blocked'));
      return fetchApDocument(fetcher, url);
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
    },
    fail(exchange: Exchange, err: unknown) {
      log.error({ err }, 'federation route failed');
      sendStatus(exchange, 500);
    },
    startDraining() {},
    close() {
      void fetcher.close();
    },
  };
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
