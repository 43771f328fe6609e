/**
 * Fetching ActivityStreams documents from other servers (federation.md §4.4, §5.6 item 17): through
 * the guarded fetcher, accepted only with an AS Content-Type, as bounded JSON, from the origin asked,
 * and only when the document's `id` is the URL asked for (a same-origin `id` that differs is fetched
 * once more at that id, which must then hold).
 */
import { exceedsJsonDepth } from '../gateway/index.js';
import { ACTIVITY_JSON, LD_JSON_AS } from './context.js';
import { FetchRefusedError, type GuardedFetcher } from './fetcher.js';
import { isActivityContentType } from './negotiation.js';

export type ApDocument = Record<string, unknown> & { id: string; type: unknown };

const ACCEPT = `${ACTIVITY_JSON}, ${LD_JSON_AS}`;
const MAX_KEYS = 10_000;

/**
 * JSON.parse that drops `__proto__` and `constructor` keys and refuses deep or very wide documents.
 * The keys are dropped by a walk after parsing rather than by a reviver, which slows JSON.parse
 * several times over (it is on the inbox's path twice per activity); JSON.parse itself makes
 * `__proto__` an own data property, never the prototype, so the walk finds and deletes it.
 */
export function parseJsonSafely(text: string): unknown {
  if (exceedsJsonDepth(text)) throw new FetchRefusedError('The document nests too deep');
  const value: unknown = JSON.parse(text);
  let keys = 0;
  // depth is bounded by the check above, so the recursion is too
  const clean = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      keys += node.length;
      if (keys > MAX_KEYS) throw new FetchRefusedError('The document has too many keys');
      for (const item of node) clean(item);
      return;
    }
    const object = node as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      if (++keys > MAX_KEYS) throw new FetchRefusedError('The document has too many keys');
      if (key === '__proto__' || key === 'constructor') delete object[key];
      else clean(object[key]);
    }
  };
  clean(value);
  return value;
}

export async function fetchApDocument(fetcher: GuardedFetcher, url: string, retriesLeft = 1): Promise<ApDocument> {
  const asked = new URL(url);
  const res = await fetcher.get(asked.href, ACCEPT);
  if (res.status !== 200) throw new FetchRefusedError(`${asked.origin} answered ${res.status}`);
  if (!isActivityContentType(res.contentType))
    throw new FetchRefusedError(
      `Expected an ActivityStreams type, got ${JSON.stringify(res.contentType.slice(0, 100))}`,
    );
  if (new URL(res.url).origin !== asked.origin) throw new FetchRefusedError('A redirect left the origin asked');
  const doc = parseJsonSafely(res.body.toString('utf8'));
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new FetchRefusedError('Expected an object');
  const id = (doc as Record<string, unknown>).id;
  if (typeof id !== 'string') throw new FetchRefusedError('The document has no id');
  if (id === asked.href) return doc as ApDocument;
  let claimed: URL;
  try {
    claimed = new URL(id);
  } catch {
    throw new FetchRefusedError('The document id is not a URL');
  }
  if (claimed.origin !== asked.origin || retriesLeft === 0)
    throw new FetchRefusedError('The document id is not the URL it was fetched from');
  return fetchApDocument(fetcher, claimed.href, retriesLeft - 1);
}
