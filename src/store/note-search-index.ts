/**
 * The index behind notes/search: the words of each local note's text, so a query finds the notes
 * holding all of its words without reading every note. A word is a run of letters, digits and `_`,
 * NFKC-normalised and lower-cased; runs of Han, kana and Hangul, written without spaces, are indexed
 * as overlapping pairs of characters instead, so any two or more of their characters can be found.
 *
 * Key: `${word}\x01${noteId}` → true; one word's notes are in id (time) order, so a search pages
 * through the rarest word of the query and checks the others by key.
 */
import type { Database } from 'lmdb';
import { type Accept, IdIndex, type PageParams } from './paging.js';

const SEPARATOR = '\x01';
/** Longer words are cut to this many characters (both when indexed and when searched). */
const MAX_WORD = 64;
/** Most distinct words of one note that are indexed. */
const MAX_WORDS = 256;
/** How far counting a word's notes goes when choosing the rarest: beyond it, words count as equally common. */
const COUNT_CAP = 10_000;
const WORD = /[\p{L}\p{N}_]+/gu;
const CLOSE_SCRIPTS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/** The distinct words of a text as this index keys them. */
export function searchWords(text: string): string[] {
  const words = new Set<string>();
  for (const [run] of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    for (const [close] of run.matchAll(CLOSE_SCRIPTS)) {
      const chars = Array.from(close);
      if (chars.length === 1) words.add(close);
      for (let i = 0; i + 1 < chars.length; i++) words.add(chars[i]! + chars[i + 1]!);
    }
    for (const word of run.replace(CLOSE_SCRIPTS, ' ').split(' '))
      if (word !== '') words.add(Array.from(word).slice(0, MAX_WORD).join(''));
    if (words.size >= MAX_WORDS) break;
  }
  return [...words].slice(0, MAX_WORDS);
}

export class NoteSearchIndex {
  private readonly index: IdIndex<true>;

  constructor(private readonly db: Database<true, string>) {
    this.index = new IdIndex(db);
  }

  /** Empties the index (before it is built afresh over every stored note). */
  clear(): Promise<void> {
    return this.db.clearAsync();
  }

  add(noteId: string, text: string): void {
    for (const word of searchWords(text)) void this.index.put(word + SEPARATOR, noteId, true);
  }

  remove(noteId: string, text: string): void {
    for (const word of searchWords(text)) void this.index.remove(word + SEPARATOR, noteId);
  }

  /** The notes holding every word of `query`, in Misskey's page order; none when the query has no word. */
  page<T>(query: string, params: PageParams, limit: number, accept: (noteId: string) => T | undefined): T[] {
    const owners = searchWords(query).map((word) => word + SEPARATOR);
    if (owners.length === 0) return [];
    const count = (owner: string) => this.db.getKeysCount({ start: owner, end: owner + '~', limit: COUNT_CAP });
    const [rarest, ...others] = owners.map((owner) => ({ owner, n: count(owner) })).sort((a, b) => a.n - b.n);
    const visit: Accept<true, T> = (noteId) =>
      others.every(({ owner }) => this.index.has(owner, noteId)) ? accept(noteId) : undefined;
    return this.index.page(rarest!.owner, params, limit, visit);
  }
}
