/** Structured logging: one pino root, a child logger per module, secrets redacted. */
import { type Logger, pino } from 'pino';

const redact = {
  paths: [
    'token',
    'i',
    'password',
    'passwordHash',
    '*.token',
    '*.i',
    '*.password',
    'secret',
    '*.secret',
    'req.headers.authorization',
    'headers.authorization',
  ],
  censor: '[redacted]',
};

const envLevel = process.env.FLOCK_LOG_LEVEL;
/** The level before the config is read; an invalid FLOCK_LOG_LEVEL is left for the config check to report. */
const initialLevel =
  envLevel !== undefined && envLevel in pino.levels.values ? envLevel : envLevel === 'silent' ? 'silent' : 'info';
const root: Logger = pino({ level: initialLevel, redact, base: { pid: process.pid } });
const modules: Logger[] = [];

/** Sets the level of the root and of every module logger (modules create theirs at import, before config is read). */
export function setLogLevel(level: string): void {
  root.level = level;
  for (const child of modules) child.level = level;
}

/** A logger for one module, e.g. `logger('gateway')`, `logger('actors.note')`. */
export function logger(module: string): Logger {
  const child = root.child({ module });
  modules.push(child);
  return child;
}

export type { Logger };
