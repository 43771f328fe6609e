/** /.well-known/webfinger, host-meta and NodeInfo. */
import type { Routes } from '../gateway/index.js';
import type { Store, UserRecord } from '../store/index.js';
import type { NodeInfo } from './nodeinfo.js';
import { NODEINFO_PROFILE } from './nodeinfo.js';
import { sendStatus } from './respond.js';
import { type FederationUrls, INSTANCE_ACTOR_USERNAME } from './urls.js';
import { hostMetaJson, hostMetaXrd, jrd, parseResource, type WebFingerSubject, wantsXrd, xrd } from './webfinger.js';

const CORS = {
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'Accept',
  Vary: 'Accept',
};
const DISCOVERY_CACHE = 'public, max-age=180';

export interface DiscoveryDeps {
  urls: FederationUrls;
  store: Store;
  user(id: string): UserRecord | undefined;
  /** Whether a local user's documents are gone (suspended or deleted): 410 instead of 200. */
  isGone(user: UserRecord): boolean;
  nodeInfo: NodeInfo;
}

export function registerDiscovery(routes: Routes, deps: DiscoveryDeps): void {
  const { urls } = deps;

  const subjectOf = (resource: string): WebFingerSubject | number => {
    const parsed = parseResource(resource, urls);
    switch (parsed.kind) {
      case 'invalid':
        return 400;
      case 'foreign':
        return 422;
      case 'instance':
        return { username: INSTANCE_ACTOR_USERNAME, actor: urls.instanceActor(), profile: urls.instanceActor() };
    }
    const id = parsed.kind === 'userId' ? parsed.userId : deps.store.accounts.idOf(parsed.usernameLower, null);
    const user = id === undefined ? undefined : deps.user(id);
    if (user === undefined || user.host !== null) return 404;
    if (deps.isGone(user)) return 410;
    return { username: user.username, actor: urls.actor(user.id), profile: urls.profile(user.username) };
  };

  routes.any('/.well-known/webfinger', (exchange, req) => {
    if (exchange.method === 'options') return exchange.send(204, null, CORS);
    if (exchange.method !== 'get' && exchange.method !== 'head') return sendStatus(exchange, 405, CORS);
    const resource = new URLSearchParams(req.getQuery() ?? '').get('resource');
    if (resource === null) return sendStatus(exchange, 400, CORS);
    const subject = subjectOf(resource);
    if (typeof subject === 'number') return sendStatus(exchange, subject, CORS);
    const headers = { ...CORS, 'Cache-Control': DISCOVERY_CACHE };
    if (wantsXrd(req.getHeader('accept')))
      exchange.send(200, xrd(subject, urls), headers, 'application/xrd+xml; charset=utf-8');
    else exchange.send(200, JSON.stringify(jrd(subject, urls)), headers, 'application/jrd+json; charset=utf-8');
  });

  const hostMeta = hostMetaXrd(urls);
  const hostMetaJ = JSON.stringify(hostMetaJson(urls));
  const cached = { ...CORS, 'Cache-Control': DISCOVERY_CACHE };
  routes.get('/.well-known/host-meta', (exchange) =>
    exchange.send(200, hostMeta, cached, 'application/xrd+xml; charset=utf-8'),
  );
  routes.get('/.well-known/host-meta.json', (exchange) =>
    exchange.send(200, hostMetaJ, cached, 'application/jrd+json; charset=utf-8'),
  );

  const nodeInfoCache = { ...CORS, 'Cache-Control': 'public, max-age=600' };
  const links = JSON.stringify(deps.nodeInfo.links());
  routes.get('/.well-known/nodeinfo', (exchange) => exchange.send(200, links, nodeInfoCache));
  for (const version of ['2.0', '2.1'] as const) {
    routes.get(`/nodeinfo/${version}`, (exchange) =>
      exchange.send(200, JSON.stringify(deps.nodeInfo.document(version)), nodeInfoCache, NODEINFO_PROFILE(version)),
    );
  }
}
