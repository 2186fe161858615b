import type { PendingEvent } from '@/server/events/bus';
import type { CoreEvents, EventName } from '@/server/events/types';
import type { EnqueueOptions } from '@/server/jobs/driver';

interface PendingJob {
  name: string;
  payload: { tenantId: string } & Record<string, unknown>;
  opts?: EnqueueOptions;
}

/** Collects a request's events and jobs; the transaction middleware releases them after commit. */
export class AfterCommit {
  readonly events: PendingEvent[] = [];
  readonly jobs: PendingJob[] = [];

  emit<E extends EventName>(name: E, payload: CoreEvents[E]): void {
    this.events.push({ name, payload });
  }

  enqueue(name: string, payload: { tenantId: string } & Record<string, unknown>, opts?: EnqueueOptions): void {
    this.jobs.push({ name, payload, opts });
  }

  /** Drops everything (the transaction rolled back). */
  discard(): void {
    this.events.length = 0;
    this.jobs.length = 0;
  }

  take(): { events: PendingEvent[]; jobs: PendingJob[] } {
    const out = { events: [...this.events], jobs: [...this.jobs] };
    this.discard();
    return out;
  }
}
