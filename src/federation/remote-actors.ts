/**
 * Remote actors: fetched through the guarded fetcher, checked (actor-parse.ts), stored as remote users
 * by the user actor (`user.storeRemote`), and kept for a day; a key id names its actor until the actor
 * document says otherwise, and a signature that fails with a cached key may re-fetch its actor once a
 * minute at most (key rotation). Failed fetches are remembered for five minutes, so a dead or hostile
 * server is not asked again for every request that names it (federation.md §5.6, item 18).
 */
import type { Mailboxes } from '../actors/index.js';
import { BoundedMap, type RemoteActorRecord, type Store } from '../store/index.js';
import { parseActor } from './actor-parse.js';
import { type ApDocument, parseJsonSafely } from './documents-fetch.js';
import { FetchRefusedError, type GuardedFetcher } from './fetcher.js';
import type { FederationUrls } from './urls.js';

const TTL_MS = 24 * 60 * 60_000;
const REFRESH_INTERVAL_MS = 60_000;
const FAILURE_TTL_MS = 5 * 60_000;

export interface RemoteActorDeps {
  store: Store;
  mailboxes: Mailboxes;
  urls: FederationUrls;
  fetcher: GuardedFetcher;
  fetchDocument(url: string): Promise<ApDocument>;
  /** The scheme WebFinger is asked over for a host: https, or http for a host the operator allowed (tests over loopback). */
  webFingerScheme(host: string): 'https' | 'http';
}

export class RemoteActorService {
  private readonly failedUntil = new BoundedMap<string, number>(10_000);
  private readonly refreshedAt = new BoundedMap<string, number>(10_000);
  private readonly inFlight = new Map<string, Promise<RemoteActorRecord>>();

  constructor(private readonly deps: RemoteActorDeps) {}

  /** The actor at `uri`: the stored one while it is fresh, else fetched (again) and stored. */
  resolve(uri: string, refresh = false): Promise<RemoteActorRecord> {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return Promise.reject(new FetchRefusedError('Expected a URL'));
    }
    if (url.origin === this.deps.urls.origin) return Promise.reject(new FetchRefusedError('A local URL'));
    const now = Date.now();
    const cached = this.deps.store.remoteActors.get(url.href);
    if (cached !== undefined && !refresh && now - cached.fetchedAt < TTL_MS) return Promise.resolve(cached);
    if ((this.failedUntil.get(url.href) ?? 0) > now)
      return Promise.reject(new FetchRefusedError('The actor could not be fetched a moment ago'));
    let pending = this.inFlight.get(url.href);
    if (pending === undefined) {
      pending = this.fetchAndStore(url.href).finally(() => this.inFlight.delete(url.href));
      this.inFlight.set(url.href, pending);
    }
    return pending;
  }

  private async fetchAndStore(uri: string): Promise<RemoteActorRecord> {
    try {
      const stored = await this.storeDocument(await this.deps.fetchDocument(uri));
      void this.refreshCounts(stored);
      return stored;
    } catch (err) {
      this.failedUntil.set(uri, Date.now() + FAILURE_TTL_MS);
      throw err;
    }
  }

  /**
   * The actor's follower and followee counts, from its collections' `totalItems`, fetched after the
   * actor (in the background: a signature check waiting on the actor does not wait for these too).
   * A collection that cannot be read leaves its count as it is.
   */
  private async refreshCounts(actor: RemoteActorRecord): Promise<void> {
    const totalOf = async (url: string | null) => {
      if (url === null) return null;
      const total = await this.deps.fetchDocument(url).then(
        (doc) => doc.totalItems,
        () => null,
      );
      return Number.isSafeInteger(total) && (total as number) >= 0 ? (total as number) : null;
    };
    const [followersCount, followingCount] = await Promise.all([totalOf(actor.followers), totalOf(actor.following)]);
    if (followersCount === null && followingCount === null) return;
    const args = { userId: actor.userId, followersCount, followingCount };
    await this.deps.mailboxes.send({ op: 'user.setRemoteCounts', args }, actor.userId).catch(() => undefined);
  }

  /** Stores an actor document just fetched (by the user actor) and answers what was stored. */
  async storeDocument(doc: ApDocument): Promise<RemoteActorRecord> {
    const actor = parseActor(doc, Date.now());
    const reply = await this.deps.mailboxes.send(
      { op: 'user.storeRemote', args: { actor } },
      `${actor.username.toLowerCase()}@${actor.host}`,
    );
    if (!reply.ok) throw new Error(`Expected the remote actor to be stored, got ${reply.error}`);
    this.deps.store.resetReadSnapshot();
    const stored = this.deps.store.remoteActors.get(actor.uri);
    if (stored === undefined) throw new Error('Expected the stored remote actor to read back');
    return stored;
  }

  /**
   * The actor whose key `keyId` names, as stored, while it is fresh: what `keyOf(keyId)` answers
   * without fetching anything; null when it would have to fetch.
   */
  storedKey(keyId: string, now = Date.now()): RemoteActorRecord | null {
    const { remoteActors } = this.deps.store;
    const uri = remoteActors.actorOfKey(keyId);
    const record = uri === undefined ? undefined : remoteActors.get(uri);
    if (record === undefined || record.keyId !== keyId || now - record.fetchedAt >= TTL_MS) return null;
    return record;
  }

  /**
   * The actor whose key `keyId` names, with that key; `refresh` after a signature failed with the
   * cached key (at most once a minute per actor). Null when no actor owns the key.
   */
  async keyOf(keyId: string, refresh = false): Promise<RemoteActorRecord | null> {
    let actorUri = this.deps.store.remoteActors.actorOfKey(keyId);
    if (actorUri === undefined) {
      // Mastodon, Misskey and Fedify key ids are `<actor>#main-key`, so the key's document is the actor;
      // GoToSocial's dereference to a stub naming its owner
      const doc = await this.deps.fetchDocument(keyId.replace(/#.*$/, ''));
      if (typeof doc.owner !== 'string') {
        const record = await this.storeDocument(doc);
        return record.keyId === keyId ? record : null;
      }
      actorUri = doc.owner;
      if (new URL(actorUri).origin !== new URL(keyId).origin) return null;
    }
    let mayRefresh = refresh;
    if (refresh) {
      const last = this.refreshedAt.get(actorUri) ?? 0;
      mayRefresh = Date.now() - last >= REFRESH_INTERVAL_MS;
      if (mayRefresh) this.refreshedAt.set(actorUri, Date.now());
    }
    const record = await this.resolve(actorUri, mayRefresh);
    return record.keyId === keyId ? record : null;
  }

  /**
   * `username@host` through WebFinger, then its actor; the actor must be on the host asked (or the
   * answer could bind another server's account to this name).
   */
  async resolveAcct(username: string, host: string): Promise<RemoteActorRecord> {
    const lowerHost = host.toLowerCase();
    const scheme = this.deps.webFingerScheme(lowerHost);
    const resource = encodeURIComponent(`acct:${username}@${lowerHost}`);
    const res = await this.deps.fetcher.get(
      `${scheme}://${lowerHost}/.well-known/webfinger?resource=${resource}`,
      'application/jrd+json, application/json',
    );
    if (res.status !== 200) throw new FetchRefusedError(`WebFinger answered ${res.status}`);
    const jrd = parseJsonSafely(res.body.toString('utf8')) as { links?: unknown };
    const links = Array.isArray(jrd?.links) ? (jrd.links as Record<string, unknown>[]) : [];
    const self = links.find(
      (l) =>
        l !== null &&
        typeof l === 'object' &&
        l.rel === 'self' &&
        typeof l.href === 'string' &&
        typeof l.type === 'string' &&
        (l.type.startsWith('application/activity+json') || l.type.startsWith('application/ld+json')),
    );
    if (self === undefined) throw new FetchRefusedError('WebFinger named no ActivityPub actor');
    const record = await this.resolve(self.href as string);
    if (new URL(record.uri).host.toLowerCase() !== lowerHost)
      throw new FetchRefusedError('WebFinger named an actor on another host');
    return record;
  }
}
