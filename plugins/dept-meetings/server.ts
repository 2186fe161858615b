import { z } from 'zod';
import { defineJob } from '@/server/jobs/define';
import type { PluginServer } from '@/server/plugins/contract';
import { actorFor } from './actor';
import { meetingBriefs, objectionLibrary } from './capabilities';
import { entities } from './entities';
import { customerHooks, privacyHooks } from './hooks';
import { migrations } from './migrations';
import { meetingsRouter } from './router';
import { seedDemo } from './seed';
import { createFollowUps, FOLLOW_UP_JOB } from './service';

/** When a meeting is closed: one follow-up task per attendee (idempotent per attendee). */
export const followUpJob = defineJob({
  name: FOLLOW_UP_JOB,
  payload: z.object({ tenantId: z.string(), meetingId: z.string().max(36) }),
  async handle(payload, { em, tenantId }) {
    return createFollowUps(await actorFor(em, tenantId, null), payload.meetingId);
  },
});

export const server: PluginServer = {
  entities,
  migrations,
  router: meetingsRouter,
  jobs: [followUpJob],
  customers: customerHooks,
  privacy: privacyHooks,
  provides: { 'meetings.briefs': meetingBriefs, 'objections.library': objectionLibrary },
  seedDemo,
};
