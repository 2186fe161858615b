import { z } from 'zod';
import { RetentionRunSchema, TenantSchema } from '@/server/db/entities';
import { defineJob, tenantPayload } from '@/server/jobs/define';
import { expireConsents } from './consent-expiry';
import { deliverOutboundMessage, SEND_MESSAGE_JOB } from './outbound';
import { snapshotRegister } from './register';
import { RETENTION_JOB, runRetention } from './retention';

/**
 * Compliance jobs (appended to core's job list). Schedules are UTC cron: the daily ones run in
 * the small hours of China Standard Time (UTC+8).
 */

/** The reference send job: consent is decided when the message is sent (see can-contact.ts). */
export const sendMessageJob = defineJob({
  name: SEND_MESSAGE_JOB,
  payload: z.object({ tenantId: z.string().min(1), messageId: z.string().min(1).max(64) }),
  attempts: 5,
  backoffMs: 2000,
  handle: ({ tenantId, messageId }, { em }) => deliverOutboundMessage(em, tenantId, messageId),
});

/** Daily: grants past their expiry date get an `expire` event (idempotent). 00:07 CST. */
export const consentExpiryJob = defineJob({
  name: 'core.consent-expiry',
  payload: tenantPayload,
  schedule: { cron: '7 16 * * *' },
  handle: ({ tenantId }, { em }) => expireConsents(em, tenantId),
});

/** Daily retention (02:37 CST), or a manual run / preview queued from the console (`runId`). */
export const retentionJob = defineJob({
  name: RETENTION_JOB,
  payload: z.object({ tenantId: z.string().min(1), runId: z.string().min(1).max(64).optional() }),
  schedule: { cron: '37 18 * * *' },
  attempts: 2,
  backoffMs: 60_000,
  async handle({ tenantId, runId }, { em }) {
    const tenant = await em.findOne(TenantSchema, { id: tenantId });
    const run = runId ? await em.findOne(RetentionRunSchema, { id: runId }) : null;
    const result = await runRetention(em, tenantId, {
      dryRun: run?.dryRun ?? false,
      trigger: run ? 'manual' : 'schedule',
      requestedBy: run?.requestedBy ?? null,
      runId,
      timeZone: tenant?.settings.timezone,
    });
    return { runId: result.id, status: result.status };
  },
});

/** Daily register snapshot, only when the register changed (03:47 CST). */
export const registerSnapshotJob = defineJob({
  name: 'core.register-snapshot',
  payload: tenantPayload,
  schedule: { cron: '47 19 * * *' },
  handle: ({ tenantId }, { em }) => snapshotRegister(em, { reason: 'scheduled', userId: null, tenantId }),
});

export const complianceJobs = [sendMessageJob, consentExpiryJob, retentionJob, registerSnapshotJob];
