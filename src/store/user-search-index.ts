/**
 * The index behind users/search: the trigrams of each user's username, display name and description,
 * lower-cased, so a substring query finds its candidates by key instead of reading every user. The
 * texts are padded at the end, so every substring of one to three characters is the start of some
 * trigram: a short query is a prefix range over the grams, a longer one the users that have all of its
 * grams. Candidates only: the caller checks the text itself.
 *
 * Key: `${field}${gram}\x01${userId}` → true, field `u` (username), `n` (name) or `d` (description).
 */
import type { Database } from 'lmdb';

/** Which text of a user a search looks in. */
export type UserSearchField = 'username' | 'name' | 'description';

const FIELD_CODE: Record<UserSearchField, string> = { username: 'u', name: 'n', description: 'd' };
const SEPARATOR = '\x01';
const PAD = '\x02';
/** Control characters never reach a key: they would collide with the separator and the padding. */
const CONTROL = /\p{Cc}/gu;
/** The largest code point: ends a range of grams that start with a prefix. */
const LAST_CHAR = '\u{10ffff}';

/** The searchable texts of a user (null: none). */
export type UserSearchTexts = Record<UserSearchField, string | null>;

/** The text as it is indexed and searched: lower-cased, without control characters, as code points. */
const normalise = (text: string) => Array.from(text.toLowerCase().replace(CONTROL, ''));

/** The distinct trigrams of a text, padded so its last characters start grams too. */
function gramsOf(text: string): Set<string> {
  const chars = normalise(text);
  if (chars.length === 0) return new Set();
  chars.push(PAD, PAD);
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  return grams;
}

export class UserSearchIndex {
  constructor(private readonly db: Database<true, string>) {}

  /** Re-indexes a user's texts: grams no longer there are removed, new ones added. */
  update(userId: string, before: UserSearchTexts | null, after: UserSearchTexts): void {
    for (const field of Object.keys(FIELD_CODE) as UserSearchField[]) {
      const old = before?.[field] ?? null;
      const next = after[field];
      if (old === next) continue;
      const code = FIELD_CODE[field];
      const kept = next === null ? new Set<string>() : gramsOf(next);
      if (old !== null)
        for (const gram of gramsOf(old)) if (!kept.has(gram)) void this.db.remove(code + gram + SEPARATOR + userId);
      for (const gram of kept) void this.db.put(code + gram + SEPARATOR + userId, true);
    }
  }

  /**
   * Up to `max` ids of users whose `field` may contain `query` (lower-cased by the index), each once.
   * A query of one or two characters walks the grams it starts (at most `max` × 8 keys); a longer one
   * walks the users of its rarest trigram and keeps those that have every other one.
   */
  candidates(field: UserSearchField, query: string, max: number): string[] {
    const code = FIELD_CODE[field];
    const chars = normalise(query);
    if (chars.length === 0) return [];
    const found = new Set<string>();
    if (chars.length < 3) {
      const prefix = code + chars.join('');
      for (const key of this.db.getKeys({ start: prefix, end: prefix + LAST_CHAR, limit: max * 8 })) {
        found.add(key.slice(key.indexOf(SEPARATOR) + 1));
        if (found.size >= max) break;
      }
      return [...found];
    }
    const grams = [...new Set(chars.slice(0, -2).map((c, i) => c + chars[i + 1]! + chars[i + 2]!))].map(
      (gram) => code + gram + SEPARATOR,
    );
    const count = (prefix: string) => this.db.getKeysCount({ start: prefix, end: prefix + '~', limit: max * 8 });
    const [rarest, ...others] = grams.map((prefix) => ({ prefix, n: count(prefix) })).sort((a, b) => a.n - b.n);
    for (const key of this.db.getKeys({ start: rarest!.prefix, end: rarest!.prefix + '~', limit: max * 8 })) {
      const userId = key.slice(rarest!.prefix.length);
      if (others.every(({ prefix }) => this.db.doesExist(prefix + userId))) found.add(userId);
      if (found.size >= max) break;
    }
    return [...found];
  }
}
