/**
 * How a record shape is declared: once, as `record({ name: field<T>(), … })`. The declaration's key
 * order is the order the fields are stored in (its msgpackr structure, store/shapes.ts), and `RecordOf`
 * derives the TypeScript type from it, so a field cannot be added to one and forgotten in the other.
 */

declare const FIELD_TYPE: unique symbol;

/** A field holding values of type T (the type lives only in the type checker). */
export interface Field<T> {
  readonly [FIELD_TYPE]: T;
}

/** Declares a field of type T. */
export const field = <T>(): Field<T> => ({}) as Field<T>;

type Fields = Record<string, Field<unknown>>;

/** A declared record shape: its field names in stored order. */
export interface RecordShape<F extends Fields> {
  readonly keys: readonly (keyof F & string)[];
}

/** The type of the records of a shape. */
export type RecordOf<S> =
  S extends RecordShape<infer F> ? { -readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never } : never;

/** The field names of T, in a chosen order: a shape declared by its keys alone (as the actors' codec declares its messages). */
export type Keys<T> = readonly (keyof T & string)[];

/** Declares a record shape; the key order of `fields` is its stored structure and may never change. */
export function record<F extends Fields>(fields: F): RecordShape<F> {
  return { keys: Object.keys(fields) as (keyof F & string)[] };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A function copying a decoded record of `shape` into an object built from one literal listing every
 * field. Values written before store/shapes.ts existed carry their field names inline, and msgpackr
 * decodes each of those through a fresh reader that adds the keys one by one: past 16 properties V8
 * then puts the object in dictionary mode, and every property load on such a note or user goes through
 * the inline-cache runtime (13 % of the gateway thread on the timeline bench). Copies made by one
 * literal share one fast hidden class whatever the stored form; generating the literal from the
 * declaration keeps it from falling behind the shape.
 */
export function fastCopier<F extends Fields>(
  shape: RecordShape<F>,
): (decoded: RecordOf<RecordShape<F>>) => RecordOf<RecordShape<F>> {
  for (const key of shape.keys) {
    if (!IDENTIFIER.test(key))
      throw new Error(`Expected record field names to be identifiers, got ${JSON.stringify(key)}`);
  }
  const literal = shape.keys.map((key) => `${key}: v.${key}`).join(', ');
  return new Function('v', `return { ${literal} };`) as (decoded: RecordOf<RecordShape<F>>) => RecordOf<RecordShape<F>>;
}
