/** i/notifications, i/notifications-grouped, notifications/*: the signed-in user's notifications. */
import { Type } from '@sinclair/typebox';
import { idDate, type NotificationRecord, type NotificationType } from '../../store/index.js';
import { type CallContext, endpoint, RawJson } from '../endpoint.js';
import { endpointMeta as M } from '../errors.js';
import { jsonArray } from '../render/json-sink.js';
import { NotificationRenderer } from '../render/notification.js';
import { Nullable, Paging, Params } from './common.js';

/** Every type misskey-js may name in includeTypes/excludeTypes (the closed set; Flock makes some of them). */
const NAMED_TYPES = [
  'note',
  'follow',
  'mention',
  'reply',
  'renote',
  'quote',
  'reaction',
  'pollEnded',
  'scheduledNotePosted',
  'scheduledNotePostFailed',
  'receiveFollowRequest',
  'followRequestAccepted',
  'roleAssigned',
  'chatRoomInvitationReceived',
  'achievementEarned',
  'exportCompleted',
  'login',
  'createToken',
  'app',
  'test',
  // obsolete: accepted and matched by nothing
  'pollVote',
  'groupInvited',
] as const;
const GROUPED_TYPES = ['reaction:grouped', 'renote:grouped'] as const;

const typeList = (names: readonly string[]) =>
  Type.Optional(Type.Array(Type.Union(names.map((name) => Type.Literal(name))), { maxItems: 64 }));

const listParams = (names: readonly string[]) =>
  Params({
    ...Paging,
    markAsRead: Type.Boolean({ default: true }),
    includeTypes: typeList(names),
    excludeTypes: typeList(names),
  });

const notificationsParams = listParams(NAMED_TYPES);
const groupedParams = listParams([...NAMED_TYPES, ...GROUPED_TYPES]);

/** Which stored types a request wants: includeTypes wins over excludeTypes; a grouped name stands for its type. */
function typeFilter(include: readonly string[] | undefined, exclude: readonly string[] | undefined) {
  const base = (name: string) => name.replace(/:grouped$/, '');
  if (include !== undefined) {
    const wanted = new Set(include.map(base));
    return (type: NotificationType) => wanted.has(type);
  }
  const unwanted = new Set((exclude ?? []).map(base));
  return (type: NotificationType) => !unwanted.has(type);
}

const NotificationSchema = Type.Object({ id: Type.String(), createdAt: Type.String(), type: Type.String() });

/** Advances the read pointer when asked and there is something unread (so reading costs no write otherwise). */
async function markReadIf(ctx: CallContext, markAsRead: boolean): Promise<void> {
  const me = ctx.user!.id;
  if (markAsRead && ctx.store.notifications.hasUnread(me))
    await ctx.call({ op: 'notification.markRead', args: { userId: me, always: false } }, me);
}

export const notifications = endpoint({
  name: 'i/notifications',
  description: 'Your notifications, newest first; `markAsRead` (default true) marks them all read.',
  ...M['i/notifications'],
  params: notificationsParams,
  res: Type.Array(NotificationSchema),
  async handler(p, ctx) {
    if (p.includeTypes?.length === 0) return [];
    const me = ctx.user!.id;
    const wanted = typeFilter(p.includeTypes, p.excludeTypes);
    const renderer = new NotificationRenderer(ctx.store, ctx.queries.caches, me, ctx.renderer());
    const items = ctx.store.notifications.page(me, p, p.limit, (id, n) =>
      wanted(n.type) ? renderer.render(id, n) : undefined,
    );
    await markReadIf(ctx, p.markAsRead);
    return new RawJson(jsonArray(items));
  },
});

/** How many more than `limit` the grouped list reads, so groups near the end of a page fill up (as Misskey does). */
const GROUPING_LOOKAHEAD = 100;

interface Entry {
  id: string;
  n: NotificationRecord;
}

/** What consecutive notifications share to be grouped: reactions to one note, renotes of one note. */
function groupKey(renderer: NotificationRenderer, entry: Entry): string | undefined {
  if (entry.n.noteId === null) return undefined;
  if (entry.n.type === 'reaction') return `reaction:${entry.n.noteId}`;
  if (entry.n.type !== 'renote') return undefined;
  const renoteId = renderer.renotedBy(entry.n.noteId);
  return renoteId === undefined ? undefined : `renote:${renoteId}`;
}

/**
 * A run of grouped notifications as one: it has the newest one's date and the oldest one's id (so
 * untilId paging goes on below it), and lists every reaction (with its user) or every renoter.
 */
function renderGroup(renderer: NotificationRenderer, group: Entry[]): string | undefined {
  const newest = group[0]!;
  if (group.length === 1) return renderer.render(newest.id, newest.n);
  const note = renderer.noteJson(newest.n.noteId!);
  if (note === undefined) return undefined;
  const oldest = group[group.length - 1]!;
  const head = `{"id":${JSON.stringify(oldest.id)},"createdAt":"${idDate(newest.id)}"`;
  if (newest.n.type === 'reaction') {
    const reactions = group.map(
      ({ n }) => `{"user":${renderer.notes.userLite(n.notifierId!)},"reaction":${JSON.stringify(n.reaction ?? '')}}`,
    );
    return `${head},"type":"reaction:grouped","note":${note},"reactions":${jsonArray(reactions)}}`;
  }
  const users = group.map(({ n }) => renderer.notes.userLite(n.notifierId!));
  return `${head},"type":"renote:grouped","note":${note},"users":${jsonArray(users)}}`;
}

export const notificationsGrouped = endpoint({
  name: 'i/notifications-grouped',
  description:
    'Your notifications, newest first, with consecutive reactions to one note and renotes of one note grouped (`reaction:grouped`, `renote:grouped`).',
  ...M['i/notifications-grouped'],
  params: groupedParams,
  res: Type.Array(NotificationSchema),
  async handler(p, ctx) {
    if (p.includeTypes?.length === 0) return [];
    const me = ctx.user!.id;
    const wanted = typeFilter(p.includeTypes, p.excludeTypes);
    const renderer = new NotificationRenderer(ctx.store, ctx.queries.caches, me, ctx.renderer());
    const entries = ctx.store.notifications.page(me, p, p.limit + GROUPING_LOOKAHEAD, (id, n) =>
      wanted(n.type) && renderer.shows(n) ? { id, n } : undefined,
    );
    const groups: Entry[][] = [];
    let lastKey: string | undefined;
    for (const entry of entries) {
      const key = groupKey(renderer, entry);
      if (key !== undefined && key === lastKey) groups[groups.length - 1]!.push(entry);
      else groups.push([entry]);
      lastKey = key;
    }
    const items: string[] = [];
    for (const group of groups) {
      if (items.length >= p.limit) break;
      const json = renderGroup(renderer, group);
      if (json !== undefined) items.push(json);
    }
    await markReadIf(ctx, p.markAsRead);
    return new RawJson(jsonArray(items));
  },
});

export const markAllAsRead = endpoint({
  name: 'notifications/mark-all-as-read',
  description: 'Marks all your notifications read.',
  ...M['notifications/mark-all-as-read'],
  params: Params({}),
  async handler(_p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'notification.markRead', args: { userId: me, always: true } }, me);
    return null;
  },
});

export const flush = endpoint({
  name: 'notifications/flush',
  description: 'Deletes all your notifications.',
  ...M['notifications/flush'],
  params: Params({}),
  async handler(_p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'notification.flush', args: { userId: me } }, me);
    return null;
  },
});

export const testNotification = endpoint({
  name: 'notifications/test-notification',
  description: 'Sends yourself a `test` notification.',
  ...M['notifications/test-notification'],
  params: Params({}),
  async handler(_p, ctx) {
    const me = ctx.user!.id;
    await ctx.call({ op: 'notification.test', args: { userId: me } }, me);
    return null;
  },
});

export const create = endpoint({
  name: 'notifications/create',
  description: "Sends yourself an app notification (type `app`), as an app does with its user's token.",
  ...M['notifications/create'],
  params: Params({
    body: Type.String({ minLength: 1, maxLength: 2048 }),
    header: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 256 }))),
    icon: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2048 }))),
  }),
  async handler(p, ctx) {
    const me = ctx.user!.id;
    const args = { userId: me, body: p.body, header: p.header ?? null, icon: p.icon ?? null };
    await ctx.call({ op: 'notification.create', args }, me);
    return null;
  },
});
