/**
 * Defensive readers for activity JSON: every field of a remote document may be missing, of another
 * type, an array where one value was expected, or absurdly long. Each reader answers the value it
 * expects, or undefined.
 */

/** Longest URL accepted as an id or link (Mastodon refuses longer ones too). */
export const MAX_URL_LENGTH = 2048;
/** Most entries read from one array field (to, cc, tag, attachment...). */
export const MAX_ARRAY_ITEMS = 256;

/** A JSON object (not an array, not null). */
export function asObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A string of at most `max` UTF-16 units. */
export function asString(value: unknown, max = 100_000): string | undefined {
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

/** An absolute http(s) URL, normalised by the URL parser. */
export function asUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}

/** The id of "an object or its URI": the string itself, or the object's `id`, as a URL. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return asUrl(value);
  return asUrl(asObject(value)?.id);
}

/** The ids of a field that holds one object/URI or an array of them (at most MAX_ARRAY_ITEMS). */
export function idsOf(value: unknown): string[] {
  const ids: string[] = [];
  for (const item of asArray(value)) {
    const id = idOf(item);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

/** One value or an array of values as an array, at most MAX_ARRAY_ITEMS long. */
export function asArray(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.slice(0, MAX_ARRAY_ITEMS) : [value];
}

/** An object's type: `type` as a string, or the first string of an array of types. */
export function typeOf(value: unknown): string | undefined {
  const type = asObject(value)?.type;
  if (typeof type === 'string') return type.length <= 100 ? type : undefined;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t.length <= 100);
  return undefined;
}

/** The lower-case `host[:port]` of a URL (as remote users' `host` is kept), or undefined. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Whether two URLs share scheme, host and port. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
