/** Assertions shared by the behaviour suites. */
import type { Test } from 'tap';
import type { ApiResponse } from './server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every Misskey error: the status, a JSON body `{error:{message, code, id, kind}}`, and the code/id asked for. */
export function isApiError(t: Test, res: ApiResponse, status: number, code: string, id?: string): void {
  t.equal(res.status, status, `status ${status} (${code})`);
  t.match(res.headers.get('content-type') ?? '', /^application\/json/, 'error body is JSON');
  const error = res.body?.error;
  t.ok(error !== null && typeof error === 'object', `body has an error object: ${res.text.slice(0, 300)}`);
  if (error === null || typeof error !== 'object') return;
  t.type(error.message, 'string', 'error.message is a string');
  t.equal(error.code, code, 'error.code');
  t.match(error.id, UUID, 'error.id is a uuid');
  if (id !== undefined) t.equal(error.id, id, 'error.id');
  t.ok(
    ['client', 'server', 'permission'].includes(error.kind),
    `error.kind is client|server|permission, got ${error.kind}`,
  );
}

/** A 2xx answer; shows the body when it is not. */
export function isOk(t: Test, res: ApiResponse, status = 200, what = 'request'): void {
  t.equal(
    res.status,
    status,
    `${what} answers ${status}` + (res.status === status ? '' : `: ${res.text.slice(0, 300)}`),
  );
}

/** Ids of a note list (or [] when the body is not an array). */
export function ids(list: unknown): string[] {
  return Array.isArray(list) ? list.map((n: { id: string }) => n.id) : [];
}

/** Polls `check` every `intervalMs` until it holds or `timeoutMs` passes; answers whether it held. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return check();
}

/** Passes when `check` comes to hold within `timeoutMs`; fails naming `what` otherwise. */
export async function eventually(
  t: Test,
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  if (await until(check, timeoutMs)) t.pass(what);
  else t.fail(`${what}: not within ${timeoutMs} ms`);
}
