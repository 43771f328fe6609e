/** The size of the inbox's verifying and the outbox's signing thread pools. */
import { availableParallelism } from 'node:os';

/** Threads a crypto pool starts with by default: one per core, and no more than this (each costs memory idle). */
const DEFAULT_MAX = 8;

/** How many threads to sign or verify on: the configured count, or 0 for one per core (at most 8). */
export const cryptoThreads = (configured: number): number =>
  configured > 0 ? configured : Math.min(DEFAULT_MAX, availableParallelism());
