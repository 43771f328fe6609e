/**
 * The bytes of drive files on disk, under `<dataDir>/files`, named by their sha256 (identical uploads
 * share one copy; `driveIndex` counts the records that refer to each): `files/<sha[0..2]>/<sha>` for the
 * original, with `.thumbnail` and `.webpublic` for the versions derived from it.
 *
 * Crash safety: bytes arrive in `files/tmp/` (an upload in progress as `u-<random>`, then, hashed and
 * processed, as `<sha>.<variant>.<random>`) and are moved into place only after the record that needs
 * them has committed (`settle`). At start-up `recover` finishes the moves of committed records and
 * removes every temporary and stored file no record needs, so a crash at any point leaves neither a
 * record without its bytes nor bytes without a record.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type BlobVariant = 'original' | 'thumbnail' | 'webpublic';

const VARIANTS: readonly BlobVariant[] = ['original', 'thumbnail', 'webpublic'];
const STAGED = /^([0-9a-f]{64})\.(original|thumbnail|webpublic)\.[0-9a-f]+$/;
const STORED = /^([0-9a-f]{64})(\.thumbnail|\.webpublic)?$/;
const SHA256 = /^[0-9a-f]{64}$/;

export class BlobFiles {
  private readonly root: string;
  private readonly tmp: string;
  /** The last settle of each sha256 still running: moves and removals of the same bytes run one after another. */
  private readonly settling = new Map<string, Promise<void>>();

  constructor(dataDir: string) {
    this.root = join(dataDir, 'files');
    this.tmp = join(this.root, 'tmp');
    mkdirSync(this.tmp, { recursive: true });
  }

  /** Where an upload in progress is written (its content, so its name, is not known yet). */
  uploadPath(): string {
    return join(this.tmp, 'u-' + randomBytes(12).toString('hex'));
  }

  /** A temporary name for bytes of known content, waiting for their record to commit. */
  stagedPath(sha256: string, variant: BlobVariant): string {
    if (!SHA256.test(sha256)) throw new Error(`Expected a hex sha256, got ${JSON.stringify(sha256)}`);
    return join(this.tmp, `${sha256}.${variant}.${randomBytes(8).toString('hex')}`);
  }

  /** Where the stored bytes of a content and variant are. */
  path(sha256: string, variant: BlobVariant): string {
    if (!SHA256.test(sha256)) throw new Error(`Expected a hex sha256, got ${JSON.stringify(sha256)}`);
    return join(this.root, sha256.slice(0, 2), variant === 'original' ? sha256 : `${sha256}.${variant}`);
  }

  /**
   * Brings the disk in line with the store after a commit that changed how many records refer to
   * `sha256`: while any does, the staged files move into place (or go, when a copy is already there);
   * when none does, the staged and stored files go. `references` is read once this content's earlier
   * settles have finished, so a removal and a new upload of the same bytes cannot undo each other.
   */
  settle(sha256: string, references: () => number, staged: ReadonlyMap<BlobVariant, string>): Promise<void> {
    const previous = this.settling.get(sha256) ?? Promise.resolve();
    const next = previous.then(() => this.settleNow(sha256, references(), staged));
    this.settling.set(sha256, next);
    const forget = () => {
      if (this.settling.get(sha256) === next) this.settling.delete(sha256);
    };
    next.then(forget, forget);
    return next;
  }

  private async settleNow(sha256: string, references: number, staged: ReadonlyMap<BlobVariant, string>) {
    if (references === 0) {
      for (const path of staged.values()) await rm(path, { force: true });
      for (const variant of VARIANTS) await rm(this.path(sha256, variant), { force: true });
      return;
    }
    await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
    for (const [variant, path] of staged) {
      const target = this.path(sha256, variant);
      if (await exists(target)) await rm(path, { force: true });
      else await rename(path, target);
    }
  }

  /** Removes a temporary file (an upload refused or abandoned). */
  discard(path: string): Promise<void> {
    return rm(path, { force: true });
  }

  /**
   * Start-up, before anything uploads: finishes the moves of committed records, and removes the
   * temporaries and stored files no record refers to. Answers what it did.
   */
  recover(references: (sha256: string) => number): { moved: number; removed: number } {
    let moved = 0;
    let removed = 0;
    for (const name of readdirSync(this.tmp)) {
      const path = join(this.tmp, name);
      const staged = STAGED.exec(name);
      if (staged !== null && references(staged[1]!) > 0) {
        const target = this.path(staged[1]!, staged[2] as BlobVariant);
        if (!existsSync(target)) {
          mkdirSync(join(this.root, staged[1]!.slice(0, 2)), { recursive: true });
          renameSync(path, target);
          moved++;
          continue;
        }
      }
      rmSync(path, { force: true, recursive: true });
      removed++;
    }
    for (const dir of readdirSync(this.root)) {
      if (dir === 'tmp' || !/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of readdirSync(join(this.root, dir))) {
        const stored = STORED.exec(name);
        if (stored !== null && references(stored[1]!) > 0) continue;
        rmSync(join(this.root, dir, name), { force: true, recursive: true });
        removed++;
      }
    }
    return { moved, removed };
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
