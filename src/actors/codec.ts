/**
 * msgpackr encoding of batches crossing the thread boundary (copied out of msgpackr's shared buffer so
 * it can be posted). The protocol's frequent object shapes are declared here, the same on every thread,
 * so a message names them by number: msgpackr otherwise writes each shape's keys into every message,
 * and the receiver builds (and, for a shape read more than twice in one message, compiles) a reader for
 * it every time (docs/architecture.md has the measurements).
 *
 * Every message starts with a format version byte. Once mailboxes are durable (NATS JetStream
 * subjects), messages outlive the process that wrote them, so a shape's number is part of the format:
 * SHAPES is append-only (a new shape goes at the end; changing or removing one needs a new
 * FORMAT_VERSION), and a message of another version is refused with UnknownFormatError, never misread.
 */
import { Packr } from 'msgpackr';
import type { EventOf } from '../domain/index.js';
import type { Batch, BatchResult, Caused, Commands, NoteInput, Results } from './protocol.js';

type Keys<T> = readonly (keyof T & string)[];

const SHAPES: readonly (readonly string[])[] = [
  ['shards'] satisfies Keys<Batch>,
  ['shard', 'commands'] satisfies Keys<Batch['shards'][number]>,
  ['op', 'args'],
  ['replies', 'outgoing', 'events'] satisfies Keys<BatchResult>,
  ['ok', 'value'],
  ['ok', 'error'],
  ['shard', 'command', 'cause'] satisfies Keys<Caused>,
  ['userId', 'note'] satisfies Keys<Commands['note.create']>,
  [
    'text',
    'cw',
    'visibility',
    'visibleUserIds',
    'localOnly',
    'reactionAcceptance',
    'replyId',
    'renoteId',
    'poll',
  ] satisfies Keys<NoteInput>,
  ['noteId'] satisfies Keys<Results['note.create']>,
  ['userIds', 'noteId', 'flags'] satisfies Keys<Commands['timeline.push']>,
  ['userId', 'since', 'until', 'ascending', 'limit'] satisfies Keys<Commands['timeline.page']>,
  ['entries', 'more'] satisfies Keys<Results['timeline.page']>,
  // domain events, written with `type` first (their other shapes are too rare to declare)
  ['type', 'noteId', 'userId'] satisfies Keys<
    EventOf<'noteCreated' | 'noteDeleted' | 'noteFavorited' | 'noteUnfavorited'>
  >,
  ['type', 'noteId', 'userId', 'reaction'] satisfies Keys<EventOf<'noteReacted' | 'noteUnreacted'>>,
  ['type', 'noteId', 'userId', 'choice'] satisfies Keys<EventOf<'pollVoted'>>,
  ['type', 'noteId'] satisfies Keys<EventOf<'noteCountsChanged'>>,
  ['type', 'followerId', 'followeeId'] satisfies Keys<
    EventOf<'followed' | 'unfollowed' | 'followRequested' | 'followAccepted'>
  >,
  ['type', 'userId'] satisfies Keys<EventOf<'userCreated' | 'userUpdated' | 'tokenIssued'>>,
  ['type', 'userId', 'tokenKeys'] satisfies Keys<EventOf<'tokensRevoked'>>,
  [
    'text',
    'cw',
    'visibility',
    'visibleUserIds',
    'localOnly',
    'reactionAcceptance',
    'replyId',
    'renoteId',
    'poll',
    'fileIds',
  ] satisfies Keys<NoteInput>,
  ['type', 'userId', 'notificationId'] satisfies Keys<EventOf<'notificationCreated'>>,
];

const SHAPES_BY_FIRST_KEY = new Map<string, (readonly string[])[]>();
for (const shape of SHAPES) SHAPES_BY_FIRST_KEY.set(shape[0]!, [...(SHAPES_BY_FIRST_KEY.get(shape[0]!) ?? []), shape]);

/**
 * Whether an object's keys, in order, could be a declared shape. Everything else (a client's registry
 * value, a profile patch in the client's key order) goes out as a plain map and never enters msgpackr's
 * table of key sequences, which would otherwise grow with every new combination a client sends.
 */
function hasDeclaredShape(object: object): boolean {
  let candidates: (readonly string[])[] | undefined;
  let count = 0;
  for (const key in object) {
    if (count === 0) candidates = SHAPES_BY_FIRST_KEY.get(key);
    else if (!candidates!.some((shape) => shape[count] === key)) return false;
    if (candidates === undefined) return false;
    count++;
  }
  return candidates?.some((shape) => shape.length === count) === true;
}

const packr = new Packr({
  structures: SHAPES.map((keys) => [...keys]),
  maxSharedStructures: SHAPES.length,
  // an undeclared shape is written as a plain map, not as a definition inside the message
  maxOwnStructures: 0,
  useRecords: hasDeclaredShape,
  mapsAsObjects: true,
  moreTypes: false,
});

/** The version byte every encoded batch and result starts with. */
export const FORMAT_VERSION = 2;

/** A message written in a format this build does not read (another version, or not a message at all). */
export class UnknownFormatError extends Error {
  constructor(readonly version: number | undefined) {
    super(
      `Expected an actor message of format version ${FORMAT_VERSION}, got ${version === undefined ? 'an empty message' : `version ${version}`}`,
    );
  }
}

/** The packed message behind its version byte, in one new array (which is also what lets it be posted). */
function framed(packed: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(packed.length + 1);
  bytes[0] = FORMAT_VERSION;
  bytes.set(packed, 1);
  return bytes;
}

function unframed(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== FORMAT_VERSION) throw new UnknownFormatError(bytes[0]);
  return bytes.subarray(1);
}

export const encodeBatch = (batch: Batch): Uint8Array => framed(packr.pack(batch));
export const decodeBatch = (bytes: Uint8Array): Batch => packr.unpack(unframed(bytes)) as Batch;
export const encodeResult = (result: BatchResult): Uint8Array => framed(packr.pack(result));
export const decodeResult = (bytes: Uint8Array): BatchResult => packr.unpack(unframed(bytes)) as BatchResult;
