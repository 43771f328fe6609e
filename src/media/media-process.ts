/**
 * The parent's side of the media process (media-child.ts): started on first use under `nice -n 10`
 * (every thread it makes, libvips' among them, inherits the priority), restarted on the next job if
 * it dies, and never keeping the parent alive while it has no job.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { logger } from '../log/index.js';
import type { MediaInfo, MediaOutputs } from './images.js';
import type { FileFacts, MediaAnswer, MediaJob } from './media-jobs.js';

const log = logger('media');
const CHILD = fileURLToPath(new URL('./media-child.js', import.meta.url));
/** The media process's niceness: request handling comes first (a nice-0 thread weighs ten times as much), yet a busy server still makes progress on uploads. */
const NICENESS = '10';

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

type JobInput = MediaJob extends infer J ? (J extends MediaJob ? Omit<J, 'id'> : never) : never;

/** nice(1), where the system has it; without it the media process runs at normal priority. */
const NICE = ['/usr/bin/nice', '/bin/nice'].find((path) => existsSync(path)) ?? null;

let child: ChildProcess | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

function failAll(err: Error): void {
  for (const job of pending.values()) job.reject(err);
  pending.clear();
}

function start(): ChildProcess {
  const stdio: ['ignore', 'inherit', 'inherit', 'ipc'] = ['ignore', 'inherit', 'inherit', 'ipc'];
  const started =
    NICE === null
      ? spawn(process.execPath, [CHILD], { stdio })
      : spawn(NICE, ['-n', NICENESS, process.execPath, CHILD], { stdio });
  started.on('message', (answer: MediaAnswer) => {
    const job = pending.get(answer.id);
    if (job === undefined) return;
    pending.delete(answer.id);
    if (answer.error === undefined) job.resolve(answer.value);
    else job.reject(new Error(answer.error));
    if (pending.size === 0) idle(started);
  });
  const stopped = (err: Error) => {
    if (child === started) child = null;
    failAll(err);
  };
  started.on('error', (err) => {
    log.error({ err }, 'the media process failed');
    stopped(err);
  });
  started.on('exit', () => stopped(new Error('the media process stopped')));
  return started;
}

/** No job waiting: the child and its channel no longer hold the parent's event loop open. */
function idle(process: ChildProcess): void {
  process.unref();
  process.channel?.unref();
}

function busy(process: ChildProcess): void {
  process.ref();
  process.channel?.ref();
}

function submit<T>(job: JobInput): Promise<T> {
  child ??= start();
  const running = child;
  return new Promise<T>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    busy(running);
    running.send({ ...job, id } satisfies MediaJob, (err) => {
      if (err === null || !pending.delete(id)) return;
      reject(err);
    });
  });
}

/** An upload's md5 and sha256 and its type told from its bytes. */
export const inspectFile = (path: string, size: number): Promise<FileFacts> => submit({ kind: 'inspect', path, size });

/** The facts of the file at `path` of detected `type`, writing its derived versions for images sharp reads. */
export const analyseMedia = (path: string, type: string, outputs: MediaOutputs): Promise<MediaInfo> =>
  submit({ kind: 'analyse', path, type, outputs });

/** Stops the media process (at shutdown); a later job starts it again. */
export function stopMediaProcess(): void {
  child?.kill();
  child = null;
}
