/**
 * Reading a remote actor document into what Flock stores (federation.md §1.4, §5.6 item 21): only the
 * fields it uses, each checked in type and length; HTML (bio, field values) reduced to plain text by a
 * linear tag strip (nothing of it is ever rendered as HTML again: Flock escapes what it shows); URLs
 * only http(s); the inbox, key and key owner on the actor's own origin.
 */
import { createPublicKey } from 'node:crypto';
import type { RemoteActorInput } from '../actors/index.js';
import type { ApDocument } from './documents-fetch.js';
import { FetchRefusedError } from './fetcher.js';

/** The document is not an actor (or not one Flock can use). */
export class NotAnActorError extends FetchRefusedError {
  override name = 'NotAnActorError';
}

const ACTOR_TYPES = new Set(['Person', 'Service', 'Application', 'Group', 'Organization']);
const USERNAME = /^[A-Za-z0-9_.-]{1,128}$/;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HTML as plain text: line breaks for <br> and paragraph ends, tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .trim();
}

const text = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.length > 0 ? value.slice(0, max) : null;

function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The URL of an `icon`/`image` (an Image object, a link, or a list of either: the first). */
function imageUrl(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return httpUrl(first);
  if (first !== null && typeof first === 'object') {
    const url = (first as { url?: unknown }).url;
    return httpUrl(typeof url === 'object' && url !== null ? (url as { href?: unknown }).href : url);
  }
  return null;
}

const sameOrigin = (a: string, b: string) => new URL(a).origin === new URL(b).origin;

/** A URL of the actor's own origin, or null (delivery targets elsewhere would let one server aim another's deliveries). */
function ownUrl(value: unknown, actor: string): string | null {
  const url = httpUrl(value);
  return url !== null && sameOrigin(url, actor) ? url : null;
}

interface PublicKeyJson {
  id?: unknown;
  owner?: unknown;
  publicKeyPem?: unknown;
}

/** The actor document as stored; throws FetchRefusedError when it is not a usable actor. */
export function parseActor(doc: ApDocument, now: number): RemoteActorInput {
  const uri = doc.id;
  if (typeof doc.type !== 'string' || !ACTOR_TYPES.has(doc.type)) throw new NotAnActorError('Not an actor');
  const username = doc.preferredUsername;
  if (typeof username !== 'string' || !USERNAME.test(username))
    throw new FetchRefusedError('The actor has no usable preferredUsername');
  const inbox = ownUrl(doc.inbox, uri);
  if (inbox === null) throw new FetchRefusedError('The actor has no inbox on its origin');
  const keys = (Array.isArray(doc.publicKey) ? doc.publicKey : [doc.publicKey]) as PublicKeyJson[];
  const key = keys.find(
    (k) =>
      k !== null &&
      typeof k === 'object' &&
      typeof k.id === 'string' &&
      k.owner === uri &&
      typeof k.publicKeyPem === 'string' &&
      k.publicKeyPem.length < 16_384 &&
      ownUrl(k.id, uri) !== null,
  );
  if (key === undefined) throw new FetchRefusedError('The actor has no public key of its own');
  try {
    const type = createPublicKey(key.publicKeyPem as string).asymmetricKeyType;
    if (type !== 'rsa' && type !== 'ed25519') throw new Error(type);
  } catch {
    throw new FetchRefusedError('The actor key is not an RSA or Ed25519 public key');
  }
  const endpoints = doc.endpoints as Record<string, unknown> | undefined;
  const summary = typeof doc._misskey_summary === 'string' ? doc._misskey_summary : text(doc.summary, 65_536);
  const attachment = Array.isArray(doc.attachment) ? doc.attachment : [];
  const fields = attachment
    .filter(
      (a): a is { name: string; value: string } =>
        a !== null &&
        typeof a === 'object' &&
        a.type === 'PropertyValue' &&
        typeof a.name === 'string' &&
        typeof a.value === 'string',
    )
    .slice(0, 16)
    .map((a) => ({ name: htmlToText(a.name).slice(0, 256), value: htmlToText(a.value).slice(0, 1024) }));
  const alsoKnownAs = Array.isArray(doc.alsoKnownAs)
    ? doc.alsoKnownAs
        .map(httpUrl)
        .filter((u): u is string => u !== null)
        .slice(0, 10)
    : null;
  return {
    uri,
    username,
    host: new URL(uri).host.toLowerCase(),
    profile: {
      name: text(doc.name, 512),
      description:
        summary === null ? null : (doc._misskey_summary === summary ? summary : htmlToText(summary)).slice(0, 8192),
      url: httpUrl(Array.isArray(doc.url) ? doc.url[0] : doc.url),
      location: text(doc['vcard:Address'], 512),
      birthday:
        typeof doc['vcard:bday'] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(doc['vcard:bday'])
          ? doc['vcard:bday']
          : null,
      fields,
      isLocked: doc.manuallyApprovesFollowers === true,
      isBot: doc.type === 'Service' || doc.type === 'Application',
      isCat: doc.isCat === true,
      isExplorable: doc.discoverable !== false,
      alsoKnownAs: alsoKnownAs !== null && alsoKnownAs.length > 0 ? alsoKnownAs : null,
      avatarUrl: imageUrl(doc.icon),
      bannerUrl: imageUrl(doc.image),
    },
    inbox,
    sharedInbox: httpUrl(endpoints?.sharedInbox) ?? httpUrl(doc.sharedInbox),
    followers: ownUrl(doc.followers, uri),
    following: ownUrl(doc.following, uri),
    featured: ownUrl(doc.featured, uri),
    keyId: key.id as string,
    publicKeyPem: key.publicKeyPem as string,
    fetchedAt: now,
    movedTo: httpUrl(doc.movedTo),
  };
}
