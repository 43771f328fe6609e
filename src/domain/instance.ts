/**
 * Instance-wide rules over the instance settings (admin/update-meta), as Misskey's UtilityService
 * applies them: which hosts are blocked, silenced or media-silenced (federation asks these for every
 * activity in and out), which words a note may not carry or make it sensitive, and which usernames
 * sign-up refuses. `InstanceRules` compiles one version of the settings once; keep it until they change.
 */
import { domainToASCII } from 'node:url';
import type { InstanceSettings } from '../store/index.js';
import { compileWordMutes, hasWordMutes, matchesWordMutes, type WordMutes } from './word-mutes.js';

/** A host as the host lists hold it: trimmed, lower-case, punycode (an empty string when it is not a host). */
export const normalizeHost = (host: string): string => domainToASCII(host.trim().toLowerCase());

/** Misskey's suffix rule: the host itself or any subdomain of an entry (`.${host}` ends with `.${entry}`). */
function matchesSuffix(entries: readonly string[], host: string | null): boolean {
  if (host === null || entries.length === 0) return false;
  const dotted = `.${normalizeHost(host)}`;
  return entries.some((entry) => dotted.endsWith(`.${entry}`));
}

/**
 * A word list as Misskey's isKeyWordIncluded reads one: each entry is `/pattern/flags`, or keywords
 * separated by spaces that must all occur (case-sensitive); matched like word mutes (word-mutes.ts),
 * which also drops patterns that could backtrack without bound.
 */
const compileWords = (entries: readonly string[]): WordMutes =>
  compileWordMutes(entries.map((entry) => (/^\/(.+)\/(.*)$/.test(entry) ? entry : entry.split(' '))));

/** What a note says, as the word checks read it. */
export interface NoteWords {
  text: string | null;
  cw: string | null;
  pollChoices?: readonly string[];
}

export class InstanceRules {
  private readonly prohibited: WordMutes;
  private readonly sensitive: WordMutes;
  private readonly prohibitedInNames: WordMutes;
  private readonly preserved: ReadonlySet<string>;

  constructor(readonly settings: Readonly<InstanceSettings>) {
    this.prohibited = compileWords(settings.prohibitedWords);
    this.sensitive = compileWords(settings.sensitiveWords);
    this.prohibitedInNames = compileWords(settings.prohibitedWordsForNameOfUser);
    this.preserved = new Set(settings.preservedUsernames.map((name) => name.toLowerCase()));
  }

  /** Whether federation refuses the host: it or a parent domain is in blockedHosts (null, the local host, never is). */
  isBlockedHost(host: string | null): boolean {
    return matchesSuffix(this.settings.blockedHosts, host);
  }

  /** Whether the host's users are silenced (public notes downgraded to home, follows need approval); suffix rule. */
  isSilencedHost(host: string | null): boolean {
    return matchesSuffix(this.settings.silencedHosts, host);
  }

  /** Whether the host's files are marked sensitive: an exact (lower-case) match, no subdomains, as in Misskey. */
  isMediaSilencedHost(host: string | null): boolean {
    return host !== null && this.settings.mediaSilencedHosts.includes(normalizeHost(host));
  }

  /** Whether a note carries a prohibited word (its cw and text joined, then its poll choices), which refuses it. */
  hasProhibitedWords(note: NoteWords): boolean {
    // every note asks: with no list (the common case) nothing is built
    if (!hasWordMutes(this.prohibited)) return false;
    const text = `${note.cw ?? ''}${note.text ?? ''}\n${(note.pollChoices ?? []).join('\n')}`;
    return matchesWordMutes({ cw: null, text }, this.prohibited);
  }

  /** Whether a note's cw (else its text) carries a sensitive word: a public one is then posted as home, as in Misskey. */
  hasSensitiveWords(note: NoteWords): boolean {
    if (!hasWordMutes(this.sensitive)) return false;
    return matchesWordMutes({ cw: null, text: note.cw ?? note.text }, this.sensitive);
  }

  /** Whether a display name or username carries a word prohibitedWordsForNameOfUser lists. */
  hasProhibitedNameWords(name: string): boolean {
    return matchesWordMutes({ cw: null, text: name }, this.prohibitedInNames);
  }

  /** Whether sign-up refuses the username: preservedUsernames lists it (case-insensitive). */
  isPreservedUsername(username: string): boolean {
    return this.preserved.has(username.toLowerCase());
  }
}
