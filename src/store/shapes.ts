/**
 * The shapes of the records Flock stores, declared once so that a value names its shape by number
 * instead of carrying its field names (msgpackr's shared structures, fixed in code rather than kept in
 * the database, so no thread ever has to write or re-read them).
 *
 * Left to itself, lmdb-js's msgpackr writes each value with its field names inline, and every read
 * builds a new reader from them: decoding a note took ~3.2 µs that way and ~0.5 µs with its shape
 * declared (bench of one 1 KB note record, this machine), and the discarded readers were an eighth of
 * what the gateway allocated while serving notes/create.
 *
 * Stored values refer to these by position: only ever append to SHAPES. A record whose fields come in
 * another order, and any object whose keys are data (a note's reaction counts), is written as a plain
 * msgpack map: correct, only slower to read. Values written before this file existed carry their field
 * names inline and still decode.
 */
import { Packr } from 'msgpackr';
import type { FollowEdge, NoteRecord, PollRecord, ReactionRecord, TokenRecord, UserCounts, UserRecord } from './records.js';

type Keys<T> = readonly (keyof T & string)[];

const NOTE: Keys<NoteRecord> = [
  'id', 'userId', 'userHost', 'text', 'cw', 'visibility', 'localOnly', 'reactionAcceptance', 'replyId', 'renoteId',
  'replyUserId', 'visibleUserIds', 'mentions', 'tags', 'poll', 'uri', 'url', 'reactions', 'renoteCount', 'repliesCount', 'body',
];
/** As the API's poll input builds it (choices, multiple, expiresAt), with the vote counts added. */
const POLL: Keys<PollRecord> = ['choices', 'multiple', 'expiresAt', 'votes'];
const USER: Keys<UserRecord> = [
  'id', 'username', 'usernameLower', 'host', 'uri', 'url', 'name', 'description', 'location', 'birthday', 'lang', 'fields',
  'isLocked', 'isBot', 'isCat', 'isExplorable', 'hideOnlineStatus', 'publicReactions', 'autoAcceptFollowed', 'carefulBot',
  'noCrawle', 'preventAiLearning', 'followingVisibility', 'followersVisibility', 'mutedWords', 'hardMutedWords',
  'mutedInstances', 'alsoKnownAs', 'pinnedNoteIds', 'updatedAt', 'lite',
];
const PROFILE_FIELD: Keys<UserRecord['fields'][number]> = ['name', 'value'];
const COUNTS: Keys<UserCounts> = ['notesCount', 'followersCount', 'followingCount'];
const FOLLOW: Keys<FollowEdge> = ['id', 'withReplies'];
const TOKEN: Keys<TokenRecord> = ['userId', 'createdAt'];
const REACTION: Keys<ReactionRecord> = ['id', 'type'];
const AUTH: Keys<{ hash: string }> = ['hash'];

/** Append only: a stored value's shape number is its index here. */
export const SHAPES: readonly (readonly string[])[] = [NOTE, POLL, USER, PROFILE_FIELD, COUNTS, FOLLOW, TOKEN, REACTION, AUTH];

/** Record fields are identifiers; keys that are data (reactions such as "❤" or ":blob:") never start with a letter. */
const FIELD_NAME = /^[A-Za-z]/;

/** Objects keyed by data are written as maps, so they never enter msgpackr's table of key sequences (which would grow with every new combination). */
function isRecord(object: object): boolean {
  for (const key in object) return FIELD_NAME.test(key);
  return false;
}

/**
 * The encoder of a database of these records: a msgpackr Packr of its own (msgpackr annotates the
 * shapes it is given). It is Flock's msgpackr rather than the older copy lmdb-js bundles, which cannot
 * fall back to a plain map for an undeclared shape.
 */
export function recordEncoder(): Packr {
  return new Packr({
    structures: SHAPES.map((keys) => [...keys]),
    maxSharedStructures: SHAPES.length,
    // an undeclared shape becomes a plain map rather than a definition carried inline in the value
    maxOwnStructures: 0,
    useRecords: isRecord,
    mapsAsObjects: true,
    // lmdb-js reads values out of a buffer it reuses, and takes this flag as the encoder's promise to copy
    copyBuffers: true,
  });
}

/** The encoder of a database of arbitrary client JSON (the registry): plain maps only. */
export const plainEncoder = (): Packr => new Packr({ useRecords: false, mapsAsObjects: true, copyBuffers: true });
