import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod';

/** Every job payload names its tenant; the runner scopes the EntityManager to it. */
export const tenantPayload = z.object({ tenantId: z.string().min(1) });

export interface JobContext {
  tenantId: string;
  em: EntityManager;
  jobId: string;
  attempt: number;
}

export interface JobSchedule {
  /** Repeat every N milliseconds… */
  everyMs?: number;
  /** …or on a cron pattern (server time zone UTC). */
  cron?: string;
}

export interface JobDefinition<P extends z.ZodObject<{ tenantId: z.ZodString }> = z.ZodObject<{ tenantId: z.ZodString }>> {
  /** `<owner>.<name>`, e.g. `core.session-cleanup` or `feedback.sla-check`. */
  name: string;
  payload: P;
  /**
   * Delivery is at least once: handlers must be idempotent, and must re-check anything that can
   * change between enqueue and run (consent, enablement) when they run.
   */
  handle(payload: z.infer<P>, ctx: JobContext): Promise<unknown>;
  /** Scheduled jobs run once per tenant (for which their owner is enabled) at each tick. */
  schedule?: JobSchedule;
  /**
   * 'tenant' (default): the payload names one tenant. 'installation': core housekeeping that runs
   * once per tick for the whole installation with tenantId '-' and an unscoped EntityManager.
   * Plugins' jobs are always per tenant, so they can be skipped where the plugin is disabled.
   */
  scope?: 'tenant' | 'installation';
  attempts?: number;
  /** First retry delay; doubles at each attempt. */
  backoffMs?: number;
}

export function defineJob<P extends z.ZodObject<{ tenantId: z.ZodString }>>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}

export function jobOwner(name: string): string {
  const dot = name.indexOf('.');
  if (dot <= 0) throw new Error(`job name "${name}" must be "<owner>.<name>"`);
  return name.slice(0, dot);
}
