/**
 * The timelines environment is opened without fsync (LMDB's noSync): it holds only data derived from
 * the main environment and written behind it, and its fsyncs queued the note commits' own (see
 * docs/architecture.md, "Persistence and crashes"). Its commits still survive a crash or SIGKILL of
 * the process, because they sit in the OS's page cache, but a crash of the OS can leave it torn. So the
 * main thread records, durably and before anything writes to it, which boot of the machine writes it:
 * at start-up an environment last written during an earlier boot, and not synced by a clean stop, is
 * discarded, and recovery rebuilds it by replaying every note's fan-out.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { uptime } from 'node:os';
import { join } from 'node:path';

const MARKER = 'written-by-boot.json';

interface Marker {
  boot: string;
  /** Whether a clean stop synced the environment to disk after its last write. */
  synced: boolean;
}

export const timelinesPath = (dataDir: string) => join(dataDir, 'timelines');

/** This boot of the machine: Linux's boot id, elsewhere the minute the machine started. */
function currentBoot(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return `boot-minute:${Math.round((Date.now() / 1000 - uptime()) / 60)}`;
  }
}

function readMarker(dir: string): Marker | null {
  try {
    const marker = JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as Partial<Marker>;
    return typeof marker.boot === 'string' && typeof marker.synced === 'boolean'
      ? { boot: marker.boot, synced: marker.synced }
      : null;
  } catch {
    return null;
  }
}

function fsyncPath(path: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces the marker so that it survives an OS crash: written aside, synced, renamed, directory synced. */
function writeMarker(dir: string, marker: Marker): void {
  const aside = join(dir, `${MARKER}.tmp`);
  writeFileSync(aside, JSON.stringify(marker));
  fsyncPath(aside, 'r+');
  renameSync(aside, join(dir, MARKER));
  fsyncPath(dir, 'r');
}

/**
 * Run by the main thread before any thread opens the store. Discards the timelines environment when
 * an OS crash may have torn it, then records that this boot is writing it. A marker-less environment
 * (written by a Flock that synced it, or by the bench seeder) is kept. Returns whether it was discarded.
 */
export function claimTimelines(dataDir: string): boolean {
  const dir = timelinesPath(dataDir);
  const boot = currentBoot();
  const marker = readMarker(dir);
  const torn = marker !== null && !marker.synced && marker.boot !== boot;
  if (torn) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeMarker(dir, { boot, synced: false });
  return torn;
}

/** Run by the main thread after a clean stop closed the store: syncs the environment and says so. */
export function releaseTimelines(dataDir: string): void {
  const dir = timelinesPath(dataDir);
  const data = join(dir, 'data.mdb');
  if (existsSync(data)) fsyncPath(data, 'r+');
  writeMarker(dir, { boot: currentBoot(), synced: true });
}
