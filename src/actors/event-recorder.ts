/**
 * Collects the domain events a command emits (ctx.emit) while its handler runs, so the batch runner
 * can report them only once the command has committed. Per thread; transaction callbacks run one at
 * a time, so one current list is enough.
 */
import type { DomainEvent } from '../domain/index.js';

export class EventRecorder {
  private current: DomainEvent[] | null = null;

  /** Runs `body`, collecting the events it emits into `into`. */
  record<T>(into: DomainEvent[], body: () => T): T {
    this.current = into;
    try {
      return body();
    } finally {
      this.current = null;
    }
  }

  /** Adds an event to the running command's; only writing commands run recorded, so any other has nothing to report. */
  emit(event: DomainEvent): void {
    this.current?.push(event);
  }
}
