/** The URLs of this server's ActivityPub documents, all built from the configured public origin. */

import { INSTANCE_ACTOR_ID, instanceActorUri } from '../domain/index.js';

export { INSTANCE_ACTOR_ID };

/** The instance actor's username: it has a dot, which no sign-up name may have, so it never names a user. */
export const INSTANCE_ACTOR_USERNAME = 'instance.actor';

export class FederationUrls {
  /** `host[:port]` of the public origin, lower-cased: the host of every local acct. */
  readonly host: string;

  constructor(readonly origin: string) {
    this.host = new URL(origin).host.toLowerCase();
  }

  actor = (userId: string) => `${this.origin}/users/${userId}`;
  key = (actorUri: string) => `${actorUri}#main-key`;
  profile = (username: string) => `${this.origin}/@${username}`;
  note = (noteId: string) => `${this.origin}/notes/${noteId}`;
  sharedInbox = () => `${this.origin}/inbox`;
  instanceActor = () => instanceActorUri(this.origin);
  /** The URI of a local actor by its id: a user's, or the instance actor's for INSTANCE_ACTOR_ID. */
  actorOf = (actorId: string) => (actorId === INSTANCE_ACTOR_ID ? this.instanceActor() : this.actor(actorId));
  tag = (tag: string) => `${this.origin}/tags/${encodeURIComponent(tag)}`;
  /** The id of this server's actor (a user id, or INSTANCE_ACTOR_ID) for a local actor URI, or null. */
  localActorId(uri: string): string | null {
    if (uri === this.instanceActor()) return INSTANCE_ACTOR_ID;
    const prefix = `${this.origin}/users/`;
    if (!uri.startsWith(prefix)) return null;
    const id = uri.slice(prefix.length);
    return /^[0-9a-z]{1,32}$/.test(id) ? id : null;
  }
}
