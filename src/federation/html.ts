/**
 * HTML this server writes for other servers and browsers: a note's or bio's text as the small HTML
 * subset ActivityPub `content` carries (links, mentions, hashtags, line breaks; everything else
 * escaped), and the minimal page browsers get for a profile or note until Flock has a web client.
 * The tokenizer is one left-to-right pass with bounded, non-nested patterns (no backtracking blow-up).
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** What a mention in a text links to: the actor's profile URL, or null to leave it as text. */
export type MentionLinker = (username: string, host: string | null) => string | null;

const TOKEN =
  /(https?:\/\/[^\s<>"'`]{1,2048})|(?<![\w@])@([a-zA-Z0-9_]{1,64})(?:@([a-zA-Z0-9.-]{1,253}(?::\d{1,5})?))?|(?<![\w#])#([^\s#@.,!?'"()[\]{}:;/\\<>]{1,128})/gu;

/** Plain (MFM) text as ActivityPub `content`: `<p>` with `<br>` for line breaks, links for URLs, mentions and tags. */
export function textToHtml(text: string, mentionLink: MentionLinker, tagLink: (tag: string) => string): string {
  let html = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    html += escapeHtml(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] !== undefined) {
      const href = escapeHtml(m[1]);
      html += `<a href="${href}" rel="nofollow noopener noreferrer" target="_blank">${href}</a>`;
    } else if (m[2] !== undefined) {
      const href = mentionLink(m[2], m[3]?.toLowerCase() ?? null);
      html +=
        href === null
          ? escapeHtml(m[0])
          : `<span class="h-card" translate="no"><a href="${escapeHtml(href)}" class="u-url mention">${escapeHtml(m[0])}</a></span>`;
    } else if (/^[0-9]+$/.test(m[4]!)) {
      html += escapeHtml(m[0]);
    } else {
      html += `<a href="${escapeHtml(tagLink(m[4]!))}" rel="tag">${escapeHtml(m[0])}</a>`;
    }
  }
  html += escapeHtml(text.slice(last));
  return `<p>${html.replace(/\r?\n/g, '<br>')}</p>`;
}

export interface PageMeta {
  title: string;
  description: string;
  /** The page's canonical URL. */
  url: string;
  /** The ActivityPub document of the same thing. */
  activityUrl: string;
  type: 'profile' | 'article';
  siteName: string;
  image?: string | null;
}

/** The small page a browser gets for a profile or a note: the text, escaped, and where its ActivityPub document is. */
export function htmlPage(meta: PageMeta, bodyText: string): string {
  const e = escapeHtml;
  const image = meta.image ? `\n<meta property="og:image" content="${e(meta.image)}">` : '';
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(meta.title)}</title>
<link rel="alternate" type="application/activity+json" href="${e(meta.activityUrl)}">
<link rel="canonical" href="${e(meta.url)}">
<meta name="description" content="${e(meta.description)}">
<meta property="og:type" content="${meta.type}">
<meta property="og:title" content="${e(meta.title)}">
<meta property="og:description" content="${e(meta.description)}">
<meta property="og:url" content="${e(meta.url)}">
<meta property="og:site_name" content="${e(meta.siteName)}">${image}
</head>
<body>
<main>
<h1>${e(meta.title)}</h1>
<p>${e(bodyText).replace(/\r?\n/g, '<br>')}</p>
</main>
</body>
</html>
`;
}
