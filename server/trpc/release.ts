import { EventBus } from '@/server/events/bus';
import { enqueue } from '@/server/jobs/queue';
import { errorFields, log } from '@/server/log';
import { isPluginEnabled } from '@/server/plugins/enablement';
import { eventSubscribers } from '@/server/plugins/host';
import type { AfterCommit } from './after-commit';

// Built on first use: plugins import server/events/bus while the registry loads, so creating it at
// import time breaks whenever bus.ts is the first module loaded (an import cycle).
let bus: EventBus | undefined;

export function eventBus(): EventBus {
  bus ??= new EventBus(eventSubscribers, (tenantId, owner) => (owner === 'core' ? Promise.resolve(true) : isPluginEnabled(tenantId, owner)));
  return bus;
}

/** Sends a committed request's jobs to the queue and its events to subscribers. Never throws. */
export async function releaseAfterCommit(afterCommit: AfterCommit): Promise<void> {
  const { events, jobs } = afterCommit.take();
  for (const job of jobs) {
    try {
      await enqueue(job.name, job.payload, job.opts);
    } catch (err) {
      log.error('enqueue after commit failed', { job: job.name, tenantId: job.payload.tenantId, ...errorFields(err) });
    }
  }
  if (events.length) await eventBus().dispatch(events);
}
