/**
 * Remote users, as federation fetched them: `user.storeRemote` creates the user record of a remote
 * actor (a user with `host` and `uri`) or updates it in place, and stores its inboxes and key, in one
 * commit. An actor is one user by URI; its acct (`name@host`) is registered when it is created.
 */
import { newLocalUser } from '../domain/index.js';
import { genId, type UserRecord } from '../store/index.js';
import { fail, ok } from './context.js';
import type { Handler } from './handler.js';
import type { RemoteActorInput } from './protocol.js';
import { addFollowers, indexUser } from './search-indexes.js';
import { saveUser } from './user.js';

/** The user record fields an actor document gives (everything else keeps its default or stored value). */
function fromActor(base: Omit<UserRecord, 'lite'>, a: RemoteActorInput): Omit<UserRecord, 'lite'> {
  const p = a.profile;
  return {
    ...base,
    host: a.host,
    uri: a.uri,
    url: p.url,
    name: p.name,
    description: p.description,
    location: p.location,
    birthday: p.birthday,
    fields: p.fields,
    isLocked: p.isLocked,
    isBot: p.isBot,
    isCat: p.isCat,
    isExplorable: p.isExplorable,
    alsoKnownAs: p.alsoKnownAs,
    avatarUrl: p.avatarUrl,
    bannerUrl: p.bannerUrl,
  };
}

const storeRemote: Handler<'user.storeRemote'> = (ctx, { actor }) => {
  const { store } = ctx;
  const known = store.remoteActors.get(actor.uri);
  const usernameLower = actor.username.toLowerCase();
  const existingId = known?.userId ?? store.accounts.idOf(usernameLower, actor.host);
  const existing = existingId === undefined ? undefined : store.users.get(existingId);
  let userId: string;
  if (existing === undefined) {
    userId = genId();
    const user = fromActor(newLocalUser(userId, actor.username), actor);
    saveUser(ctx, user);
    indexUser(store, undefined, user);
    void store.accounts.register(usernameLower, actor.host, userId);
    ctx.emit({ type: 'userCreated', userId });
  } else {
    userId = existing.id;
    const { lite: _lite, ...rest } = existing;
    // the username an acct was registered with stays: other servers' mentions resolve through it
    const user = fromActor(rest, actor);
    saveUser(ctx, user);
    indexUser(store, existing, user);
    ctx.emit({ type: 'userUpdated', userId });
  }
  store.remoteActors.put({
    userId,
    uri: actor.uri,
    inbox: actor.inbox,
    sharedInbox: actor.sharedInbox,
    followers: actor.followers,
    following: actor.following,
    featured: actor.featured,
    keyId: actor.keyId,
    publicKeyPem: actor.publicKeyPem,
    fetchedAt: actor.fetchedAt,
    // a Move already verified stays recorded while the document does not say otherwise
    movedTo: actor.movedTo ?? known?.movedTo ?? null,
  });
  return ok({ userId, created: existing === undefined });
};

/** A remote account its server deleted: gone for every list at once (as a deleted local account); its notes and follows are purged after. */
const deleteRemote: Handler<'user.deleteRemote'> = (ctx, a) => {
  const user = ctx.store.users.get(a.userId);
  if (user === undefined || user.host === null) return fail('noSuchUser');
  const state = ctx.store.accountStates.of(a.userId);
  if (state.deleted) return ok(null);
  ctx.store.accountStates.set(a.userId, { ...state, deleted: true, purged: false });
  ctx.emit({ type: 'accountDeleted', userId: a.userId });
  return ok(null);
};

/** Records a verified Move of a remote actor (its followers here follow `movedTo` instead; see the inbox's Move). */
const markMoved: Handler<'user.markMoved'> = (ctx, a) => {
  const known = ctx.store.remoteActors.get(a.uri);
  if (known === undefined) return fail('noSuchUser');
  ctx.store.remoteActors.put({ ...known, movedTo: a.movedTo });
  ctx.emit({ type: 'userUpdated', userId: known.userId });
  return ok(null);
};

/**
 * A remote user's follower and followee counts from its server (local follows move them by one after
 * that, until the next fetch of the actor sets them again).
 */
const setRemoteCounts: Handler<'user.setRemoteCounts'> = (ctx, a) => {
  const user = ctx.store.users.get(a.userId);
  if (user === undefined || user.host === null) return fail('noSuchUser');
  const counts = ctx.store.counts.of(a.userId);
  if (a.followersCount !== null) addFollowers(ctx.store, a.userId, a.followersCount - counts.followersCount);
  if (a.followingCount !== null)
    void ctx.store.counts.add(a.userId, 'followingCount', a.followingCount - counts.followingCount);
  ctx.emit({ type: 'userUpdated', userId: a.userId });
  return ok(null);
};

export const remoteUserHandlers = {
  'user.setRemoteCounts': setRemoteCounts,
  'user.storeRemote': storeRemote,
  'user.deleteRemote': deleteRemote,
  'user.markMoved': markMoved,
};
