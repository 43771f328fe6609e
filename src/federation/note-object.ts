/**
 * Notes as ActivityPub objects (federation.md §1.6): Note (Question with a poll), addressed per
 * visibility, `summary` for the content warning, the MFM source in `_misskey_content` and `source`,
 * the quote in every field servers read it from, Mention and Hashtag tags; and the Create or Announce
 * activity a note is in an outbox as.
 */
import { isPureRenote } from '../domain/index.js';
import { idDate, type NoteRecord, type UserRecord } from '../store/index.js';
import { CONTEXT, PUBLIC } from './context.js';
import { escapeHtml, textToHtml } from './html.js';
import type { FederationUrls } from './urls.js';

/** What rendering a note reads besides the note: other notes and users, from the read caches. */
export interface NoteSources {
  note(id: string): NoteRecord | undefined;
  user(id: string): UserRecord | undefined;
}

type Json = Record<string, unknown>;

/** A user's actor URI: ours for local users, the stored one for remote users. */
export const actorUri = (user: UserRecord, urls: FederationUrls) => user.uri ?? urls.actor(user.id);
/** A note's object URI, likewise. */
export const noteUri = (note: NoteRecord, urls: FederationUrls) => note.uri ?? urls.note(note.id);

const acctOf = (user: UserRecord) => (user.host === null ? `@${user.username}` : `@${user.username}@${user.host}`);

/** to/cc of a note (or its Announce) by visibility; `addressed` are the mentioned (or, for specified notes, the chosen) actors. */
export function addressing(note: NoteRecord, followers: string, addressed: string[]): { to: string[]; cc: string[] } {
  switch (note.visibility) {
    case 'public':
      return { to: [PUBLIC], cc: [followers, ...addressed] };
    case 'home':
      return { to: [followers], cc: [PUBLIC, ...addressed] };
    case 'followers':
      return { to: [followers], cc: addressed };
    case 'specified':
      return { to: addressed, cc: [] };
  }
}

export function renderNote(note: NoteRecord, author: UserRecord, urls: FederationUrls, sources: NoteSources): Json {
  const id = urls.note(note.id);
  const attributedTo = actorUri(author, urls);
  const mentioned = note.mentions.map((userId) => sources.user(userId)).filter((u) => u !== undefined);
  const reply = note.replyId === null ? undefined : sources.note(note.replyId);
  const quote = note.renoteId === null ? undefined : sources.note(note.renoteId);
  const quoteUri = quote === undefined ? null : noteUri(quote, urls);

  const addressedUsers =
    note.visibility === 'specified'
      ? note.visibleUserIds.map((userId) => sources.user(userId)).filter((u) => u !== undefined)
      : mentioned;
  const addressed = new Set(addressedUsers.map((u) => actorUri(u, urls)));
  if (note.visibility !== 'specified' && reply !== undefined && reply.userId !== note.userId) {
    const replied = sources.user(reply.userId);
    if (replied !== undefined) addressed.add(actorUri(replied, urls));
  }
  addressed.delete(attributedTo);

  const byAcct = new Map(mentioned.map((u) => [`${u.usernameLower}@${u.host ?? ''}`, u]));
  const linkMention = (username: string, host: string | null) => {
    const user = byAcct.get(`${username.toLowerCase()}@${host === urls.host ? '' : (host ?? '')}`);
    if (user === undefined) return null;
    return user.host === null ? urls.profile(user.username) : (user.url ?? user.uri);
  };
  let content = note.text === null ? '' : textToHtml(note.text, linkMention, urls.tag);
  if (quoteUri !== null) {
    const href = escapeHtml(quoteUri);
    content += `<p class="quote-inline"><span>RE: <a href="${href}">${href}</a></span></p>`;
  }

  const object: Json = {
    '@context': CONTEXT,
    id,
    type: note.poll === null ? 'Note' : 'Question',
    attributedTo,
    content,
    _misskey_content: note.text,
    source: note.text === null ? undefined : { content: note.text, mediaType: 'text/x.misskeymarkdown' },
    summary: note.cw,
    sensitive: note.cw !== null,
    published: idDate(note.id),
    url: id,
    inReplyTo: reply === undefined ? null : noteUri(reply, urls),
    ...addressing(note, `${attributedTo}/followers`, [...addressed]),
    tag: [
      ...mentioned.map((u) => ({ type: 'Mention', href: actorUri(u, urls), name: acctOf(u) })),
      ...note.tags.map((tag) => ({ type: 'Hashtag', href: urls.tag(tag), name: `#${tag}` })),
    ],
    attachment: [],
  };
  if (quoteUri !== null) {
    object._misskey_quote = quoteUri;
    object.quoteUrl = quoteUri;
    object.quoteUri = quoteUri;
    object.quote = quoteUri;
  }
  if (note.poll !== null) {
    const poll = note.poll;
    object[poll.multiple ? 'anyOf' : 'oneOf'] = poll.choices.map((name, i) => ({
      type: 'Note',
      name,
      replies: { type: 'Collection', totalItems: poll.votes[i] ?? 0 },
    }));
    if (poll.expiresAt !== null) {
      object.endTime = new Date(poll.expiresAt).toISOString();
      if (poll.expiresAt <= Date.now()) object.closed = object.endTime;
    }
  }
  return object;
}

/**
 * A note as its outbox shows it: a pure renote as the Announce of the renoted note, anything else as
 * the Create of the note (without its own @context: the collection page carries it).
 */
export function renderOutboxActivity(note: NoteRecord, author: UserRecord, urls: FederationUrls, sources: NoteSources) {
  const actor = actorUri(author, urls);
  const activityId = `${urls.note(note.id)}/activity`;
  if (isPureRenote(note)) {
    const renoted = sources.note(note.renoteId!);
    if (renoted === undefined) return null;
    const renotedAuthor = sources.user(renoted.userId);
    const cc = renotedAuthor === undefined ? [] : [actorUri(renotedAuthor, urls)];
    return {
      id: activityId,
      type: 'Announce',
      actor,
      published: idDate(note.id),
      ...addressing(note, `${actor}/followers`, cc),
      object: noteUri(renoted, urls),
    };
  }
  const { '@context': _, ...object } = renderNote(note, author, urls, sources);
  return {
    id: activityId,
    type: 'Create',
    actor,
    published: object.published,
    to: object.to,
    cc: object.cc,
    object,
  };
}
