import { EventBus } from '@/server/events/bus';
import { enqueue } from '@/server/jobs/queue';
import { errorFields, log } from '@/server/log';
import { isPluginEnabled } from '@/server/plugins/enablement';
import { eventSubscribers } from '@/server/plugins/host';
import type { AfterCommit } from './after-commit';

const bus = new EventBus(eventSubscribers, (tenantId, owner) => (owner === 'core' ? Promise.resolve(true) : isPluginEnabled(tenantId, owner)));

export function eventBus(): EventBus {
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
  if (events.length) await bus.dispatch(events);
}
