/**
 * The shapes of the records Flock stores, so that a value names its shape by number instead of
 * carrying its field names (msgpackr's shared structures, fixed in code rather than kept in the
 * database, so no thread ever has to write or re-read them).
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
import { type Options, Packr } from 'msgpackr';
import {
  AUTH,
  COUNTS,
  COUNTS_BEFORE_ACTIVITY,
  DRIVE_FILE,
  DRIVE_FILE_BEFORE_LINKS,
  DRIVE_FOLDER,
  FOLLOW,
  FOLLOW_WITHOUT_NOTIFY,
  HASHTAG,
  MUTING,
  NOTE,
  NOTE_BEFORE_EDITS,
  NOTE_BEFORE_FILES,
  NOTE_BEFORE_RELATIONS,
  NOTIFICATION,
  POLL,
  PROFILE_FIELD,
  REACTION,
  TOKEN,
  USER,
  USER_BEFORE_MEDIA,
  USER_LIST,
  USER_SETTINGS,
} from './records.js';

/** Append only: a stored value's shape number is its index here. */
export const SHAPES: readonly (readonly string[])[] = [
  NOTE_BEFORE_RELATIONS,
  POLL,
  USER_BEFORE_MEDIA,
  PROFILE_FIELD,
  COUNTS_BEFORE_ACTIVITY,
  FOLLOW_WITHOUT_NOTIFY,
  TOKEN,
  REACTION,
  AUTH,
  FOLLOW,
  USER_LIST,
  NOTE_BEFORE_FILES,
  MUTING,
  HASHTAG,
  USER_SETTINGS,
  COUNTS,
  DRIVE_FILE_BEFORE_LINKS,
  DRIVE_FOLDER,
  NOTE_BEFORE_EDITS,
  USER,
  DRIVE_FILE,
  NOTE,
  NOTIFICATION,
].map((shape) => shape.keys);

/** Record fields are identifiers; keys that are data (reactions such as "❤" or ":blob:") never start with a letter. */
const FIELD_NAME = /^[A-Za-z]/;

/** Objects keyed by data are written as maps, so they never enter msgpackr's table of key sequences (which would grow with every new combination). */
function isRecord(object: object): boolean {
  for (const key in object) return FIELD_NAME.test(key);
  return false;
}

/**
 * A Packr that knows `shapes` as fixed shared structures, numbered by position, and writes every
 * object `isDeclared` refuses as a plain map rather than a definition carried inline in the value.
 */
export function fixedShapePackr(
  shapes: readonly (readonly string[])[],
  isDeclared: (object: object) => boolean,
  options: Options = {},
): Packr {
  return new Packr({
    ...options,
    structures: shapes.map((keys) => [...keys]),
    maxSharedStructures: shapes.length,
    maxOwnStructures: 0,
    useRecords: isDeclared,
    mapsAsObjects: true,
  });
}

/**
 * The encoder of a database of records: a msgpackr Packr of its own (msgpackr annotates the shapes it
 * is given). It is Flock's msgpackr rather than the older copy lmdb-js bundles, which cannot fall back
 * to a plain map for an undeclared shape.
 */
export function recordEncoder(): Packr {
  // lmdb-js reads values out of a buffer it reuses, and takes copyBuffers as the encoder's promise to copy
  return fixedShapePackr(SHAPES, isRecord, { copyBuffers: true });
}

/** The encoder of a database of arbitrary client JSON (the registry): plain maps only. */
export const plainEncoder = (): Packr => new Packr({ useRecords: false, mapsAsObjects: true, copyBuffers: true });
