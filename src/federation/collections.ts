/**
 * An actor's collections as OrderedCollections (outbox, followers, following, featured): the
 * collection itself with its size and first page, and pages of 20 that link to the next one by the
 * last item's id (Misskey's `?page=true&until_id=` form).
 */
import { CONTEXT } from './context.js';

export const PAGE_SIZE = 20;

export function orderedCollection(id: string, totalItems: number, pageable: boolean) {
  return {
    '@context': CONTEXT,
    id,
    type: 'OrderedCollection',
    totalItems,
    ...(pageable ? { first: `${id}?page=true` } : {}),
  };
}

export function orderedCollectionPage(
  collection: string,
  untilId: string | null,
  items: unknown[],
  lastId: string | null,
) {
  return {
    '@context': CONTEXT,
    id: untilId === null ? `${collection}?page=true` : `${collection}?page=true&until_id=${untilId}`,
    type: 'OrderedCollectionPage',
    partOf: collection,
    orderedItems: items,
    ...(lastId !== null ? { next: `${collection}?page=true&until_id=${lastId}` } : {}),
  };
}

/** The `page` and `until_id` of a collection request; null when they are malformed (400). */
export function pageQuery(query: string | undefined): { page: boolean; untilId: string | null } | null {
  const params = new URLSearchParams(query ?? '');
  const page = params.get('page') === 'true';
  const untilId = params.get('until_id');
  if (untilId !== null && !/^[0-9a-z]{1,32}$/.test(untilId)) return null;
  return { page, untilId };
}
