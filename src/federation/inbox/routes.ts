/**
 * `POST /inbox` and `POST /users/<id>/inbox`: checked in the order that costs least first (the
 * addressee, the Content-Type, the declared length, then the body read within 1 MiB), verified
 * (verify.ts), and answered 202 only once the activity is committed to the inbox queue.
 */
import { BodyTooLargeError, type Exchange, type RequestHead, type Routes } from '../../gateway/index.js';
import type { Logger } from '../../log/index.js';
import type { Store, UserRecord } from '../../store/index.js';
import { segments, sendStatus } from '../respond.js';
import type { FederationUrls } from '../urls.js';
import { type Delivery, type VerifyDeps, verifyDelivery } from './verify.js';

/** Largest activity accepted (federation.md §5.6 item 19; Mastodon's limit too). */
export const MAX_INBOX_BODY = 1024 * 1024;

/** activity+json, ld+json (with any profile) and plain json, as servers send them. */
const ACCEPTED_TYPE = /^application\/(activity\+json|ld\+json|json)\s*(;|$)/i;
const ID = /^[0-9a-z]{1,32}$/;

export interface InboxRouteDeps extends VerifyDeps {
  urls: FederationUrls;
  store: Store;
  user(id: string): UserRecord | undefined;
  /** Whether a local user's documents are gone (suspended or deleted): 410. */
  isGone(user: UserRecord): boolean;
  /** Called after an activity is queued. */
  queued(): void;
  log: Logger;
}

export function registerInbox(routes: Routes, deps: InboxRouteDeps): void {
  routes.any('/inbox', (exchange, req) => receive(exchange, req, deps));
  routes.any('/users/:id/inbox', (exchange, req) => {
    const id = segments(req.getUrl())[1];
    const user = id === undefined || !ID.test(id) ? undefined : deps.user(id);
    if (user === undefined || user.host !== null) return sendStatus(exchange, 404);
    if (deps.isGone(user)) return sendStatus(exchange, 410);
    return receive(exchange, req, deps);
  });
}

function receive(exchange: Exchange, req: RequestHead, deps: InboxRouteDeps): Promise<void> | undefined {
  if (exchange.method !== 'post') {
    sendStatus(exchange, 405, { Allow: 'POST' });
    return;
  }
  if (!ACCEPTED_TYPE.test(req.getHeader('content-type'))) {
    sendStatus(exchange, 415);
    return;
  }
  const declared = req.getHeader('content-length');
  if (declared !== '' && !(Number(declared) <= MAX_INBOX_BODY)) {
    tooLarge(exchange);
    return;
  }
  const headers = new Map<string, string>();
  req.forEach((name, value) => {
    const earlier = headers.get(name);
    headers.set(name, earlier === undefined ? value : `${earlier}, ${value}`);
  });
  const query = req.getQuery();
  const url = `${deps.urls.origin}${req.getUrl()}${query ? `?${query}` : ''}`;
  exchange.watchAborts();
  const body = exchange.readBody(MAX_INBOX_BODY);
  return body.then(
    (text) => accept(exchange, { url, headers, body: text }, deps),
    (err: unknown) => {
      if (err instanceof BodyTooLargeError) tooLarge(exchange);
    },
  );
}

/** 413, closing the connection: the rest of the body is not read. */
const tooLarge = (exchange: Exchange) => exchange.send(413, '', {}, 'text/plain; charset=utf-8', true);

async function accept(exchange: Exchange, delivery: Delivery, deps: InboxRouteDeps): Promise<void> {
  try {
    const verdict = await verifyDelivery(delivery, deps);
    if (verdict.status !== 202) {
      deps.log.debug({ status: verdict.status, reason: verdict.reason }, 'inbox delivery refused');
      return sendStatus(exchange, verdict.status);
    }
    if (verdict.entry !== null && (await deps.store.inboxQueue.enqueue(verdict.entry))) deps.queued();
    if (verdict.entry !== null) await forgiveHost(deps, verdict.entry.actorUri);
    sendStatus(exchange, 202);
  } catch (err) {
    // only the store can fail here (verification answers its failures): not the sender's fault, worth a retry
    deps.log.error({ err }, 'an inbox delivery could not be queued');
    sendStatus(exchange, 503);
  }
}

/** A host that signs a delivery to us is up again: the outbox forgets its failures (federation.md's delivery rules). */
async function forgiveHost(deps: InboxRouteDeps, actorUri: string): Promise<void> {
  const host = new URL(actorUri).host.toLowerCase();
  if (deps.store.deliveryStates.hostHealth(host) !== undefined) await deps.store.deliveryStates.clearHostHealth(host);
}
