/**
 * The raw material of the fuzzer: a seeded PRNG, catalogues of hostile values, a body writer for JSON that
 * JSON.stringify cannot produce (1e309, 3,000-deep nesting), and helpers that walk the params' JSON schemas.
 */

/** mulberry32: tiny, fast, and good enough to pick inputs; the same seed gives the same sequence. */
export class Rng {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  word(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += ALNUM[this.int(0, ALNUM.length - 1)];
    return s;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** The subset of JSON schema that TypeBox emits for Flock's params. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

/** Stands for the attacker's current token; the runner substitutes it at send time (i/revoke-token may replace it). */
export const ATTACKER_TOKEN = '__FUZZ_ATTACKER_TOKEN__';

// ---------------------------------------------------------------------------------------------------------
// Hostile values

export type Mutation =
  | 'wrong-type'
  | 'overlong'
  | 'number-edge'
  | 'raw-number'
  | 'far-date'
  | 'proto-value'
  | 'deep-array'
  | 'deep-object'
  | 'unicode';

export const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf'];
export const WRONG_TYPES: unknown[] = [
  [],
  ['a', 1],
  [null],
  [{}],
  {},
  { a: 1 },
  42,
  -1,
  0,
  '42',
  '',
  'true',
  true,
  false,
  null,
];
export const NUMBER_EDGES = [
  8640000000000001,
  -8640000000000001,
  8640000000000000,
  -1,
  0,
  -0,
  1.5,
  1e308,
  -1e308,
  2 ** 53,
  2 ** 53 + 2,
  5e-324,
  2147483648,
  4294967296,
];
/** Number literals JSON.stringify cannot write (they parse to Infinity, 0 or a rounded value); put into the body text. */
export const RAW_NUMBERS = ['1e309', '-1e309', '1e-400', '123456789012345678901234567890', '-0.0', '1E+2'];
/** Dates far in the future or past what Date can hold (8640000000000000 ms is the last valid one); the first is the sweep's. */
export const FAR_DATES = [
  8640000000000001, 8640000000000000, -8640000000000001, 253402300800000, 1e15, 1e18, 9007199254740991,
];
export const FAR_DATE_STRINGS = ['9999-99-99', '0000-00-00', '275760-09-14', '2024-13-45'];
export const DATE_PARAM = /(^|[a-z])(Date|At|After)$|^birthday$/;
export const UNICODE = [
  '\ud800',
  '\udfff',
  'a\udc00b\ud800',
  'x\u0000y',
  '\u0000',
  '\u202Eevil\u202C',
  'e' + '\u0301'.repeat(500),
  '👩\u200d👩\u200d👧\u200d👦',
  '\u200b\u200c\u200d\ufeff',
  '\uffff\ufffe',
  'Ａｄｍｉｎ',
  '\u0085\u2028\u2029',
  '𝕏'.repeat(300),
];
/** Tokens of the wrong shape for the `i` body param (any JSON type). */
export const GARBAGE_I: unknown[] = [
  'A'.repeat(5000),
  'x',
  '',
  '0000000000000000',
  '__proto__',
  'constructor',
  '\u0000'.repeat(16),
  12345,
  1.5,
  [],
  ['t'],
  {},
  { token: 'x' },
  true,
  false,
];
/** Authorization header values (headers must stay ASCII). */
export const GARBAGE_AUTH = [
  'Bearer ' + 'A'.repeat(5000),
  'Bearer ',
  'Bearer x',
  'Bearer __proto__',
  'Bearer',
  'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
  'Bearer ' + ATTACKER_TOKEN + 'x',
  'Bearer  ' + ATTACKER_TOKEN,
  'bearer ' + ATTACKER_TOKEN,
];

export const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
export const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** Which hostile classes make sense for a param of each type (anything goes where the schema accepts anything). */
const MUTATIONS_FOR: Record<string, Mutation[]> = {
  integer: ['number-edge', 'raw-number', 'wrong-type', 'deep-array'],
  string: ['overlong', 'unicode', 'proto-value', 'wrong-type', 'deep-object'],
  boolean: ['wrong-type', 'proto-value', 'number-edge'],
  array: ['wrong-type', 'deep-array', 'proto-value'],
  object: ['wrong-type', 'deep-object', 'proto-value'],
  unknown: [
    'deep-array',
    'deep-object',
    'raw-number',
    'overlong',
    'unicode',
    'proto-value',
    'wrong-type',
    'number-edge',
    'far-date',
  ],
};

/** An own property, even for `__proto__` (plain assignment would set the prototype instead). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A body under construction: raw text (1e309, deep nesting) is written in place of markers after JSON.stringify. */
export class Body {
  private raws: string[] = [];

  raw(text: string): string {
    this.raws.push(text);
    return `__FUZZ_RAW_${this.raws.length - 1}__`;
  }

  text(value: unknown): string {
    let s = JSON.stringify(value) ?? 'null';
    this.raws.forEach((raw, i) => {
      s = s.replace(`"__FUZZ_RAW_${i}__"`, () => raw);
    });
    return s;
  }
}

/** Query strings a careless parser chokes on. */
export const BAD_QUERIES = [
  'limit=[[[',
  'limit=' + '['.repeat(3000),
  '__proto__=1',
  '__proto__[isAdmin]=true',
  'constructor=1',
  'hasOwnProperty=1',
  'toString=x',
  'noteId=a&noteId=b&noteId=c',
  '%ZZ=1',
  'noteId=%ZZ',
  'limit=%E0%A4%A',
  'limit=1e309',
  'limit=8640000000000001',
  'sinceDate=8640000000000001',
  'untilDate=-8640000000000001',
  'limit=null',
  'limit={}',
  'type=' + encodeURIComponent(deepObject(1000)),
  'i=' + 'A'.repeat(5000),
  'i=' + ATTACKER_TOKEN,
  'a=1&'.repeat(2000) + 'b=2',
  '&&&==&=',
  'noteId',
  '=',
  'noteId=%00',
  'type=%ED%A0%80',
];

/** encodeURIComponent, except that a lone surrogate (which it refuses) becomes its WTF-8 bytes: invalid UTF-8 on the wire. */
export function encodeQuery(s: string): string {
  let out = '';
  for (const ch of s) {
    const u = ch.charCodeAt(0);
    out +=
      ch.length === 1 && u >= 0xd800 && u <= 0xdfff
        ? [0xed, 0xa0 | ((u >> 6) & 0x1f), 0x80 | (u & 0x3f)].map((b) => '%' + b.toString(16).toUpperCase()).join('')
        : encodeURIComponent(ch);
  }
  return out;
}

/** The name an array param's items go by (noteIds → noteId), so they get values of the right kind. */
export const singular = (name: string) =>
  name.endsWith('Ids')
    ? name.slice(0, -1)
    : name === 'choices'
      ? 'choice'
      : name === 'mutedWords' || name === 'hardMutedWords'
        ? 'mutedWord'
        : name;

/** The value at a (possibly nested) param path, if there is one. */
export function getPath(root: unknown, path: Path): unknown {
  let v = root;
  for (const key of path)
    v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined;
  return v;
}

// ---------------------------------------------------------------------------------------------------------
// Schemas

/** The object or array branch of a union, if any (so a path can go through `poll: null | {...}`). */
export function container(schema: JsonSchema): JsonSchema {
  return schema.anyOf?.find((s) => s.type === 'object' || s.type === 'array') ?? schema;
}

export function typeOf(schema: JsonSchema): string {
  const type = schema.type ?? schema.anyOf?.find((s) => s.type !== 'null')?.type ?? 'unknown';
  return type === 'number' ? 'integer' : type;
}

export type Path = (string | number)[];

/** Every param path in a schema, nested ones included (`poll.expiresAt`, `fields.0.name`). */
export function paramPaths(schema: JsonSchema, prefix: Path = []): Path[] {
  const out: Path[] = [];
  const s = container(schema);
  if (s.type === 'object') {
    for (const [key, sub] of Object.entries(s.properties ?? {}))
      out.push([...prefix, key], ...paramPaths(sub, [...prefix, key]));
  } else if (s.type === 'array' && s.items) {
    out.push(...paramPaths(s.items, [...prefix, 0]));
  }
  return out;
}

export function schemaAt(schema: JsonSchema, path: Path): JsonSchema {
  let s = schema;
  for (const key of path)
    s = typeof key === 'number' ? (container(s).items ?? {}) : (container(s).properties?.[key] ?? {});
  return s;
}

/** The classes worth trying on one param. */
export function mutationsFor(schema: JsonSchema, name: string): Mutation[] {
  const list = MUTATIONS_FOR[typeOf(schema)] ?? MUTATIONS_FOR.unknown!;
  return DATE_PARAM.test(name) && !list.includes('far-date') ? [...list, 'far-date'] : list;
}
