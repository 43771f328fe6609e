/** What every actor handler gets: the store, the settings that shape writes, and per-thread caches. */
import { openStore, type Store } from '../store/index.js';

export interface ActorSettings {
  dataDir: string;
  mapSizeMb: number;
  url: string;
  shards: number;
  homeTimelineMax: number;
  logLevel: string;
}

export interface ActorContext {
  store: Store;
  settings: ActorSettings;
  /** This thread's worker index and the worker count: shard s is local when s % workers === worker. */
  worker: number;
  workers: number;
  /** Home timeline lengths known to this thread (a shard always runs on the same thread, so these stay exact). */
  timelineLengths: Map<string, number>;
}

export function createActorContext(settings: ActorSettings, worker: number, workers: number): ActorContext {
  return {
    store: openStore({ path: settings.dataDir, mapSizeMb: settings.mapSizeMb }),
    settings,
    worker,
    workers,
    timelineLengths: new Map(),
  };
}

/** A successful reply. */
export const ok = <T>(value: T) => ({ ok: true as const, value });
/** A domain failure reply. */
export const fail = <E extends string>(error: E) => ({ ok: false as const, error });
