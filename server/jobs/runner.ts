import { forkEm } from '@/server/db/orm';
import { log } from '@/server/log';
import { enabledTenantsFor, isPluginEnabled } from '@/server/plugins/enablement';
import { type JobDefinition, jobOwner } from './define';

/** Marks a payload as a schedule tick to fan out to every tenant, not a job for one tenant. */
export const ALL_TENANTS = '*';
/** The tenant id installation-wide jobs run with. */
export const INSTALLATION = '-';

export type JobOutcome =
  | { status: 'done'; result: unknown }
  | { status: 'skipped'; reason: 'plugin-disabled' }
  | { status: 'fanned-out'; tenants: string[] };

/** Thrown for a payload that can never succeed: drivers fail it without retrying. */
export class InvalidJobPayload extends Error {}

/**
 * Runs one job the same way under every driver: validate the payload, skip when the owning plugin
 * is disabled for the tenant *now* (not when it was queued), then call the handler with an
 * EntityManager scoped to the tenant.
 */
export async function runJob(
  def: JobDefinition,
  rawPayload: unknown,
  meta: { jobId: string; attempt: number },
  fanOut: (def: JobDefinition, tenantId: string) => Promise<void>,
): Promise<JobOutcome> {
  const owner = jobOwner(def.name);
  const tenantId = (rawPayload as { tenantId?: unknown } | null)?.tenantId;
  if (def.scope === 'installation') {
    if (owner !== 'core') throw new InvalidJobPayload(`only core jobs may run installation-wide (${def.name})`);
    const em = await forkEm();
    const result = await def.handle({ tenantId: INSTALLATION }, { tenantId: INSTALLATION, em, jobId: meta.jobId, attempt: meta.attempt });
    return { status: 'done', result: result ?? null };
  }
  if (tenantId === ALL_TENANTS) {
    const tenants = await enabledTenantsFor(owner);
    for (const t of tenants) await fanOut(def, t);
    return { status: 'fanned-out', tenants };
  }
  const parsed = def.payload.safeParse(rawPayload);
  if (!parsed.success) throw new InvalidJobPayload(`invalid payload for ${def.name}: ${parsed.error.message}`);
  const payload = parsed.data;
  if (owner !== 'core' && !(await isPluginEnabled(payload.tenantId, owner))) {
    log.info('job skipped: plugin disabled for tenant', { job: def.name, jobId: meta.jobId, tenantId: payload.tenantId, plugin: owner });
    return { status: 'skipped', reason: 'plugin-disabled' };
  }
  const em = await forkEm(payload.tenantId);
  const result = await def.handle(payload, { tenantId: payload.tenantId, em, jobId: meta.jobId, attempt: meta.attempt });
  return { status: 'done', result: result ?? null };
}

/**
 * The id of one tenant's job in a fan-out: deterministic (a redelivered tick does not run a tenant
 * twice) and free of ':' — BullMQ refuses custom ids with ':', and scheduler ticks have them.
 */
export function fanOutJobId(def: JobDefinition, tenantId: string, tickId: string): string {
  return `${def.name}~${tenantId}~${tickId}`.replace(/:/g, '_');
}

export function queueNameFor(jobName: string): string {
  return `rapport-${jobOwner(jobName)}`;
}
