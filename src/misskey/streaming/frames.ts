/**
 * What a client may send on Misskey's stream, as a closed set: a frame that is not JSON, not an
 * envelope `{type, body}`, of an unknown type or with fields of the wrong kind is nothing (ignored, as
 * Misskey ignores what it cannot use); misskey-js' raw `h` and `ping` are nothing too.
 */
import { exceedsJsonDepth } from '../../gateway/index.js';

/** Longest client-chosen id (channel instances, notes): misskey-js counts "1", "2", …; notes have aidx ids. */
const MAX_ID_LENGTH = 64;

export type ClientFrame =
  | {
      type: 'connect';
      channel: string;
      id: string;
      params: Record<string, unknown>;
      pong: boolean;
      token: string | null;
    }
  | { type: 'disconnect'; id: string }
  | { type: 'channel'; id: string; event: string; body: unknown }
  | { type: 'subNote'; id: string }
  | { type: 'unsubNote'; id: string }
  | { type: 'readNotification' };

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The frame's meaning, or null for anything to ignore. */
export function parseFrame(text: string): ClientFrame | null {
  if (text.length === 0 || text[0] !== '{' || exceedsJsonDepth(text)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(parsed) || typeof parsed.type !== 'string') return null;
  const body = parsed.body;
  switch (parsed.type) {
    case 'connect': {
      if (!isObject(body) || typeof body.channel !== 'string') return null;
      // the seed's variant names no id (one channel per name) and may carry the token
      const id = body.id === undefined ? body.channel : body.id;
      if (!isId(id) || body.channel.length > MAX_ID_LENGTH) return null;
      const token = typeof body.token === 'string' && body.token.length > 0 ? body.token : null;
      return {
        type: 'connect',
        channel: body.channel,
        id,
        params: isObject(body.params) ? body.params : {},
        pong: body.pong === true,
        token,
      };
    }
    case 'disconnect':
      return isObject(body) && isId(body.id) ? { type: 'disconnect', id: body.id } : null;
    case 'ch':
    case 'channel':
      return isObject(body) && isId(body.id) && typeof body.type === 'string'
        ? { type: 'channel', id: body.id, event: body.type, body: body.body }
        : null;
    case 'subNote':
    case 's':
    case 'sr':
      return isObject(body) && isId(body.id) ? { type: 'subNote', id: body.id } : null;
    case 'unsubNote':
    case 'un':
      return isObject(body) && isId(body.id) ? { type: 'unsubNote', id: body.id } : null;
    case 'readNotification':
      return { type: 'readNotification' };
    default:
      return null;
  }
}

/** A client-chosen boolean parameter, or its default when absent or of another type. */
export const flag = (params: Record<string, unknown>, name: string, fallback: boolean): boolean => {
  const value = params[name];
  return typeof value === 'boolean' ? value : fallback;
};
