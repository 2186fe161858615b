import { SignInAttemptSchema, UserSessionSchema } from '@/server/db/entities';
import { log } from '@/server/log';
import { exportRun, importExportHousekeeping, importRun } from '@/server/services/imports/jobs';
import { stampDueReminders } from '@/server/services/work/tasks';
import { complianceJobs } from '@/server/services/compliance/jobs';
import { defineJob, tenantPayload, type JobDefinition } from './define';

const RETAIN_DAYS = 90;

/** Removes ended sessions and old sign-in attempts (the audit log keeps the security record). */
export const sessionCleanup = defineJob({
  name: 'core.session-cleanup',
  payload: tenantPayload,
  scope: 'installation',
  schedule: { cron: '17 3 * * *' },
  async handle(_payload, { em }) {
    const cutoff = new Date(Date.now() - RETAIN_DAYS * 86_400_000);
    const sessions = await em.nativeDelete(UserSessionSchema, { $or: [{ expiresAt: { $lt: cutoff } }, { revokedAt: { $lt: cutoff } }] });
    const attempts = await em.nativeDelete(SignInAttemptSchema, { at: { $lt: cutoff } });
    return { sessions, attempts };
  },
});

/**
 * Task reminders, per company: stamps open tasks whose reminder time has come. "My tasks" and the
 * dashboard show due reminders at the top; the stamp records that the reminder went out, and
 * makes a second run (or a redelivered job) a no-op.
 */
export const taskReminders = defineJob({
  name: 'core.task-reminders',
  payload: tenantPayload,
  schedule: { everyMs: 5 * 60_000 },
  async handle({ tenantId }, { em }) {
    const reminded = await stampDueReminders(em);
    if (reminded) log.info('task reminders sent', { tenantId, reminded });
    return { reminded };
  },
});

export const coreJobs: JobDefinition[] = [sessionCleanup, taskReminders, ...complianceJobs, importRun, exportRun, importExportHousekeeping];
