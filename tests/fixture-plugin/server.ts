import { z } from 'zod';
import { onEvent } from '@/server/events/bus';
import { defineJob } from '@/server/jobs/define';
import type { PluginServer } from '@/server/plugins/contract';
import { can, pluginProcedure, router } from '@/server/trpc/init';
import { FixtureJobRunSchema, FixtureNoteSchema } from './entities';
import { FIXTURE_ID } from './manifest';
import { migrations } from './migrations';
import { listNotes } from './service';

const procedure = pluginProcedure(FIXTURE_ID);

const notesRouter = router({
  list: procedure.use(can(`${FIXTURE_ID}.read`)).query(({ ctx }) => listNotes(ctx.em)),
  create: procedure
    .use(can(`${FIXTURE_ID}.write`))
    .input(z.object({ title: z.string().trim().min(1).max(200), body: z.string().trim().max(5000), subjectId: z.string().max(36).optional() }))
    .mutation(async ({ ctx, input }) => {
      const note = ctx.em.create(FixtureNoteSchema, { title: input.title, body: input.body, subjectId: input.subjectId ?? null, authorId: ctx.session.user.id });
      await ctx.em.flush();
      ctx.afterCommit.enqueue(`${FIXTURE_ID}.stamp`, { tenantId: ctx.tenant.id, label: `note:${note.id}` });
      return { id: note.id };
    }),
});

/** Records that it ran; the unique job id makes a redelivered job a no-op. */
export const stampJob = defineJob({
  name: `${FIXTURE_ID}.stamp`,
  payload: z.object({ tenantId: z.string(), label: z.string().max(100) }),
  async handle(payload, { em, jobId }) {
    if (await em.findOne(FixtureJobRunSchema, { jobId })) return { duplicate: true };
    em.create(FixtureJobRunSchema, { jobId, label: payload.label, at: new Date() });
    await em.flush();
    return { duplicate: false };
  },
});

/** Fails its first `failTimes` attempts: proves retries with back-off. */
export const flakyJob = defineJob({
  name: `${FIXTURE_ID}.flaky`,
  payload: z.object({ tenantId: z.string(), failTimes: z.number().int().min(0).max(10) }),
  attempts: 4,
  backoffMs: 200,
  async handle(payload, { em, jobId, attempt }) {
    if (attempt <= payload.failTimes) throw new Error(`planned failure ${attempt}/${payload.failTimes}`);
    em.create(FixtureJobRunSchema, { jobId, label: `flaky:succeeded-at-${attempt}`, at: new Date() });
    await em.flush();
    return { attempt };
  },
});

/** A scheduled job: proves schedules fan out only to tenants where the plugin is enabled. */
export const heartbeatJob = defineJob({
  name: `${FIXTURE_ID}.heartbeat`,
  payload: z.object({ tenantId: z.string() }),
  schedule: { cron: '0 * * * *' },
  async handle(_payload, { em, jobId }) {
    if (await em.findOne(FixtureJobRunSchema, { jobId })) return;
    em.create(FixtureJobRunSchema, { jobId, label: 'heartbeat', at: new Date() });
    await em.flush();
  },
});

export const server: PluginServer = {
  entities: [FixtureNoteSchema, FixtureJobRunSchema],
  migrations,
  router: notesRouter,
  jobs: [stampJob, flakyJob, heartbeatJob],
  events: [
    onEvent('membership.created', 'welcome-note', async (payload, { em }) => {
      em.create(FixtureNoteSchema, { title: 'Welcome', body: `New member ${payload.userId}`, subjectId: null, authorId: payload.actorUserId ?? payload.userId });
      await em.flush();
    }),
  ],
  customers: {
    async timeline(customer, { em }, page) {
      if (customer.kind !== 'person') return [];
      const notes = await em.find(
        FixtureNoteSchema,
        { subjectId: customer.id, ...(page.before ? { createdAt: { $lt: page.before } } : {}) },
        { orderBy: { createdAt: 'desc' }, limit: page.limit },
      );
      return notes.map((n) => ({ at: n.createdAt, typeKey: 'timelineType', title: n.title, summary: n.body || null, href: `/m/${FIXTURE_ID}` }));
    },
    async merge(kind, fromId, intoId, { em }): Promise<Record<string, number>> {
      if (kind !== 'person') return {};
      return { fixture_notes_note: await em.nativeUpdate(FixtureNoteSchema, { subjectId: fromId }, { subjectId: intoId }) };
    },
  },
  privacy: {
    async exportPersonalData(subjectId, { em }) {
      const notes = await em.find(FixtureNoteSchema, { subjectId });
      return { fixture_notes_note: notes.map((n) => ({ id: n.id, title: n.title, body: n.body, createdAt: n.createdAt.toISOString() })) };
    },
    async erasePersonalData(subjectId, { em }) {
      const n = await em.nativeUpdate(FixtureNoteSchema, { subjectId }, { body: '[erased]', subjectId: null });
      return { fixture_notes_note: n };
    },
  },
};
