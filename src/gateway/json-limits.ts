/**
 * Bounds on JSON that arrives from clients, checked on the text before it is parsed: deeply nested
 * values overflow the stack of every recursive consumer downstream (msgpackr's encoder between threads,
 * JSON.stringify, TypeBox), so they never get past the gateway.
 */

/** Deepest nesting of arrays and objects a request may carry (Misskey clients' registry values stay far below it). */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/** Whether `text` nests arrays and objects deeper than `max` (brackets inside strings do not count). */
export function exceedsJsonDepth(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
  }
  return false;
}

/**
 * Whether a parsed value holds only what JSON can carry back unchanged: finite numbers (a `1e309` in
 * the text parses to Infinity and would be stored as null), within `MAX_JSON_DEPTH`.
 */
export function isFaithfulJson(value: unknown, depth = 0): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === null || typeof value !== 'object') return true;
  if (depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => isFaithfulJson(item, depth + 1));
  for (const key of Object.keys(value))
    if (!isFaithfulJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}
