/**
 * Federation (ActivityPub). In this first slice Flock federates nothing yet; what is here is the part
 * the rest of the engine already depends on: how a user or note is told apart as local or remote.
 * The data model keeps remote users and notes (host, uri) beside local ones from the start, so the
 * inbox and outbox actors of the next issues fill the same store, timelines and streams.
 */

/** Whether a record with this host belongs to this instance (local records have host null). */
export const isLocal = (record: { host: string | null }) => record.host === null;
