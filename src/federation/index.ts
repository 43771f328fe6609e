/**
 * Federation (ActivityPub): empty until the federation issues bring the inbox and outbox actors. The
 * data model already keeps remote users and notes (host, uri) beside local ones, and telling them apart
 * is a domain rule (`isLocal` in src/domain), so those actors fill the same store, timelines and streams.
 */
export {};
