/** Role helpers for the role tests: what admin/roles/create needs, and Misskey's gate ids. */

export const MODERATOR_REQUIRED = 'd33d5333-db36-423d-a8f9-1a2b9549da41';
export const ADMIN_REQUIRED = 'c3d38592-54c0-429d-be96-5636b0431a61';

/** What admin/roles/create needs for a plain manual role. */
export const manualRole = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: '',
  color: null,
  iconUrl: null,
  target: 'manual',
  condFormula: { id: 'c0', type: 'isLocal' },
  isPublic: false,
  isModerator: false,
  isAdministrator: false,
  asBadge: false,
  canEditMembersByModerator: false,
  displayOrder: 0,
  policies: {},
  ...extra,
});

/** A role's policy entry that sets `value` at `priority`. */
export const policy = (value: unknown, priority = 0) => ({ useDefault: false, priority, value });

/** A conditional role with `condFormula`. */
export const conditionalRole = (name: string, condFormula: unknown, extra: Record<string, unknown> = {}) =>
  manualRole(name, { target: 'conditional', condFormula, ...extra });
