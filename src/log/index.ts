/** Structured logging: one pino root, a child logger per module, secrets redacted. */
import { pino, type Logger } from 'pino';

const redact = {
  paths: ['token', 'i', 'password', 'passwordHash', '*.token', '*.i', '*.password', 'req.headers.authorization', 'headers.authorization'],
  censor: '[redacted]',
};

let root: Logger = pino({ level: process.env.FLOCK_LOG_LEVEL ?? 'info', redact, base: { pid: process.pid } });

/** Sets the level of every module logger created afterwards (and the root). */
export function setLogLevel(level: string): void {
  root = pino({ level, redact, base: { pid: process.pid } });
}

/** A logger for one module, e.g. `logger('gateway')`, `logger('actors.note')`. */
export function logger(module: string): Logger {
  return root.child({ module });
}

export type { Logger };
