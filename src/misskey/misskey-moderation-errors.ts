/**
 * Misskey's `meta.errors` of the moderation endpoints (reports, invitations; misskey-errors.ts names the
 * source), and Flock's own errors where Misskey's endpoint throws a plain Error (answered there as a
 * 500 INTERNAL_ERROR: an unknown user, an account a moderator may not act on), so a client mistake is
 * a 4xx here.
 */
import type { MisskeyErrorDef } from './misskey-errors.js';

export const moderationEndpointErrors = {
  'users/report-abuse': {
    noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '1acefcb5-0959-43fd-9685-b48305736cb5' },
    cannotReportYourself: {
      message: 'Cannot report yourself.',
      code: 'CANNOT_REPORT_YOURSELF',
      id: '1e13149e-b1e8-43cf-902e-c01dbfcb202f',
    },
    cannotReportAdmin: {
      message: 'Cannot report the admin.',
      code: 'CANNOT_REPORT_THE_ADMIN',
      id: '35e166f5-05fb-4f87-a2d5-adb42676d48f',
    },
  },
  'admin/resolve-abuse-user-report': {
    noSuchAbuseReport: {
      message: 'No such abuse report.',
      code: 'NO_SUCH_ABUSE_REPORT',
      id: 'ac3794dd-2ce4-d878-e546-73c60c06b398',
      kind: 'server',
      httpStatus: 404,
    },
  },
  'admin/forward-abuse-user-report': {
    noSuchAbuseReport: {
      message: 'No such abuse report.',
      code: 'NO_SUCH_ABUSE_REPORT',
      id: '8763e21b-d9bc-40be-acf6-54c1a6986493',
      kind: 'server',
      httpStatus: 404,
    },
  },
  'invite/create': {
    exceededCreateLimit: {
      message: 'You have exceeded the limit for creating an invitation code.',
      code: 'EXCEEDED_LIMIT_OF_CREATE_INVITE_CODE',
      id: '8b165dd3-6f37-4557-8db1-73175d63c641',
    },
  },
  'invite/delete': {
    noSuchCode: {
      message: 'No such invite code.',
      code: 'NO_SUCH_INVITE_CODE',
      id: 'cd4f9ae4-7854-4e3e-8df9-c296f051e634',
    },
    cantDelete: {
      message: "You can't delete this invite code.",
      code: 'CAN_NOT_DELETE_INVITE_CODE',
      id: 'ff17af39-000c-4d4e-abdf-848fa30fc1ce',
    },
    accessDenied: { message: 'Access denied.', code: 'ACCESS_DENIED', id: '5eb8d909-2540-4970-90b8-dd6f86088121' },
  },
  'admin/invite/create': {
    invalidDateTime: {
      message: 'Invalid date-time format',
      code: 'INVALID_DATE_TIME',
      id: 'f1380b15-3760-4c6c-a1db-5c3aaf1cbd49',
    },
  },
} as const satisfies Record<string, Record<string, MisskeyErrorDef>>;

/** Flock's answers where Misskey throws a plain Error. */
export const moderationErrors = {
  noSuchUser: { message: 'No such user.', code: 'NO_SUCH_USER', id: '4b7e0c2a-9d15-4f63-8a2e-61c9d0f3b7a4' },
  targetIsModerator: {
    message: 'Moderators and administrators cannot be suspended or deleted, nor their passwords reset by a moderator.',
    code: 'CANNOT_MODERATE_MODERATOR',
    id: '9e3d5b71-0c4a-4e8f-b216-7d5a3c9e0f18',
  },
  reportTargetNotRemote: {
    message: 'Only a report on a remote user can be forwarded to its server.',
    code: 'REPORT_TARGET_NOT_REMOTE',
    id: '6f2a9c41-3e8b-4d75-b0c6-9a1e7d3f5b28',
  },
  reportAlreadyForwarded: {
    message: 'The report has already been forwarded.',
    code: 'REPORT_ALREADY_FORWARDED',
    id: 'c83e1f57-a2d9-4b60-8e4f-2d7b9a6c0e13',
  },
  rootPassword: {
    message: "The root account's password cannot be reset.",
    code: 'CANNOT_RESET_ROOT_PASSWORD',
    id: '2d8f6a13-7b4e-4c09-9e51-0a3c7b6d2e94',
  },
} as const satisfies Record<string, MisskeyErrorDef>;
