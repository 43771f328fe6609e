/** `InboxContext.objectOf`: an activity's object, as far as it can be trusted (federation.md §4.2, rule 3). */
import type { ApDocument } from '../documents-fetch.js';
import { FetchRefusedError } from '../fetcher.js';
import type { FederationUrls } from '../urls.js';
import { ActivityRejected, type InboxActivity } from './activity.js';
import { asObject, idOf, sameOrigin } from './json.js';

export interface ObjectSources {
  urls: FederationUrls;
  fetchDocument(url: string): Promise<ApDocument>;
}

/**
 * The object of `activity`: embedded and on the sender's origin, as sent; one of this server's own
 * (a local actor or note), its URI only, whatever was embedded (handlers read it from the store);
 * otherwise fetched from its own origin. Refusals of that fetch (blocked host, not an AS document,
 * an id that is not the URL) reject the activity; a server that does not answer is worth a retry.
 */
export function objectOf(sources: ObjectSources) {
  return async (activity: InboxActivity): Promise<Readonly<Record<string, unknown>> | string> => {
    const object = activity.raw.object;
    const id = idOf(object);
    if (id === undefined) throw new ActivityRejected('Expected the object to be a URI or to have an id');
    if (sameOrigin(id, sources.urls.origin)) return id;
    const embedded = asObject(object);
    if (embedded !== undefined && sameOrigin(id, activity.actor.uri)) return embedded;
    try {
      return await sources.fetchDocument(id);
    } catch (err) {
      if (err instanceof FetchRefusedError)
        throw new ActivityRejected(`The object could not be fetched: ${err.message}`);
      throw err;
    }
  };
}
