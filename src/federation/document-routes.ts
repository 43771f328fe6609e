/**
 * The ActivityPub documents of local actors and notes, negotiated on Accept (federation.md §1.5):
 * ActivityStreams JSON to ActivityPub clients, a small HTML page to browsers; always `Vary: Accept`.
 * Documents are rendered once and kept until a domain event says their record changed.
 */
import type { Config } from '../config/index.js';
import { canSee, isPureRenote } from '../domain/index.js';
import type { Exchange, RequestHead, Routes } from '../gateway/index.js';
import { BoundedMap, type NoteRecord, type Store, type UserRecord } from '../store/index.js';
import { localMentionLinker, renderInstanceActor, renderPerson } from './actor-document.js';
import { orderedCollection, orderedCollectionPage, PAGE_SIZE, pageQuery } from './collections.js';
import { htmlPage } from './html.js';
import type { ActorKeyService } from './keys.js';
import { wantsActivityJson } from './negotiation.js';
import { type NoteSources, renderNote, renderOutboxActivity } from './note-object.js';
import { segments, sendActivity, sendHtml, sendStatus } from './respond.js';
import { type FederationUrls, INSTANCE_ACTOR_ID } from './urls.js';

export interface DocumentDeps extends NoteSources {
  config: Config;
  urls: FederationUrls;
  store: Store;
  keys: ActorKeyService;
  isGone(user: UserRecord): boolean;
  log: { error(obj: object, msg: string): void };
}

/** Serialised documents by user or note id; forgotten through `forget` when the record changes. */
export class DocumentCache {
  readonly actors = new BoundedMap<string, string>(10_000);
  readonly notes = new BoundedMap<string, string>(10_000);
}

const ID = /^[0-9a-z]{1,32}$/;

export function registerDocuments(routes: Routes, deps: DocumentDeps, cache: DocumentCache): void {
  const { urls, store } = deps;
  const siteName = deps.config.instanceName || urls.host;

  /** A local user whose documents may be served, or the status to answer instead. */
  const localUser = (id: string | undefined): UserRecord | number => {
    if (id === undefined || !ID.test(id)) return 404;
    const user = deps.user(id);
    if (user === undefined || user.host !== null) return 404;
    return deps.isGone(user) ? 410 : user;
  };

  const mentionLink = localMentionLinker(urls, (name) => store.accounts.idOf(name, null), deps.user);

  const actorJson = async (user: UserRecord): Promise<string> => {
    const cached = cache.actors.get(user.id);
    if (cached !== undefined) return cached;
    const pair = deps.keys.peek(user.id) ?? (await deps.keys.of(user.id));
    const json = JSON.stringify(renderPerson(user, pair.publicKeyPem, urls, mentionLink));
    cache.actors.set(user.id, json);
    return json;
  };

  const profilePage = (user: UserRecord) =>
    htmlPage(
      {
        title: `${user.name ?? user.username} (@${user.username}@${urls.host})`,
        description: user.description ?? '',
        url: urls.profile(user.username),
        activityUrl: urls.actor(user.id),
        type: 'profile',
        siteName,
      },
      user.description ?? '',
    );

  /** Answers after an await: the exchange watches aborts, and failures are logged and answered 500-free (503). */
  const later = (exchange: Exchange, work: Promise<void>) => {
    exchange.watchAborts();
    return work.catch((err: unknown) => {
      deps.log.error({ err }, 'rendering an actor document failed');
      sendStatus(exchange, 503);
    });
  };

  const serveActor = (exchange: Exchange, req: RequestHead, user: UserRecord) => {
    if (!wantsActivityJson(req.getHeader('accept'))) return sendHtml(exchange, profilePage(user));
    const cached = cache.actors.get(user.id);
    if (cached !== undefined) return sendActivity(exchange, cached);
    return later(
      exchange,
      actorJson(user).then((json) => sendActivity(exchange, json)),
    );
  };

  routes.get('/users/:id', (exchange, req) => {
    const user = localUser(segments(req.getUrl())[1]);
    if (typeof user === 'number') return sendStatus(exchange, user, { Vary: 'Accept' });
    return serveActor(exchange, req, user);
  });

  routes.getPrefixed('/@', (exchange, req) => {
    const name = segments(req.getUrl())[0]!.slice(1);
    const at = name.indexOf('@');
    const username = at === -1 ? name : name.slice(0, at);
    if ((at !== -1 && name.slice(at + 1).toLowerCase() !== urls.host) || !/^[A-Za-z0-9_]{1,64}$/.test(username))
      return sendStatus(exchange, 404, { Vary: 'Accept' });
    const user = localUser(store.accounts.idOf(username.toLowerCase(), null));
    if (typeof user === 'number') return sendStatus(exchange, user, { Vary: 'Accept' });
    return serveActor(exchange, req, user);
  });

  let instanceJson: string | undefined;
  routes.get('/actor', (exchange) => {
    if (instanceJson !== undefined) return sendActivity(exchange, instanceJson);
    return later(
      exchange,
      deps.keys.of(INSTANCE_ACTOR_ID).then((pair) => {
        instanceJson = JSON.stringify(renderInstanceActor(pair.publicKeyPem, urls, deps.config.instanceName));
        sendActivity(exchange, instanceJson);
      }),
    );
  });

  /** A note anyone may fetch unsigned: local, federated, public or home, and not a pure renote (its Announce is in the outbox). */
  const servableNote = (id: string | undefined): { note: NoteRecord; author: UserRecord } | null => {
    if (id === undefined || !ID.test(id)) return null;
    const note = deps.note(id);
    if (note === undefined || note.userHost !== null || note.localOnly || isPureRenote(note)) return null;
    if (!canSee(note, null)) return null;
    const author = localUser(note.userId);
    return typeof author === 'number' ? null : { note, author };
  };

  routes.get('/notes/:id', (exchange, req) => {
    const found = servableNote(segments(req.getUrl())[1]);
    if (found === null) return sendStatus(exchange, 404, { Vary: 'Accept' });
    const { note, author } = found;
    if (!wantsActivityJson(req.getHeader('accept'))) {
      const who = `${author.name ?? author.username} (@${author.username}@${urls.host})`;
      const text = note.cw ?? note.text ?? '';
      return sendHtml(
        exchange,
        htmlPage(
          {
            title: who,
            description: text,
            url: urls.note(note.id),
            activityUrl: urls.note(note.id),
            type: 'article',
            siteName,
          },
          text,
        ),
      );
    }
    let json = cache.notes.get(note.id);
    if (json === undefined) {
      json = JSON.stringify(renderNote(note, author, urls, deps));
      cache.notes.set(note.id, json);
    }
    sendActivity(exchange, json);
  });

  /** `/users/<id>/<collection>`: the collection, or one of its pages. */
  const collectionRoute = (
    name: string,
    size: (user: UserRecord) => number,
    page: (user: UserRecord, untilId: string | null) => { items: unknown[]; lastId: string | null } | number,
  ) => {
    routes.get(`/users/:id/${name}`, (exchange, req) => {
      const user = localUser(segments(req.getUrl())[1]);
      if (typeof user === 'number') return sendStatus(exchange, user);
      const query = pageQuery(req.getQuery());
      if (query === null) return sendStatus(exchange, 400);
      const id = `${urls.actor(user.id)}/${name}`;
      if (!query.page) {
        const pageable = typeof page(user, null) !== 'number';
        return sendActivity(exchange, JSON.stringify(orderedCollection(id, size(user), pageable)));
      }
      const found = page(user, query.untilId);
      if (typeof found === 'number') return sendStatus(exchange, found);
      sendActivity(exchange, JSON.stringify(orderedCollectionPage(id, query.untilId, found.items, found.lastId)));
    });
  };

  collectionRoute(
    'outbox',
    (user) => store.counts.of(user.id).notesCount,
    (user, untilId) => {
      let lastId: string | null = null;
      const items = store.noteIndexes.userNotePage(
        user.id,
        untilId === null ? {} : { untilId },
        PAGE_SIZE,
        (noteId) => {
          lastId = noteId;
          const note = deps.note(noteId);
          if (note === undefined || note.localOnly || !canSee(note, null)) return undefined;
          return renderOutboxActivity(note, user, urls, deps) ?? undefined;
        },
      );
      return { items, lastId: items.length === PAGE_SIZE ? lastId : null };
    },
  );

  const relationPage = (list: 'followers' | 'following') => (user: UserRecord, untilId: string | null) => {
    const visibility = list === 'followers' ? user.followersVisibility : user.followingVisibility;
    if (visibility !== 'public') return 403;
    let lastId: string | null = null;
    const items = store[list].page(user.id, untilId === null ? {} : { untilId }, PAGE_SIZE, (followId, otherId) => {
      lastId = followId;
      const other = deps.user(otherId);
      return other === undefined ? undefined : (other.uri ?? urls.actor(other.id));
    });
    return { items, lastId: items.length === PAGE_SIZE ? lastId : null };
  };
  collectionRoute('followers', (user) => store.counts.of(user.id).followersCount, relationPage('followers'));
  collectionRoute('following', (user) => store.counts.of(user.id).followingCount, relationPage('following'));

  routes.get('/users/:id/collections/featured', (exchange, req) => {
    const user = localUser(segments(req.getUrl())[1]);
    if (typeof user === 'number') return sendStatus(exchange, user);
    const items = user.pinnedNoteIds
      .map((id) => servableNote(id))
      .filter((found) => found !== null && found.author.id === user.id)
      .map((found) => {
        const { '@context': _, ...note } = renderNote(found!.note, user, urls, deps);
        return note;
      });
    const id = `${urls.actor(user.id)}/collections/featured`;
    sendActivity(exchange, JSON.stringify({ ...orderedCollection(id, items.length, false), orderedItems: items }));
  });
}
