import { errors } from '@/server/errors';
import { getQueue } from '@/server/jobs/queue';
import { recordAudit } from './audit';
import { auditMeta, type TenantContext } from './context-types';

/**
 * The admin Jobs page. Counts are for the whole installation (queues are shared); failed jobs are
 * shown only when they belong to the admin's tenant, so no tenant sees another's payloads.
 */
export async function jobsOverview(ctx: TenantContext) {
  const queue = getQueue();
  const [counts, failed] = await Promise.all([queue.counts(), queue.failed(200)]);
  return {
    driver: queue.kind,
    counts,
    failed: failed.filter((f) => f.tenantId === ctx.tenant.id).slice(0, 50),
  };
}

export async function retryJob(ctx: TenantContext, queueName: string, jobId: string) {
  const queue = getQueue();
  const failed = await queue.failed(500);
  const job = failed.find((f) => f.queue === queueName && f.id === jobId && f.tenantId === ctx.tenant.id);
  if (!job) throw errors.notFound('job');
  const ok = await queue.retry(queueName, jobId);
  if (!ok) throw errors.notFound('job');
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'job.retried', entity: 'Job', entityId: `${queueName}/${jobId}`, changes: { name: job.name } });
}
