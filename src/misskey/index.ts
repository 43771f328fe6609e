/**
 * The Misskey client API: the /api/* pipeline (token, rate limit, closed and validated params),
 * endpoints as data, Misskey's error registry, /api.json, identicons, and Misskey's rendering: the
 * fragments stored with notes and users (its StoredProjection, which the actors write with) and the
 * per-viewer note, UserDetailed and MeDetailed packing.
 */
export { createMisskeyApi } from './client-api.js';
export { NotificationRenderer, renderNotification } from './render/notification.js';
export { storedProjection } from './render/stored-fragments.js';
