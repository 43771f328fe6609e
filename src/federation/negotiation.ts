/** Content negotiation for documents that exist as ActivityPub JSON and as an HTML page (federation.md §1.5). */

/**
 * Whether the Accept header asks for ActivityStreams: `application/activity+json`, or
 * `application/ld+json` with the ActivityStreams profile. Anything else (browsers, `*∕*`) gets HTML.
 */
export function wantsActivityJson(accept: string): boolean {
  const lower = accept.toLowerCase();
  if (lower.includes('application/activity+json')) return true;
  if (!lower.includes('application/ld+json')) return false;
  return lower.includes('https://www.w3.org/ns/activitystreams');
}

/** Whether an ActivityStreams Content-Type is acceptable for a fetched document (the same two types). */
export function isActivityContentType(contentType: string): boolean {
  const [type = '', ...params] = contentType.toLowerCase().split(';');
  const mediaType = type.trim();
  if (mediaType === 'application/activity+json') return true;
  if (mediaType !== 'application/ld+json') return false;
  return params.some((p) => p.includes('https://www.w3.org/ns/activitystreams'));
}
