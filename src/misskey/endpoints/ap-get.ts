/** ap/get: the ActivityStreams object at a URI of another server, fetched as federation fetches (signed by the instance actor). */
import { Type } from '@sinclair/typebox';
import { endpoint } from '../endpoint.js';
import { ApiError, endpointErrors as E, endpointMeta as M } from '../errors.js';
import { Params } from './common.js';

const errors = E['ap/get'];

export const apGet = endpoint({
  name: 'ap/get',
  description:
    "The ActivityStreams document at a URI of another server, as it answered a GET signed by this server's instance actor (an ActivityStreams Content-Type, an `id` that is the URI asked). Blocked instances and private addresses are never fetched.",
  ...M['ap/get'],
  params: Params({ uri: Type.String({ minLength: 1, maxLength: 2048 }) }),
  res: Type.Object({}, { additionalProperties: true }),
  async handler(p, ctx) {
    let url: URL;
    try {
      url = new URL(p.uri);
    } catch {
      throw new ApiError(errors.uriInvalid);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ApiError(errors.uriInvalid);
    // this server's own documents are served at their URLs; fetching them from here would prove nothing
    if (url.origin === new URL(ctx.config.url).origin || ctx.remote === undefined)
      throw new ApiError(errors.noSuchObject);
    const result = await ctx.remote.documentByUri(url.href);
    if (result.ok) return result.document;
    throw new ApiError(result.reason === 'blocked' ? errors.federationNotAllowed : errors.requestFailed);
  },
});
