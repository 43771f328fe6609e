/** Helpers for the moderation suites: a moderator made through a role, and Misskey's moderation ids. */

import { manualRole } from './roles.js';
import { call } from './server.js';

export const SUSPENDED = 'a8c724b3-6e9c-4b46-b1a8-bc3ed6258370';

/** Gives `userId` a role with `extra` (isModerator, policies…), made and assigned by the administrator. */
export async function giveRole(url: string, adminToken: string, userId: string, extra: Record<string, unknown>) {
  const role = await call(url, 'admin/roles/create', manualRole(`role-${userId}`, extra), adminToken);
  await call(url, 'admin/roles/assign', { roleId: role.id, userId }, adminToken);
  return role.id as string;
}

/** Makes `userId` a moderator (not an administrator). */
export const makeModerator = (url: string, adminToken: string, userId: string) =>
  giveRole(url, adminToken, userId, { isModerator: true });

/** A policy a role sets for its members, over the base value. */
export const policy = (value: unknown) => ({ useDefault: false, priority: 0, value });

/** The newest moderation log entries of one type. */
export async function logsOf(url: string, adminToken: string, type: string): Promise<any[]> {
  return call(url, 'admin/show-moderation-logs', { type, limit: 100 }, adminToken);
}
