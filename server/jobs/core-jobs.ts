import { SignInAttemptSchema, UserSessionSchema } from '@/server/db/entities';
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

export const coreJobs: JobDefinition[] = [sessionCleanup];
