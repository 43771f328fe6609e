/**
 * Parameters are closed sets: what a handler receives holds only the keys its schema declares, at every
 * level, so a key a client adds (`id`, `username`, `__proto__`) can never reach a record through a
 * spread or a pass-through. Misskey ignores unknown keys rather than refusing them, and so does Flock.
 */
import type { TSchema } from '@sinclair/typebox';

/** Copies a value validated against a schema, dropping undeclared object keys. */
export type Closer = (value: unknown) => unknown;

interface SchemaShape {
  type?: string;
  properties?: Record<string, TSchema>;
  items?: TSchema;
  anyOf?: TSchema[];
}

const keep: Closer = (value) => value;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The closer of one schema; values that need no copying (strings, records keyed by data, Unknown) pass through. */
export function closerOf(schema: TSchema): Closer {
  const s = schema as SchemaShape;
  if (s.type === 'object' && s.properties !== undefined) return objectCloser(s.properties);
  if (s.type === 'array' && s.items !== undefined) {
    const item = closerOf(s.items);
    return item === keep ? keep : (value) => (Array.isArray(value) ? value.map(item) : value);
  }
  if (s.anyOf !== undefined) {
    const objects = s.anyOf.filter(
      (v) => (v as SchemaShape).type === 'object' && (v as SchemaShape).properties !== undefined,
    );
    const arrays = s.anyOf.filter((v) => (v as SchemaShape).type === 'array');
    // a union offering several object shapes: keep every key any of them declares
    const objectCloser_ =
      objects.length === 0
        ? keep
        : objectCloser(Object.assign({}, ...objects.map((o) => (o as SchemaShape).properties)));
    const arrayCloser = arrays.length === 1 ? closerOf(arrays[0]!) : keep;
    if (objectCloser_ === keep && arrayCloser === keep) return keep;
    return (value) => (Array.isArray(value) ? arrayCloser(value) : isPlainObject(value) ? objectCloser_(value) : value);
  }
  return keep;
}

function objectCloser(properties: Record<string, TSchema>): Closer {
  const fields = Object.keys(properties).map((key) => [key, closerOf(properties[key]!)] as const);
  return (value) => {
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, close] of fields) if (Object.hasOwn(value, key)) out[key] = close(value[key]);
    return out;
  };
}
