/** What every actor handler gets: the store, the settings that shape writes, and per-thread state. */

import type { DomainEvent, StoredProjection } from '../domain/index.js';
import { BoundedMap, openStore, type Store } from '../store/index.js';
import { Audiences } from './audiences.js';
import { EventRecorder } from './event-recorder.js';
import { WorkerPlacement } from './placement.js';
import { HomeTimelines } from './timeline.js';

export interface ActorSettings {
  dataDir: string;
  mapSizeMb: number;
  url: string;
  shards: number;
  homeTimelineMax: number;
  timelineFlushMs: number;
  timelineCacheUsers: number;
  logLevel: string;
  /** Whether notes/search is served: only then do new notes' words go into its index (a key per word). */
  canSearchNotes: boolean;
}

export interface ActorContext {
  store: Store;
  settings: ActorSettings;
  /** This instance's host (from `settings.url`), lower-case: mentions of it are local. */
  localHost: string;
  /** Renders the fragments stored with notes and users (supplied by the client API at start-up). */
  projection: StoredProjection;
  /** This thread's worker index. */
  worker: number;
  /** Which shards run on this thread, and where the others are. */
  placement: WorkerPlacement;
  /** The home timelines of this thread's shards (a shard always runs on the same thread). */
  timelines: HomeTimelines;
  /** Follower lists of this thread's users, grouped by shard, for fan-out. */
  audiences: Audiences;
  /** Collects the events of the command running (see emit). */
  events: EventRecorder;
  /** Reports what the running command changed; delivered to the gateway only if the command commits. */
  emit(event: DomainEvent): void;
  /** Users' hosts, which never change once a user exists (see authorHost). */
  hosts: BoundedMap<string, string | null>;
}

/** Users whose audience a worker keeps in memory. */
const AUDIENCE_CACHE_USERS = 50_000;
/** Users whose host a worker keeps in memory. */
const HOST_CACHE_USERS = 100_000;

export function createActorContext(
  settings: ActorSettings,
  worker: number,
  workers: number,
  projection: StoredProjection,
): ActorContext {
  const store = openStore({ path: settings.dataDir, mapSizeMb: settings.mapSizeMb });
  const events = new EventRecorder();
  const placement = new WorkerPlacement(settings.shards, workers, worker);
  return {
    events,
    emit: (event) => events.emit(event),
    store,
    settings,
    worker,
    placement,
    projection,
    localHost: new URL(settings.url).host.toLowerCase(),
    timelines: new HomeTimelines(store.homeTimelines, settings.homeTimelineMax, settings.timelineCacheUsers),
    audiences: new Audiences(store, placement, AUDIENCE_CACHE_USERS),
    hosts: new BoundedMap(HOST_CACHE_USERS),
  };
}

/** A successful reply. */
export const ok = <T>(value: T) => ({ ok: true as const, value });
/** A domain failure reply. */
export const fail = <E extends string>(error: E) => ({ ok: false as const, error });
