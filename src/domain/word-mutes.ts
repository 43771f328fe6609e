/**
 * Word mutes as Misskey's check-word-mute reads them: a list of filters, any of which mutes a note; a
 * filter is either keywords that must all occur (case-sensitive substrings, empty ones ignored) or a
 * `/pattern/flags` regular expression. The text tested is the note's cw and text, trimmed.
 */

/** A user's word mutes, compiled once per relation snapshot. */
export interface WordMutes {
  readonly keywordSets: readonly (readonly string[])[];
  readonly patterns: readonly RegExp[];
}

export const NO_WORD_MUTES: WordMutes = { keywordSets: [], patterns: [] };

const REGEXP_FORM = /^\/(.+)\/(.*)$/;
/** Flags that change what matches; `g` and `y` would make `test` stateful and are dropped. */
const KEPT_FLAGS = /[imsu]/g;

const isQuantifier = (c: string | undefined) => c === '*' || c === '+' || c === '?' || c === '{';

/**
 * Whether a pattern could backtrack for a time exponential in the text (JavaScript's engine backtracks,
 * Misskey's RE2 does not): a quantified group that itself contains a quantifier, or a back-reference.
 * Such a pattern is left out, as Misskey leaves out one that does not compile.
 */
function mayBacktrackBadly(source: string): boolean {
  const groupQuantified: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9k]/.test(next)) return true;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') groupQuantified.push(false);
    else if (c === ')') {
      const inner = groupQuantified.pop() ?? false;
      if (inner && isQuantifier(source[i + 1])) return true;
      if (inner && groupQuantified.length > 0) groupQuantified[groupQuantified.length - 1] = true;
    } else if (isQuantifier(c) && groupQuantified.length > 0 && !(c === '?' && source[i - 1] === '(')) {
      groupQuantified[groupQuantified.length - 1] = true;
    }
  }
  return false;
}

/** Compiles a stored word-mute list; filters that cannot match (empty keyword sets, bad or unsafe patterns) are dropped. */
export function compileWordMutes(filters: readonly (readonly string[] | string)[]): WordMutes {
  if (filters.length === 0) return NO_WORD_MUTES;
  const keywordSets: string[][] = [];
  const patterns: RegExp[] = [];
  for (const filter of filters) {
    if (typeof filter !== 'string') {
      const keywords = filter.filter((keyword) => keyword !== '');
      if (keywords.length > 0) keywordSets.push(keywords);
      continue;
    }
    const match = REGEXP_FORM.exec(filter);
    if (match === null || mayBacktrackBadly(match[1]!)) continue;
    try {
      patterns.push(new RegExp(match[1]!, (match[2]!.match(KEPT_FLAGS) ?? []).join('')));
    } catch {
      // a pattern that does not compile mutes nothing, as in Misskey
    }
  }
  return { keywordSets, patterns };
}

export const hasWordMutes = (mutes: WordMutes) => mutes.keywordSets.length > 0 || mutes.patterns.length > 0;

/** Whether a note's cw and text match any of the word mutes. */
export function matchesWordMutes(note: { cw: string | null; text: string | null }, mutes: WordMutes): boolean {
  const text = `${note.cw ?? ''}\n${note.text ?? ''}`.trim();
  if (text === '') return false;
  for (const keywords of mutes.keywordSets) if (keywords.every((keyword) => text.includes(keyword))) return true;
  for (const pattern of mutes.patterns) if (pattern.test(text)) return true;
  return false;
}
