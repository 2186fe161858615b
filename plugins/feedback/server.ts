import { z } from 'zod';
import { CONTACT_CHANNELS, MembershipSchema, SavedViewSchema, UserSchema } from '@/server/db/entities';
import { onEvent } from '@/server/events/bus';
import { defineJob } from '@/server/jobs/define';
import type { PluginServer } from '@/server/plugins/contract';
import { openPluginLink } from '@/server/plugins/public-links';
import { entityId } from '@/server/services/customers/territory-input';
import { can, pluginProcedure, publicProcedure, router } from '@/server/trpc/init';
import { translatorFor } from '@/server/i18n/catalog';
import { aeHref, closeAdverseEvent, dismissAdverseEvent, escalateAdverseEvents, getAdverseEvent, listAdverseEvents, openAdverseEvent, scanInteraction, updateAdverseEvent } from './ae';
import { npsTrend, reportCsv, satisfactionReport } from './analysis';
import { addAttachment, readAttachment } from './attachments';
import { checkSla, createCase, getCase, listCases, transitionCase } from './cases';
import { seedDemo } from './demo';
import { feedbackEntities } from './entities';
import { FEEDBACK_ID, PERM } from './manifest';
import { migrations } from './migrations';
import { customerHooks, privacy } from './privacy';
import { AE_STATUSES, CASE_CHANNELS, CASE_KINDS, CASE_STATUSES, QUESTION_TYPES, SEVERITIES, SEXES, settingsSchema } from './settings';
import { saveSettings } from './settings-service';
import { notFound, settingsOf } from './common';
import {
  createSurvey,
  distributeSurvey,
  distributionStatus,
  getSurvey,
  listPublishedSurveys,
  listSurveys,
  newSurveyVersion,
  publishSurvey,
  requestSurvey,
  sendReminders,
  submitResponse,
  surveyForDelivery,
  updateSurvey,
} from './surveys';

const procedure = pluginProcedure(FEEDBACK_ID);
const read = procedure.use(can(PERM.read));
const manage = procedure.use(can(PERM.manage));
const aeReport = procedure.use(can(PERM.aeReport));
const surveysManage = procedure.use(can(PERM.surveys));

const idInput = z.object({ id: entityId });
const text = (max: number) => z.string().trim().min(1).max(max);
const localized = (max: number) => z.object({ 'zh-CN': z.string().trim().max(max), en: z.string().trim().max(max) });
const title = z.object({ 'zh-CN': text(200), en: z.string().trim().max(200) });

const caseCreateInput = z.object({
  kind: z.enum(CASE_KINDS),
  channel: z.enum(CASE_CHANNELS),
  customer: z.object({ kind: z.enum(['person', 'institution']), id: entityId }),
  productId: entityId.nullish(),
  severity: z.enum(SEVERITIES),
  text: text(5000),
  interactionId: entityId.nullish(),
  receivedAt: z.coerce.date().nullish(),
});

const questionInput = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,32}$/i),
  type: z.enum(QUESTION_TYPES),
  text: title,
  required: z.boolean(),
  options: z.array(z.object({ id: z.string().regex(/^[a-z0-9_-]{1,32}$/i), text: title })).max(20).optional(),
  scale: z.number().int().min(3).max(10).optional(),
});
const surveyDraftInput = z.object({ title, intro: localized(1000), questions: z.array(questionInput).min(1).max(30), productId: entityId.nullish() });
const answersInput = z.record(z.string().max(32), z.union([z.number(), z.string().max(2000), z.array(z.string().max(32)).max(20), z.null()]));

const casesRouter = router({
  list: read
    .input(z.object({ status: z.enum([...CASE_STATUSES, 'open']).nullish(), kind: z.enum(CASE_KINDS).nullish(), personId: entityId.nullish(), institutionId: entityId.nullish(), mine: z.boolean().optional(), limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => listCases(ctx, input)),
  get: read.input(idInput).query(({ ctx, input }) => getCase(ctx, input.id)),
  create: read.input(caseCreateInput).mutation(({ ctx, input }) => createCase(ctx, input)),
  transition: read
    .input(z.object({ id: entityId, action: z.enum(['assign', 'start', 'resolve', 'close', 'reopen']), ownerId: entityId.nullish(), resolution: z.string().trim().max(5000).nullish() }))
    .mutation(({ ctx, input }) => transitionCase(ctx, input)),
  /** Members a case can be assigned to. */
  assignees: manage.query(async ({ ctx }) => {
    const members = await ctx.em.find(MembershipSchema, { disabledAt: null }, { fields: ['userId', 'roles'] });
    const users = await ctx.em.find(UserSchema, { id: { $in: members.map((m) => m.userId) } }, { fields: ['id', 'name'] });
    return users.map((u) => ({ id: u.id, name: u.name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }),
  attach: read
    .input(z.object({ caseId: entityId, fileName: text(200), mimeType: z.string().max(100), dataBase64: z.string().max(7_000_000) }))
    .mutation(({ ctx, input }) => addAttachment(ctx, input)),
  attachment: read.input(idInput).query(({ ctx, input }) => readAttachment(ctx, input.id)),
});

const aeRouter = router({
  list: read.input(z.object({ status: z.enum(AE_STATUSES).nullish(), limit: z.number().int().min(1).max(500).default(100) })).query(({ ctx, input }) => listAdverseEvents(ctx, input)),
  get: read.input(idInput).query(({ ctx, input }) => getAdverseEvent(ctx, input.id)),
  update: aeReport
    .input(
      z.object({
        id: entityId,
        patientInitials: z.string().trim().max(10).nullish(),
        patientAge: z.number().int().min(0).max(130).nullish(),
        patientSex: z.enum(SEXES).nullish(),
        productId: entityId.nullish(),
        reporterName: z.string().trim().max(100).nullish(),
        description: text(5000).optional(),
        awareAt: z.coerce.date().optional(),
      }),
    )
    .mutation(({ ctx, input }) => updateAdverseEvent(ctx, input)),
  close: aeReport.input(z.object({ id: entityId, safetyRef: z.string().trim().max(100).nullish() })).mutation(({ ctx, input }) => closeAdverseEvent(ctx, input)),
  dismiss: aeReport.input(z.object({ id: entityId, reason: z.string().trim().min(5).max(1000) })).mutation(({ ctx, input }) => dismissAdverseEvent(ctx, input)),
});

const surveysRouter = router({
  list: surveysManage.query(({ ctx }) => listSurveys(ctx)),
  get: surveysManage.input(idInput).query(({ ctx, input }) => getSurvey(ctx, input.id)),
  create: surveysManage.input(surveyDraftInput).mutation(({ ctx, input }) => createSurvey(ctx, input)),
  update: surveysManage.input(surveyDraftInput.extend({ id: entityId })).mutation(({ ctx, input }) => updateSurvey(ctx, input)),
  publish: surveysManage.input(idInput).mutation(({ ctx, input }) => publishSurvey(ctx, input.id)),
  newVersion: surveysManage.input(idInput).mutation(({ ctx, input }) => newSurveyVersion(ctx, input.id)),
  /** The sender's saved views of people: the segments a survey can go to. */
  segments: surveysManage.query(async ({ ctx }) => {
    const views = await ctx.em.find(SavedViewSchema, { userId: ctx.session.user.id, entity: 'person' }, { orderBy: { name: 'asc' } });
    return views.map((v) => ({ id: v.id, name: v.name }));
  }),
  distribute: surveysManage
    .input(z.object({ surveyId: entityId, viewId: entityId, channel: z.enum(CONTACT_CHANNELS) }))
    .mutation(({ ctx, input }) => distributeSurvey(ctx, input)),
  distribution: surveysManage.input(idInput).query(({ ctx, input }) => distributionStatus(ctx, input.id)),
});

const reportInput = z.object({ familyId: entityId.nullish(), from: z.coerce.date().nullish(), to: z.coerce.date().nullish() });

const analysisRouter = router({
  report: read.input(reportInput).query(({ ctx, input }) => satisfactionReport(ctx.em, input, ctx.locale)),
  csv: read.input(reportInput).query(async ({ ctx, input }) => {
    const t = translatorFor(ctx.locale, `plugins.${FEEDBACK_ID}`);
    return { fileName: `satisfaction-${new Date().toISOString().slice(0, 10)}.csv`, content: reportCsv(await satisfactionReport(ctx.em, input, ctx.locale), t) };
  }),
  trend: read.input(z.object({ months: z.number().int().min(2).max(24).default(6) })).query(({ ctx, input }) => npsTrend(ctx.em, input.months)),
});

const tokenInput = z.object({ token: z.string().min(10).max(1000) });

/** Public procedures of the survey page: the signed link is the credential. */
const publicRouter = router({
  survey: publicProcedure.input(tokenInput).query(async ({ input }) => {
    const link = await openPluginLink(FEEDBACK_ID, 'survey', input.token);
    const found = await surveyForDelivery(link.em, link.subject);
    if (!found) throw notFound();
    return found;
  }),
  submit: publicProcedure.input(tokenInput.extend({ answers: answersInput })).mutation(async ({ ctx, input }) => {
    // Inside the mutation's transaction: the link is checked on the request's own connection.
    const link = await openPluginLink(FEEDBACK_ID, 'survey', input.token, ctx.em);
    return submitResponse(link.em, link.subject, input.answers);
  }),
});

const settingsRouter = router({
  get: read.query(({ ctx }) => settingsOf(ctx.em)),
  update: manage.input(settingsSchema).mutation(({ ctx, input }) => saveSettings(ctx, input)),
});

export const feedbackRouter = router({
  cases: casesRouter,
  settings: settingsRouter,
  ae: aeRouter,
  surveys: surveysRouter,
  analysis: analysisRouter,
  public: publicRouter,
});

const tenantOnly = z.object({ tenantId: z.string() });

export const slaJob = defineJob({
  name: `${FEEDBACK_ID}.sla-check`,
  payload: tenantOnly,
  schedule: { cron: '*/15 * * * *' },
  handle: (_payload, { em }) => checkSla(em),
});

export const aeClockJob = defineJob({
  name: `${FEEDBACK_ID}.ae-clock`,
  payload: tenantOnly,
  schedule: { cron: '*/10 * * * *' },
  handle: (_payload, { em }) => escalateAdverseEvents(em),
});

export const reminderJob = defineJob({
  name: `${FEEDBACK_ID}.survey-reminders`,
  payload: tenantOnly,
  schedule: { cron: '0 2 * * *' },
  handle: (payload, { em }) => sendReminders(em, payload.tenantId),
});

export const server: PluginServer = {
  entities: feedbackEntities,
  migrations,
  router: feedbackRouter,
  jobs: [slaJob, aeClockJob, reminderJob],
  events: [
    onEvent('interaction.created', 'adverse-event-scan', async (payload, { em }) => {
      await scanInteraction(em, payload.tenantId, payload.interactionId, payload.actorUserId);
    }),
  ],
  privacy,
  customers: customerHooks,
  provides: {
    'adverse-events.intake': {
      async report(input, ctx) {
        const { ae, created } = await ctx.em.transactional((em) => openAdverseEvent(em, ctx.tenantId, { ...input, actorUserId: ctx.userId }));
        return { caseId: ae.id, href: aeHref(ae.id), created };
      },
    },
    'surveys.requests': {
      listPublished: (ctx) => listPublishedSurveys(ctx.em),
      request: (input, ctx) => ctx.em.transactional((em) => requestSurvey(em, ctx.tenantId, ctx.userId, input)),
    },
  },
  seedDemo,
};
