/**
 * WebFinger (RFC 7033) and host-meta (federation.md §1.1–1.2): which local actor a resource names
 * (`acct:name@host`, a bare `name@host`, the profile URL or the actor URL; case-insensitive), and the
 * JRD or XRD that points at its actor document.
 */
import { escapeHtml } from './html.js';
import { type FederationUrls, INSTANCE_ACTOR_USERNAME } from './urls.js';

/** What a resource names: a local account by name or id, the instance actor, an account elsewhere, or nothing parsable. */
export type Resource =
  | { kind: 'username'; usernameLower: string }
  | { kind: 'userId'; userId: string }
  | { kind: 'instance' }
  | { kind: 'foreign' }
  | { kind: 'invalid' };

const USERNAME = /^[a-z0-9_]{1,64}$/;

export function parseResource(raw: string, urls: FederationUrls): Resource {
  const resource = raw.trim().toLowerCase();
  if (resource.length === 0 || resource.length > 512) return { kind: 'invalid' };
  if (resource.startsWith('https://') || resource.startsWith('http://')) {
    let url: URL;
    try {
      url = new URL(resource);
    } catch {
      return { kind: 'invalid' };
    }
    if (url.host !== urls.host) return { kind: 'foreign' };
    const path = url.pathname;
    if (path === '/actor') return { kind: 'instance' };
    if (path.startsWith('/users/')) {
      const id = path.slice('/users/'.length);
      return /^[0-9a-z]{1,32}$/.test(id) ? { kind: 'userId', userId: id } : { kind: 'invalid' };
    }
    if (path.startsWith('/@')) return acct(decodeURIComponentSafe(path.slice(2)), urls);
    return { kind: 'invalid' };
  }
  return acct(resource.startsWith('acct:') ? resource.slice(5) : resource, urls);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}

function acct(text: string, urls: FederationUrls): Resource {
  const name = text.startsWith('@') ? text.slice(1) : text;
  const at = name.lastIndexOf('@');
  const username = at === -1 ? name : name.slice(0, at);
  if (at !== -1 && name.slice(at + 1) !== urls.host) return { kind: 'foreign' };
  if (username === INSTANCE_ACTOR_USERNAME) return { kind: 'instance' };
  return USERNAME.test(username) ? { kind: 'username', usernameLower: username } : { kind: 'invalid' };
}

export interface WebFingerSubject {
  username: string;
  actor: string;
  profile: string;
}

export function jrd(subject: WebFingerSubject, urls: FederationUrls) {
  return {
    subject: `acct:${subject.username}@${urls.host}`,
    aliases: [subject.actor, subject.profile],
    links: [
      { rel: 'self', type: 'application/activity+json', href: subject.actor },
      { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: subject.profile },
      { rel: 'http://ostatus.org/schema/1.0/subscribe', template: `${urls.origin}/authorize-follow?acct={uri}` },
    ],
  };
}

export function xrd(subject: WebFingerSubject, urls: FederationUrls): string {
  const e = escapeHtml;
  return `<?xml version="1.0" encoding="UTF-8"?>
<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">
<Subject>${e(`acct:${subject.username}@${urls.host}`)}</Subject>
<Alias>${e(subject.actor)}</Alias>
<Alias>${e(subject.profile)}</Alias>
<Link rel="self" type="application/activity+json" href="${e(subject.actor)}"/>
<Link rel="http://webfinger.net/rel/profile-page" type="text/html" href="${e(subject.profile)}"/>
<Link rel="http://ostatus.org/schema/1.0/subscribe" template="${e(urls.origin)}/authorize-follow?acct={uri}"/>
</XRD>
`;
}

/** Whether the client asked for XRD rather than JRD (JRD unless XRD is named and JSON is not). */
export const wantsXrd = (accept: string) => {
  const lower = accept.toLowerCase();
  return lower.includes('xrd+xml') && !lower.includes('json');
};

export const hostMetaXrd = (urls: FederationUrls) => `<?xml version="1.0" encoding="UTF-8"?>
<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">
<Link rel="lrdd" type="application/xrd+xml" template="${escapeHtml(urls.origin)}/.well-known/webfinger?resource={uri}"/>
</XRD>
`;

export const hostMetaJson = (urls: FederationUrls) => ({
  links: [
    {
      rel: 'lrdd',
      type: 'application/jrd+json',
      template: `${urls.origin}/.well-known/webfinger?resource={uri}`,
    },
  ],
});
