/**
 * A remote note's HTML `content` as Misskey's text (MFM), as Misskey's MfmService.fromHtml converts it:
 * links kept (as the URL, or `[text](url)` when their text differs), mentions as `@user@host`, hashtags
 * as `#tag`, paragraphs and line breaks as line breaks, a few inline styles as their MFM; every other
 * tag dropped with its attributes (event handlers included), and scripts, styles and the like dropped
 * with their contents. Nothing of the HTML survives as markup: the result is text a client renders as MFM.
 *
 * One left-to-right pass over the input with no backtracking pattern (federation.md §5.6 item 21), so
 * its cost is linear in the input, which the caller bounds.
 */

const ENTITIES: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
});

/** Elements dropped with everything inside them. */
const DROPPED = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'title', 'head', 'textarea']);
/** Elements after which a line ends. */
const BLOCKS = new Set(['div', 'li', 'dt', 'dd', 'header', 'footer', 'article', 'section', 'ul', 'ol', 'tr']);
/** Inline elements whose MFM wraps their text: [opening, closing]. */
const INLINE: Readonly<Record<string, readonly [string, string]>> = Object.assign(Object.create(null), {
  b: ['**', '**'],
  strong: ['**', '**'],
  i: ['<i>', '</i>'],
  em: ['<i>', '</i>'],
  s: ['~~', '~~'],
  del: ['~~', '~~'],
  small: ['<small>', '</small>'],
  code: ['`', '`'],
});

/** Decodes character references (named: the few HTML text needs; numeric: any valid code point). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, name: string) => {
    if (name[0] === '#') {
      const hex = name[1] === 'x' || name[1] === 'X';
      const code = hex ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

interface Tag {
  name: string;
  closing: boolean;
  attrs: Map<string, string>;
  /** Where the input goes on after the tag. */
  end: number;
}

const isNameChar = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x3a;
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x2f;

/** The tag starting at `at` (a `<`), or null when what follows is not a tag (then `<` is text). */
function readTag(html: string, at: number): Tag | null {
  let i = at + 1;
  const closing = html.charCodeAt(i) === 0x2f;
  if (closing) i++;
  const nameStart = i;
  while (i < html.length && isNameChar(html.charCodeAt(i))) i++;
  if (i === nameStart) return null;
  const name = html.slice(nameStart, i).toLowerCase();
  const attrs = new Map<string, string>();
  while (i < html.length && html[i] !== '>') {
    if (isSpace(html.charCodeAt(i))) {
      i++;
      continue;
    }
    const attrStart = i;
    while (i < html.length && !isSpace(html.charCodeAt(i)) && html[i] !== '=' && html[i] !== '>') i++;
    const attr = html.slice(attrStart, i).toLowerCase();
    let value = '';
    if (html[i] === '=') {
      i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const valueEnd = close === -1 ? html.length : close;
        value = html.slice(i + 1, valueEnd);
        i = valueEnd + 1;
      } else {
        const valueStart = i;
        while (i < html.length && !isSpace(html.charCodeAt(i)) && html[i] !== '>') i++;
        value = html.slice(valueStart, i);
      }
    }
    if (attr.length > 0 && !attrs.has(attr)) attrs.set(attr, decodeEntities(value));
  }
  return { name, closing, attrs, end: Math.min(i + 1, html.length) };
}

/** An http(s) URL, or null. */
function httpUrl(href: string | undefined): URL | null {
  if (href === undefined) return null;
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** A link's text and target as MFM, as Misskey writes it. */
function linkText(text: string, href: string | undefined, rel: string | undefined): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('#')) return trimmed;
  const url = httpUrl(href);
  if (trimmed.startsWith('@') && !(rel ?? '').startsWith('me ')) {
    const parts = trimmed.split('@');
    // a mention of `@user` names its host only in its link: restore it (with a port, as Flock keeps hosts)
    if (parts.length === 2 && url !== null) return `${trimmed}@${url.host}`;
    if (parts.length === 3) return trimmed;
  }
  if (url === null) return text;
  if (trimmed.length === 0 || trimmed === href) return url.href;
  return `[${trimmed.replace(/[[\]]/g, '')}](${url.href})`;
}

/** The HTML as MFM text (see the file comment); `maxLength` bounds the result. */
export function htmlToMfm(html: string, maxLength: number): string {
  let out = '';
  let quoteDepth = 0;
  // an open link's text is collected apart, then written as the link
  let link: { href: string | undefined; rel: string | undefined; text: string } | null = null;
  let pre = false;
  const emit = (text: string) => {
    const quoted = quoteDepth > 0 ? text.replace(/\n/g, '\n> ') : text;
    if (link !== null) link.text += quoted;
    else out += quoted;
  };
  const closeLink = () => {
    if (link === null) return;
    out += linkText(link.text, link.href, link.rel);
    link = null;
  };
  const written = () => out.length + (link === null ? 0 : link.text.length);
  let i = 0;
  while (i < html.length && written() <= maxLength) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? html.length : lt;
    if (textEnd > i) {
      const text = decodeEntities(html.slice(i, textEnd));
      emit(pre ? text : text.replace(/[\t\n\r ]+/g, ' '));
    }
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const close = html.indexOf('>', lt);
      i = close === -1 ? html.length : close + 1;
      continue;
    }
    const tag = readTag(html, lt);
    if (tag === null) {
      emit('<');
      i = lt + 1;
      continue;
    }
    i = tag.end;
    if (DROPPED.has(tag.name)) {
      if (!tag.closing) i = endOfDropped(html, tag.name, i);
      continue;
    }
    applyTag(tag);
  }
  closeLink();
  return out
    .replace(/[ \u00a0]+\n/g, '\n')
    .trim()
    .slice(0, maxLength);

  function applyTag(tag: Tag): void {
    const { name, closing } = tag;
    if (name === 'br') emit('\n');
    else if (name === 'p') {
      // a paragraph opening a quote starts on the quote's first line
      if (!closing && !out.endsWith('> ')) emit('\n\n');
    } else if (name === 'a') {
      closeLink();
      if (!closing) link = { href: tag.attrs.get('href'), rel: tag.attrs.get('rel'), text: '' };
    } else if (BLOCKS.has(name)) emit('\n');
    else if (/^h[1-6]$/.test(name)) emit(closing ? '】\n' : '\n【');
    else if (name === 'blockquote') {
      if (closing) {
        quoteDepth = Math.max(0, quoteDepth - 1);
        emit('\n');
      } else {
        emit('\n');
        quoteDepth++;
        emit('> ');
      }
    } else if (name === 'pre') {
      pre = !closing;
      emit(closing ? '\n```\n' : '\n```\n');
    } else if (INLINE[name] !== undefined && !(pre && name === 'code')) {
      emit(INLINE[name]![closing ? 1 : 0]);
    }
  }
}

/** Where the input goes on after a dropped element's closing tag (the end of the input when it has none). */
function endOfDropped(html: string, name: string, from: number): number {
  const close = new RegExp(`</${name}[^>]{0,64}>`, 'gi');
  close.lastIndex = from;
  const match = close.exec(html);
  return match === null ? html.length : match.index + match[0].length;
}
