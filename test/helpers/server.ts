/**
 * Starts the real server (`node dist/src/main.js`) as a child process on 127.0.0.1 with a free port and a
 * fresh data directory, and talks to it over real sockets. Every child is killed and every data directory
 * this module created is removed when the test file's root test ends (or, failing that, when the process exits).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/** The project root (this file runs from dist/test/helpers/). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The compiled server entry. */
export const mainJs = join(projectRoot, 'dist', 'src', 'main.js');

/** How long a server may take to report readiness. */
const READY_TIMEOUT_MS = 60_000;
/** How long a SIGTERM'd server may take to exit before it is SIGKILLed. */
const STOP_TIMEOUT_MS = 15_000;
/** How much of a child's output is kept for diagnostics. */
const LOG_KEEP = 64 * 1024;

export interface StartOptions {
  /** Data directory to use (default: a fresh temporary one, removed at teardown). */
  dataDir?: string;
  /** Extra FLOCK_* (or other) environment variables; they win over the test defaults. */
  env?: Record<string, string>;
}

export interface Server {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  dataDir: string;
  /** The child's process id. */
  pid: number;
  /** SIGTERM, then wait for exit (SIGKILL after 15 s); resolves with the exit code (null when killed). */
  stop(): Promise<number | null>;
  /** SIGKILL, then wait for exit. */
  kill(): Promise<void>;
  /** The last 64 KiB of the child's stdout and stderr. */
  logs(): string;
  /** Waits (up to `timeoutMs`) for a line matching `pattern` in the output, which may trail the IPC ready message; resolves with it or null. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string | null>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const live = new Set<ChildProcess>();
const createdDirs = new Set<string>();
let teardownRegistered = false;

function registerTeardown(): void {
  if (teardownRegistered) return;
  teardownRegistered = true;
  t.teardown(async () => {
    await Promise.all([...live].map((child) => killAndWait(child, 'SIGKILL')));
    for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
    createdDirs.clear();
  });
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
    for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** A fresh temporary directory removed at teardown (no dots in its name). */
export function tempDir(prefix = 'flock-test-'): string {
  registerTeardown();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  createdDirs.add(dir);
  return dir;
}

/** The environment for a server child: ours without FLOCK_* or NODE_OPTIONS (tap's loaders), plus the test defaults and `extra`. */
export function serverEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('FLOCK_') && k !== 'NODE_OPTIONS') env[k] = v;
  return {
    ...env,
    FLOCK_HOST: '127.0.0.1',
    FLOCK_PORT: '0',
    FLOCK_DATA_DIR: dataDir,
    FLOCK_LOG_LEVEL: 'warn',
    FLOCK_RATE_LIMITS: 'off',
    // new password hashes at a test cost (2^12): the suite signs up hundreds of accounts
    FLOCK_PASSWORD_HASH_COST: '12',
    ...extra,
  };
}

function exited(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
}

async function killAndWait(child: ChildProcess, signal: NodeJS.Signals, timeoutMs = STOP_TIMEOUT_MS): Promise<Exit> {
  const done = exited(child);
  if (child.exitCode !== null || child.signalCode !== null) return done;
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((res) => {
    timer = setTimeout(() => res('timeout'), timeoutMs);
  });
  const first = await Promise.race([done, timeout]);
  clearTimeout(timer);
  if (first !== 'timeout') return first;
  child.kill('SIGKILL');
  return done;
}

/** Forks the server with `env`; output is collected into a bounded buffer. */
function spawnServer(env: NodeJS.ProcessEnv): { child: ChildProcess; logs: () => string } {
  registerTeardown();
  const child = fork(mainJs, [], { cwd: projectRoot, env, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let buffer = '';
  const collect = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    if (buffer.length > LOG_KEEP) buffer = buffer.slice(-LOG_KEEP);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return { child, logs: () => buffer };
}

/** Starts a server and resolves once it reports `{ready, port}` over IPC. */
export async function startServer(opts: StartOptions = {}): Promise<Server> {
  const dataDir = opts.dataDir ?? tempDir();
  const { child, logs } = spawnServer(serverEnv(dataDir, opts.env));
  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(
        new Error(
          `Expected the server to be ready within ${READY_TIMEOUT_MS} ms, got no ready message; output:\n${logs()}`,
        ),
      );
    }, READY_TIMEOUT_MS);
    child.on('message', (m: unknown) => {
      const msg = m as { ready?: boolean; port?: number } | null;
      if (msg?.ready === true && typeof msg.port === 'number') {
        clearTimeout(timer);
        res(msg.port);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      rej(new Error(`Expected the server to start, got exit code ${code} signal ${signal}; output:\n${logs()}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    pid: child.pid!,
    async stop() {
      return (await killAndWait(child, 'SIGTERM')).code;
    },
    async kill() {
      await killAndWait(child, 'SIGKILL');
    },
    logs,
    async waitForLine(pattern, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = logs()
          .split('\n')
          .find((l) => pattern.test(l));
        if (line !== undefined) return line;
        if (Date.now() >= deadline) return null;
        await sleep(20);
      }
    },
  };
}

/** Runs the server expecting it to exit by itself (bad config); SIGKILLs it after `timeoutMs`. */
export async function runUntilExit(
  env: Record<string, string>,
  timeoutMs = 15_000,
): Promise<Exit & { output: string; ready: boolean }> {
  const dataDir = env.FLOCK_DATA_DIR ?? tempDir();
  const { child, logs } = spawnServer(serverEnv(dataDir, env));
  let ready = false;
  child.on('message', (m: unknown) => {
    if ((m as { ready?: boolean } | null)?.ready === true) ready = true;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exit = await exited(child);
  clearTimeout(timer);
  // Let the pipes drain so the output is complete.
  await new Promise((res) => setImmediate(res));
  return { ...exit, output: logs(), ready };
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or null when the body is empty or not JSON. */
  body: any;
  /** The raw body text. */
  text: string;
}

/** How long one HTTP call may take. */
const REQUEST_TIMEOUT_MS = 15_000;

/** Any HTTP request to the server; the body is parsed when it is JSON. */
export async function http(url: string, path: string, init: RequestInit = {}): Promise<ApiResponse> {
  const res = await fetch(url + path, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...init });
  const text = await res.text();
  let body: unknown = null;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** POST /api/<endpoint> with a JSON body; the token goes in the body as `i`, as misskey-js sends it. */
export function api(
  url: string,
  endpoint: string,
  body: Record<string, unknown> = {},
  token?: string,
): Promise<ApiResponse> {
  const payload = token === undefined ? body : { ...body, i: token };
  return http(url, '/api/' + endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

/** Like `api` but expects a 2xx answer and returns the body; throws with the status and body otherwise. */
export async function call(
  url: string,
  endpoint: string,
  body: Record<string, unknown> = {},
  token?: string,
): Promise<any> {
  const res = await api(url, endpoint, body, token);
  if (res.status < 200 || res.status > 299)
    throw new Error(`Expected ${endpoint} to succeed, got ${res.status} ${res.text}`);
  return res.body;
}

export interface Account {
  id: string;
  token: string;
  username: string;
  password: string;
}

/** Signs a user up through /api/signup; returns the new id and native token. */
export async function signup(
  url: string,
  username: string,
  password = 'correct horse battery staple',
): Promise<Account> {
  const res = await api(url, 'signup', { username, password });
  if (res.status !== 200 || typeof res.body?.token !== 'string')
    throw new Error(`Expected signup of ${username} to succeed, got ${res.status} ${res.text}`);
  return { id: res.body.id as string, token: res.body.token as string, username, password };
}

/** Posts a note and returns the created note. */
export async function post(url: string, token: string, params: Record<string, unknown> | string): Promise<any> {
  const body = typeof params === 'string' ? { text: params } : params;
  return (await call(url, 'notes/create', body, token)).createdNote;
}

export const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));
