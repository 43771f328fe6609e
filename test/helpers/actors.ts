/**
 * Actors driven directly, without a server or threads: the in-process mailboxes over a fresh LMDB
 * directory, and the few commands most actor tests start with.
 */
import type { Test } from 'tap';
import {
  createInProcessMailboxes,
  type Mailboxes,
  type MailboxOptions,
  type NoteInput,
} from '../../src/actors/index.js';
import { Placement } from '../../src/actors/placement.js';
import { setLogLevel } from '../../src/log/index.js';
import { storedProjection } from '../../src/misskey/index.js';
import { entryId } from '../../src/store/index.js';
import { tempDir } from './server.js';

export const SHARDS = 8;
export const WORKERS = 2;

/** In-process mailboxes (2 workers, 8 shards unless `options` say otherwise), closed at the test's teardown. */
export function inProcessActors(t: Test, options: Partial<MailboxOptions> = {}): Mailboxes {
  // the failures some tests provoke are logged as errors; the assertions say what happened
  setLogLevel('silent');
  const url = 'http://127.0.0.1:3000';
  const mailboxes = createInProcessMailboxes(
    {
      dataDir: tempDir('flock-actors-'),
      mapSizeMb: 64,
      url,
      shards: SHARDS,
      workers: WORKERS,
      homeTimelineMax: 800,
      timelineFlushMs: 60_000,
      timelineCacheUsers: 10_000,
      logLevel: 'silent',
      canSearchNotes: true,
      mailboxBound: 1_000,
      batchMax: 100,
      tasksPerWorker: 4,
      ...options,
    },
    storedProjection(options.url ?? url),
  );
  t.teardown(async () => {
    await mailboxes.drain();
    await mailboxes.close();
  });
  return mailboxes;
}

/** Where the actors of these tests run. */
export const placement = new Placement(SHARDS, WORKERS);
export const workerOf = (id: string) => placement.workerOf(placement.shardOf(id));

/** Signs up `username` (addressed, as the gateway does, to the lower-cased name) and returns the new user id. */
export async function signupActor(mailboxes: Mailboxes, username: string): Promise<string> {
  const reply = await mailboxes.send(
    { op: 'user.signup', args: { username, passwordHash: 'not-a-hash', tokenKey: `key-${username}` } },
    username.toLowerCase(),
  );
  if (!reply.ok) throw new Error(`Expected ${username} to sign up, got ${reply.error}`);
  return reply.value.userId;
}

/** Signs up users named `prefix0`, `prefix1`, … until one lives on `worker`. */
export async function signupOnWorker(mailboxes: Mailboxes, prefix: string, worker: number): Promise<string> {
  for (let n = 0; n < 64; n++) {
    const id = await signupActor(mailboxes, `${prefix}${n}`);
    if (workerOf(id) === worker) return id;
  }
  throw new Error(`Expected one of 64 users to live on worker ${worker}, got none`);
}

export const publicNote = (text: string): NoteInput => ({
  text,
  cw: null,
  visibility: 'public',
  visibleUserIds: [],
  localOnly: false,
  reactionAcceptance: null,
  replyId: null,
  renoteId: null,
  poll: null,
  fileIds: [],
});

/** Posts a public note by `userId` and returns its id. */
export async function postActor(mailboxes: Mailboxes, userId: string, text: string): Promise<string> {
  const reply = await mailboxes.send({ op: 'note.create', args: { userId, note: publicNote(text) } }, userId);
  if (!reply.ok) throw new Error(`Expected the note to be created, got ${reply.error}`);
  return reply.value.noteId;
}

/** The note ids of `userId`'s home timeline, newest first, as its timeline actor holds them. */
export async function homeTimeline(mailboxes: Mailboxes, userId: string): Promise<string[]> {
  const reply = await mailboxes.send(
    { op: 'timeline.page', args: { userId, since: null, until: null, ascending: false, limit: 100 } },
    userId,
  );
  if (!reply.ok) throw new Error(`Expected a home timeline page, got ${reply.error}`);
  return reply.value.entries.map(entryId);
}
