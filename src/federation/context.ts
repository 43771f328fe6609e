/**
 * The JSON-LD contexts of this server's documents: only the two well-known context URLs every
 * implementation preloads (ActivityStreams and security/v1), and every extension term inline, so no
 * receiver has to fetch a context (Fedify, for one, fetches any other URL and can fail on it).
 */

export const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
export const SECURITY_CONTEXT = 'https://w3id.org/security/v1';
export const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** The extension terms Mastodon and Misskey use, as Misskey's context declares them. */
const EXTENSION_TERMS = {
  Key: 'sec:Key',
  manuallyApprovesFollowers: 'as:manuallyApprovesFollowers',
  sensitive: 'as:sensitive',
  Hashtag: 'as:Hashtag',
  quoteUrl: 'as:quoteUrl',
  fedibird: 'http://fedibird.com/ns#',
  quoteUri: 'fedibird:quoteUri',
  toot: 'http://joinmastodon.org/ns#',
  Emoji: 'toot:Emoji',
  featured: 'toot:featured',
  discoverable: 'toot:discoverable',
  indexable: 'toot:indexable',
  schema: 'http://schema.org#',
  PropertyValue: 'schema:PropertyValue',
  value: 'schema:value',
  misskey: 'https://misskey-hub.net/ns#',
  _misskey_content: 'misskey:_misskey_content',
  _misskey_quote: 'misskey:_misskey_quote',
  _misskey_summary: 'misskey:_misskey_summary',
  isCat: 'misskey:isCat',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
} as const;

export const CONTEXT = [AS_CONTEXT, SECURITY_CONTEXT, EXTENSION_TERMS] as const;

/** The media types that name an ActivityStreams document. */
export const ACTIVITY_JSON = 'application/activity+json';
export const LD_JSON_AS = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
