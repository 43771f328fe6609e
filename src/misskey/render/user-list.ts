/** Misskey's UserList and list membership objects (not on a hot path: a list has at most a few dozen members). */
import { idDate, type Store, type UserListRecord } from '../../store/index.js';

/** UserList: `{id, createdAt, name, userIds, isPublic}`, members in joining order. */
export function userListJson(store: Store, list: UserListRecord): Record<string, unknown> {
  return {
    id: list.id,
    createdAt: idDate(list.id),
    name: list.name,
    userIds: store.userLists.memberIds(list.id),
    isPublic: list.isPublic,
  };
}

/** A membership as users/lists/get-memberships answers it, its UserLite spliced in; undefined for a member no longer stored. */
export function membershipJson(store: Store, listId: string, membershipId: string, userId: string): string | undefined {
  const user = store.users.get(userId);
  const membership = store.userLists.membership(listId, userId);
  if (user === undefined || membership === undefined) return undefined;
  const head = JSON.stringify({ id: membershipId, createdAt: idDate(membershipId), userId });
  return `${head.slice(0, -1)},"user":${user.lite},"withReplies":${membership.withReplies}}`;
}
