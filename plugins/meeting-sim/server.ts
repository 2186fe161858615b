import { z } from 'zod';
import { defineJob } from '@/server/jobs/define';
import type { PluginServer } from '@/server/plugins/contract';
import { can, pluginProcedure, router } from '@/server/trpc/init';
import { entities } from './entities';
import { P, PLUGIN_ID, settingsSchema } from './manifest';
import { migrations } from './migrations';
import { addCoachingNote, assign, coachingNotes, leaderboard, listAssignments, listCohorts, phraseRules, progress, savePhraseRules, saveCohort, trainees } from './services/trainer';
import { acknowledge, answerRun, listRuns, overrideScore, runDebrief, runPlay, startRun } from './services/runs';
import { advanceSession, answerSession, closeSession, createSession, joinSession, mySessions, presenterView, scoreAnswer, sessionForTrainee } from './services/live';
import { erasePersonaData, eraseTraineeData, exportPersonaData, exportTraineeData, purgeOldRecordings } from './services/privacy';
import {
  archive,
  buildFromMeeting,
  ensureLibrary,
  exportScenario,
  importScenario,
  listScenarios,
  meetingsToRehearse,
  objectionLibrary,
  publish,
  rehearseMeeting,
  saveDraft,
  scenarioDetail,
} from './services/scenarios';
import { seedDemoData } from './services/seed';
import { isTrainer, simSettings, type Ctx } from './services/shared';

const base = pluginProcedure(PLUGIN_ID);
const play = base.use(can(P.play));
const train = base.use(can(P.train));
const coach = base.use(can(P.coach));
const privacy = base.use(can(P.privacy));

const id = z.string().trim().min(1).max(36);
const answerInput = z.union([z.object({ runId: id, optionId: z.string().trim().min(1).max(40) }), z.object({ runId: id, freeText: z.string().trim().min(1).max(2000) })]);

/* The tRPC context of a plugin procedure is a tenant context (session, tenant, membership present). */
const c = (ctx: unknown) => ctx as Ctx;

const scenariosRouter = router({
  list: play.input(z.object({ includeUnpublished: z.boolean().optional() }).optional()).query(({ ctx, input }) => listScenarios(c(ctx), { includeUnpublished: Boolean(input?.includeUnpublished) && isTrainer(c(ctx)) })),
  get: train.input(z.object({ id })).query(({ ctx, input }) => scenarioDetail(c(ctx), input.id)),
  save: train.input(z.object({ id: id.nullable(), content: z.unknown() })).mutation(({ ctx, input }) => saveDraft(c(ctx), input.id, input.content)),
  publish: train.input(z.object({ id })).mutation(({ ctx, input }) => publish(c(ctx), input.id)),
  archive: train.input(z.object({ id })).mutation(({ ctx, input }) => archive(c(ctx), input.id)),
  import: train.input(z.object({ json: z.string().min(2).max(500_000) })).mutation(({ ctx, input }) => importScenario(c(ctx), input.json)),
  export: train.input(z.object({ id, version: z.number().int().min(1).optional() })).query(({ ctx, input }) => exportScenario(c(ctx), input.id, input.version)),
  meetings: play.query(({ ctx }) => meetingsToRehearse(c(ctx))),
  rehearse: play.input(z.object({ meetingId: id })).mutation(async ({ ctx, input }) => {
    const { scenarioId } = await rehearseMeeting(c(ctx), input.meetingId);
    return startRun(c(ctx), { scenarioId });
  }),
  buildFromMeeting: train.input(z.object({ meetingId: id })).mutation(({ ctx, input }) => buildFromMeeting(c(ctx), input.meetingId)),
  objections: train.input(z.object({ search: z.string().trim().max(100).nullish() }).optional()).query(({ ctx, input }) => objectionLibrary(c(ctx), { search: input?.search ?? null })),
});

const runsRouter = router({
  start: play.input(z.object({ scenarioId: id, assignmentId: id.nullish() })).mutation(({ ctx, input }) => startRun(c(ctx), input)),
  get: play.input(z.object({ id })).query(({ ctx, input }) => runPlay(c(ctx), input.id)),
  answer: play.input(answerInput).mutation(({ ctx, input }) => answerRun(c(ctx), input.runId, 'optionId' in input ? { optionId: input.optionId } : { freeText: input.freeText })),
  debrief: play.input(z.object({ id })).query(({ ctx, input }) => runDebrief(c(ctx), input.id)),
  acknowledge: play.input(z.object({ id, comment: z.string().trim().max(2000) })).mutation(({ ctx, input }) => acknowledge(c(ctx), input.id, input.comment)),
  override: train
    .input(z.object({ id, criterionId: z.string().trim().min(1).max(40), score: z.number().int().min(0).max(100), comment: z.string().trim().min(1).max(2000) }))
    .mutation(({ ctx, input }) => overrideScore(c(ctx), input.id, input)),
  list: play.input(z.object({ userId: id.nullish() }).optional()).query(({ ctx, input }) => listRuns(c(ctx), input?.userId ?? null)),
});

const trainingRouter = router({
  trainees: train.query(({ ctx }) => trainees(c(ctx))),
  cohorts: coach.query(({ ctx }) => listCohorts(c(ctx))),
  saveCohort: train.input(z.object({ id: id.nullish(), name: z.string().trim().min(1).max(120), memberIds: z.array(id).max(500) })).mutation(({ ctx, input }) => saveCohort(c(ctx), input)),
  assign: train
    .input(z.object({ scenarioId: id, userIds: z.array(id).max(500), cohortId: id.nullish(), dueAt: z.coerce.date().nullish(), note: z.string().trim().max(500).nullish() }))
    .mutation(({ ctx, input }) => assign(c(ctx), input)),
  assignments: play.input(z.object({ scope: z.enum(['mine', 'all']) })).query(({ ctx, input }) => listAssignments(c(ctx), input.scope)),
  progress: play.input(z.object({ userId: id.nullish(), cohortId: id.nullish() }).optional()).query(({ ctx, input }) => progress(c(ctx), input ?? {})),
  leaderboard: play.input(z.object({ cohortId: id.nullish() }).optional()).query(({ ctx, input }) => leaderboard(c(ctx), input?.cohortId ?? null)),
  notes: play.input(z.object({ userId: id })).query(({ ctx, input }) => coachingNotes(c(ctx), input.userId)),
  phraseRules: train.query(({ ctx }) => phraseRules(c(ctx))),
  savePhraseRules: train.input(z.object({ rules: settingsSchema.shape.phraseRules })).mutation(({ ctx, input }) => savePhraseRules(c(ctx), input.rules)),
  addNote: coach.input(z.object({ userId: id, body: z.string().trim().min(1).max(4000), runId: id.nullish() })).mutation(({ ctx, input }) => addCoachingNote(c(ctx), input)),
});

const liveRouter = router({
  create: train.input(z.object({ scenarioId: id })).mutation(({ ctx, input }) => createSession(c(ctx), input.scenarioId)),
  mine: train.query(({ ctx }) => mySessions(c(ctx))),
  presenter: train.input(z.object({ id })).query(({ ctx, input }) => presenterView(c(ctx), input.id)),
  advance: train.input(z.object({ id, optionId: z.string().trim().min(1).max(40) })).mutation(({ ctx, input }) => advanceSession(c(ctx), input.id, input.optionId)),
  score: train.input(z.object({ answerId: id, score: z.number().int().min(0).max(4) })).mutation(({ ctx, input }) => scoreAnswer(c(ctx), input.answerId, input.score)),
  close: train.input(z.object({ id })).mutation(({ ctx, input }) => closeSession(c(ctx), input.id)),
  join: play.input(z.object({ code: z.string().trim().min(4).max(12) })).mutation(({ ctx, input }) => joinSession(c(ctx), input.code)),
  view: play.input(z.object({ id })).query(({ ctx, input }) => sessionForTrainee(c(ctx), input.id)),
  answer: play
    .input(z.object({ id, stepIndex: z.number().int().min(0).max(200), optionId: z.string().trim().max(40).nullish(), freeText: z.string().trim().max(2000).nullish() }))
    .mutation(({ ctx, input }) => answerSession(c(ctx), input.id, input)),
});

const privacyRouter = router({
  exportTrainee: privacy.input(z.object({ userId: id })).query(({ ctx, input }) => exportTraineeData(c(ctx), input.userId)),
  eraseTrainee: privacy.input(z.object({ userId: id, confirm: z.literal(true) })).mutation(({ ctx, input }) => eraseTraineeData(c(ctx), input.userId)),
});

export const meetingSimRouter = router({
  scenarios: scenariosRouter,
  runs: runsRouter,
  training: trainingRouter,
  live: liveRouter,
  privacy: privacyRouter,
});

/** Daily: deletes run recordings older than the tenant's retention setting. */
export const retentionJob = defineJob({
  name: `${PLUGIN_ID}.retention`,
  payload: z.object({ tenantId: z.string() }),
  schedule: { cron: '30 3 * * *' },
  async handle(_payload, { em }) {
    const settings = await simSettings(em);
    return purgeOldRecordings(em, settings.runRetentionDays);
  },
});

export const server: PluginServer = {
  entities,
  migrations,
  router: meetingSimRouter,
  jobs: [retentionJob],
  privacy: {
    exportPersonalData: (subjectId, { em }) => exportPersonaData(em, subjectId),
    erasePersonalData: (subjectId, { em }) => erasePersonaData(em, subjectId),
  },
  async onEnable({ em, userId }) {
    await ensureLibrary(em, userId);
  },
  async seedDemo({ em, users, anchor }) {
    await seedDemoData(em, users, anchor);
  },
};
