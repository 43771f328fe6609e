/** ap/show: a user or a note by its ActivityPub URI, fetching a remote actor or note through federation. */
import { Type } from '@sinclair/typebox';
import type { UserRecord } from '../../store/index.js';
import { type CallContext, endpoint, RawJson, type RemoteLookupFailure } from '../endpoint.js';
import { ApiError, endpointErrors as E, endpointMeta as M } from '../errors.js';
import { Params } from './common.js';
import { detailed } from './user-lists.js';

const errors = E['ap/show'];

const FAILURES: Record<RemoteLookupFailure, (typeof errors)[keyof typeof errors]> = {
  blocked: errors.federationNotAllowed,
  invalid: errors.uriInvalid,
  failed: errors.requestFailed,
  notActor: errors.noSuchObject,
};

/** This server's user or note a local URI names (actor URL, `/@name`, note URL), or null. */
function local(ctx: CallContext, url: URL): RawJson | { type: 'User'; object: unknown } | null {
  const [first, second, ...rest] = url.pathname.split('/').filter(Boolean);
  let user: UserRecord | undefined;
  if (first === 'users' && second !== undefined && rest.length === 0) user = ctx.store.users.get(second);
  else if (first?.startsWith('@') && second === undefined) {
    const id = ctx.store.accounts.idOf(first.slice(1).toLowerCase(), null);
    user = id === undefined ? undefined : ctx.store.users.get(id);
  } else if (first === 'notes' && second !== undefined && rest.length === 0) {
    const json = ctx.renderer().render(second);
    return json === undefined ? null : new RawJson(`{"type":"Note","object":${json}}`);
  }
  if (user === undefined || user.host !== null || ctx.queries.caches.accounts.hidden.has(user.id)) return null;
  return { type: 'User', object: detailed(ctx, user) };
}

export const apShow = endpoint({
  name: 'ap/show',
  description:
    'The user (UserDetailed) or note an ActivityPub URI names: a remote actor or note is fetched (signed by the instance actor) and stored as a remote user or note (a reply with its parents, up to five).',
  ...M['ap/show'],
  params: Params({ uri: Type.String({ minLength: 1, maxLength: 2048 }) }),
  res: Type.Object({ type: Type.Union([Type.Literal('User'), Type.Literal('Note')]), object: Type.Unknown() }),
  async handler(p, ctx) {
    let url: URL;
    try {
      url = new URL(p.uri);
    } catch {
      throw new ApiError(errors.uriInvalid);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ApiError(errors.uriInvalid);
    if (url.origin === new URL(ctx.config.url).origin) {
      const found = local(ctx, url);
      if (found === null) throw new ApiError(errors.noSuchObject);
      return found;
    }
    if (ctx.remote === undefined) throw new ApiError(errors.noSuchObject);
    const result = await ctx.remote.objectByUri(url.href);
    if (!result.ok) throw new ApiError(FAILURES[result.reason]);
    if (result.type === 'Note') {
      const json = ctx.renderer().render(result.id);
      if (json === undefined) throw new ApiError(errors.noSuchObject);
      return new RawJson(`{"type":"Note","object":${json}}`);
    }
    const user = ctx.store.users.get(result.id);
    if (user === undefined || ctx.queries.caches.accounts.hidden.has(user.id)) throw new ApiError(errors.noSuchObject);
    return { type: 'User', object: detailed(ctx, user) };
  },
});
