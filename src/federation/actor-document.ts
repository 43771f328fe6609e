/**
 * Actor documents (federation.md §1.4): Person (Service for bots) for each local user, and the
 * instance actor, an Application that signs this server's own fetches. Shaped as Misskey renders them
 * (sharedInbox both top-level and in endpoints, featured, `_misskey_summary`, isCat), with the public
 * key as `<actor>#main-key`.
 */
import { hashtagsOf } from '../domain/index.js';
import { idDate, type UserRecord } from '../store/index.js';
import { CONTEXT } from './context.js';
import { escapeHtml, type MentionLinker, textToHtml } from './html.js';
import { type FederationUrls, INSTANCE_ACTOR_USERNAME } from './urls.js';

type Json = Record<string, unknown>;

const publicKey = (urls: FederationUrls, actor: string, publicKeyPem: string) => ({
  id: urls.key(actor),
  type: 'Key',
  owner: actor,
  publicKeyPem,
});

/** A profile field's value as HTML: a URL becomes a link with rel="me" (what profile verification looks for). */
function fieldValueHtml(value: string): string {
  if (/^https?:\/\/[^\s<>"']+$/.test(value)) {
    const href = escapeHtml(value);
    return `<a href="${href}" rel="me nofollow noopener" target="_blank">${href}</a>`;
  }
  return escapeHtml(value);
}

export function renderPerson(user: UserRecord, publicKeyPem: string, urls: FederationUrls, mentionLink: MentionLinker) {
  const id = urls.actor(user.id);
  const person: Json = {
    '@context': CONTEXT,
    type: user.isBot ? 'Service' : 'Person',
    id,
    inbox: `${id}/inbox`,
    outbox: `${id}/outbox`,
    followers: `${id}/followers`,
    following: `${id}/following`,
    featured: `${id}/collections/featured`,
    sharedInbox: urls.sharedInbox(),
    endpoints: { sharedInbox: urls.sharedInbox() },
    url: urls.profile(user.username),
    preferredUsername: user.username,
    name: user.name,
    summary: user.description === null ? null : textToHtml(user.description, mentionLink, urls.tag),
    _misskey_summary: user.description,
    published: idDate(user.id),
    tag: hashtagsOf(user.description).map((tag) => ({ type: 'Hashtag', href: urls.tag(tag), name: `#${tag}` })),
    manuallyApprovesFollowers: user.isLocked,
    discoverable: user.isExplorable,
    indexable: !user.noCrawle,
    publicKey: publicKey(urls, id, publicKeyPem),
    isCat: user.isCat,
    attachment: user.fields.map((field) => ({
      type: 'PropertyValue',
      name: field.name,
      value: fieldValueHtml(field.value),
    })),
  };
  const image = (url: string) => ({ type: 'Image', url: new URL(url, urls.origin).href });
  if (user.avatarUrl !== null) person.icon = image(user.avatarUrl);
  if (user.bannerUrl !== null) person.image = image(user.bannerUrl);
  if (user.birthday !== null) person['vcard:bday'] = user.birthday;
  if (user.location !== null) person['vcard:Address'] = user.location;
  if (user.alsoKnownAs !== null && user.alsoKnownAs.length > 0) person.alsoKnownAs = user.alsoKnownAs;
  return person;
}

/** The instance actor: the Application that signs this server's GETs (so servers in authorized-fetch mode answer them). */
export function renderInstanceActor(publicKeyPem: string, urls: FederationUrls, name: string) {
  const id = urls.instanceActor();
  return {
    '@context': CONTEXT,
    type: 'Application',
    id,
    inbox: `${id}/inbox`,
    outbox: `${id}/outbox`,
    sharedInbox: urls.sharedInbox(),
    endpoints: { sharedInbox: urls.sharedInbox() },
    url: `${urls.origin}/about`,
    preferredUsername: INSTANCE_ACTOR_USERNAME,
    name: name === '' ? urls.host : name,
    manuallyApprovesFollowers: true,
    discoverable: false,
    publicKey: publicKey(urls, id, publicKeyPem),
  };
}

/** Links a mention in a profile to this server's user of that name (a profile URL), or to nothing. */
export function localMentionLinker(
  urls: FederationUrls,
  idOf: (username: string) => string | undefined,
  userOf: (id: string) => UserRecord | undefined,
): MentionLinker {
  return (username, host) => {
    if (host !== null && host !== urls.host) return null;
    const id = idOf(username.toLowerCase());
    const user = id === undefined ? undefined : userOf(id);
    return user === undefined ? null : urls.profile(user.username);
  };
}
