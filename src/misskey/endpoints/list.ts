/** Every API endpoint Flock serves, in one list (the gateway routes and /api.json both read it). */
import type { Endpoint } from '../endpoint.js';
import * as adminMeta from './admin-meta.js';
import * as adminQueue from './admin-queue.js';
import * as adminRoles from './admin-roles.js';
import * as adminUsers from './admin-users.js';
import * as ap from './ap.js';
import * as apGet from './ap-get.js';
import * as auth from './auth.js';
import * as discovery from './discovery.js';
import * as driveFiles from './drive-files.js';
import * as driveFolders from './drive-folders.js';
import * as driveUploadUrl from './drive-upload-url.js';
import * as following from './following.js';
import * as hashtags from './hashtags.js';
import * as i from './i.js';
import * as invites from './invites.js';
import * as lists from './lists.js';
import * as memos from './memos.js';
import * as meta from './meta.js';
import * as moderationLogs from './moderation-logs.js';
import * as noteSearch from './note-search.js';
import * as notes from './notes.js';
import * as notifications from './notifications.js';
import * as pins from './pins.js';
import * as reactions from './reactions.js';
import * as relations from './relations.js';
import * as reports from './reports.js';
import * as roles from './roles.js';
import * as timelines from './timelines.js';
import * as users from './users.js';
import * as webhooks from './webhooks.js';

export const endpoints: Endpoint[] = [
  ...Object.values(auth),
  ...Object.values(meta),
  ...Object.values(i),
  ...Object.values(pins),
  ...Object.values(users),
  ...Object.values(ap),
  ...Object.values(apGet),
  ...Object.values(discovery),
  ...Object.values(hashtags),
  ...Object.values(noteSearch),
  ...Object.values(following),
  ...Object.values(memos),
  ...Object.values(lists),
  ...Object.values(notes),
  ...Object.values(notifications),
  ...Object.values(timelines),
  ...Object.values(reactions),
  ...Object.values(relations),
  ...Object.values(adminMeta),
  ...Object.values(adminQueue),
  ...Object.values(adminUsers),
  ...Object.values(reports),
  ...Object.values(invites),
  ...Object.values(moderationLogs),
  ...Object.values(driveFiles),
  ...Object.values(driveFolders),
  ...Object.values(driveUploadUrl),
  ...Object.values(adminRoles),
  ...Object.values(roles),
  ...Object.values(webhooks),
] as unknown as Endpoint[];
