/** Which strings are reactions, and what the others become (Misskey's normalisation). */

/** Misskey's old reaction names (user-chosen strings, so a Map: a plain object would answer `constructor` too). */
const LEGACY_REACTIONS = new Map([
  ['like', '👍'],
  ['love', '❤'],
  ['laugh', '😆'],
  ['hmm', '🤔'],
  ['surprise', '😮'],
  ['congrats', '🎉'],
  ['angry', '💢'],
  ['confused', '😥'],
  ['rip', '😇'],
  ['pudding', '🍮'],
  ['star', '⭐'],
]);
/** What an unusable reaction becomes (Misskey's default like). */
export const LIKE_REACTION = '❤';
/** One emoji: an RGI sequence, or a pictograph (with modifier or variation selector) and its ZWJ-joined companions. */
// the `v` flag needs an es2024 target as a literal, so the pattern is built at run time
// biome-ignore lint/complexity/useRegexLiterals: see above
const EMOJI = new RegExp(
  '^(?:\\p{RGI_Emoji}|\\p{Extended_Pictographic}[\\p{Emoji_Modifier}\\u{FE0F}]?(?:\\u200D\\p{Extended_Pictographic}[\\p{Emoji_Modifier}\\u{FE0F}]?)*)$',
  'v',
);
const graphemes = new Intl.Segmenter();

function isOneGrapheme(text: string): boolean {
  let count = 0;
  for (const _ of graphemes.segment(text)) if (++count > 1) return false;
  return count === 1;
}

/**
 * The stored key of a reaction, or null when it is not one: exactly one emoji (one grapheme cluster,
 * FE0F stripped as Misskey stores them) or a legacy name. Custom emoji (`:name:`) need an emoji this
 * instance has, and Flock has none yet, so they are not reactions either.
 */
export function reactionKeyOf(raw: string): string | null {
  const legacy = LEGACY_REACTIONS.get(raw);
  if (legacy !== undefined) return legacy;
  if (raw.length === 0 || raw.length > 64 || !EMOJI.test(raw) || !isOneGrapheme(raw)) return null;
  return raw.replace(/\uFE0F/g, '');
}

/** A custom emoji of another server as Misskey keys a reaction with it: `:name@host:`. */
const REMOTE_EMOJI = /^:([a-z0-9_+-]{1,128})@([a-z0-9.-]{1,253}(?::\d{1,5})?):$/i;

/**
 * The stored key of a remote user's reaction: a reaction as for anyone, or a custom emoji of the
 * reacting user's own server (`:name@host:`, host theirs), which Flock keeps by name; else null.
 */
export function remoteReactionKeyOf(raw: string, host: string): string | null {
  const emoji = REMOTE_EMOJI.exec(raw);
  if (emoji !== null) return emoji[2]!.toLowerCase() === host ? `:${emoji[1]}@${host}:` : null;
  return reactionKeyOf(raw);
}

/** Misskey's reaction normalisation: anything that is not a reaction becomes the like reaction. */
export const normalizeReaction = (raw: string): string => reactionKeyOf(raw) ?? LIKE_REACTION;
