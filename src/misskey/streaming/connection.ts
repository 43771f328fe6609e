/** One Misskey stream socket: who it is for, its channel instances by client id, and the notes it watches. */
import type { StreamSocket } from '../../gateway/index.js';
import { shardForSocket } from './paced-publish.js';

/** The note timelines a socket can follow live. */
export type TimelineKind = 'homeTimeline' | 'localTimeline' | 'hybridTimeline' | 'globalTimeline' | 'userList';

export interface TimelineChannel {
  kind: TimelineKind;
  /** The client's id for this channel instance, echoed in every message. */
  id: string;
  connection: Connection;
  withRenotes: boolean;
  withFiles: boolean;
  withReplies: boolean;
  listId: string | null;
  /**
   * The topic variant this channel rides (its id and filter), or null when each note is judged for it
   * alone: its user hides something (blocks, mutes), or its id is not one topics are kept for.
   */
  variant: string | null;
  /** The topics it is subscribed to. */
  topics: string[];
  /**
   * The users whose notes it takes: followees and self (home, hybrid), or the list's members, each with
   * their membership's withReplies (userList).
   */
  authors: Map<string, boolean>;
}

/** Channels whose events go to their user alone. */
export interface UserChannel {
  kind: 'main' | 'drive';
  id: string;
  connection: Connection;
}

export type Channel = TimelineChannel | UserChannel;

export const isTimeline = (channel: Channel): channel is TimelineChannel =>
  channel.kind !== 'main' && channel.kind !== 'drive';

/** At most this many channel instances per socket (Misskey ignores connects past 32). */
export const MAX_CHANNELS = 32;
/** At most this many notes watched per socket (a web client watches the notes on screen). */
export const MAX_WATCHED_NOTES = 512;
/**
 * Connects a socket may make in a burst (a reconnecting client re-sends at most 32), and how fast the
 * allowance comes back: a connect reads the user's follows and subscribes topics, so a client looping
 * connect/disconnect is slowed to a few a second (connects past the allowance are ignored).
 */
const CONNECT_BURST = 64;
const CONNECT_REFILL_MS = 250;

export class Connection {
  /** Set when the socket opens. */
  socket: StreamSocket | null = null;
  readonly channels = new Map<string, Channel>();
  /** Watched note ids, with how many times each was asked for (Misskey counts subNote/unsubNote). */
  readonly notes = new Map<string, number>();
  private connectAllowance = CONNECT_BURST;
  private allowanceAt = Date.now();
  /** Which sub-topic shard its timeline channels ride (paced-publish.ts). */
  readonly shard = shardForSocket();

  constructor(
    /** The signed-in user, or null (public channels only); a seed-style connect may sign in once. */
    public userId: string | null,
    /** The store key of the token it signed in with (revocation closes it). */
    public tokenKey: string | null,
  ) {}

  /** Whether a connect is within the socket's allowance (and takes one from it). */
  mayConnect(now = Date.now()): boolean {
    const earned = Math.floor((now - this.allowanceAt) / CONNECT_REFILL_MS);
    if (earned > 0) {
      this.connectAllowance = Math.min(CONNECT_BURST, this.connectAllowance + earned);
      this.allowanceAt += earned * CONNECT_REFILL_MS;
    }
    if (this.connectAllowance === 0) return false;
    this.connectAllowance--;
    return true;
  }

  send(text: string): void {
    this.socket?.send(text);
  }
}
