import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { OutboundMessageSchema, PersonSchema, ProductSchema, SavedViewSchema, UserSchema, type ContactChannel } from '@/server/db/entities';
import { env } from '@/server/env';
import type { Locale } from '@/server/i18n/locales';
import type { SurveyContext } from '@/server/plugins/capabilities';
import { issuePluginLink } from '@/server/plugins/public-links';
import { recordAudit } from '@/server/services/audit';
import { queueOutboundMessage } from '@/server/services/compliance/outbound';
import { filteredCustomerQuery } from '@/server/services/customers/lists';
import type { PeopleFilters } from '@/server/services/customers/list-input';
import type { AfterCommit } from '@/server/trpc/after-commit';
import { auditMeta, fbError, notFound, settingsOf, type FeedbackContext } from './common';
import {
  FeedbackDeliverySchema,
  FeedbackDistributionSchema,
  FeedbackResponseSchema,
  FeedbackSurveySchema,
  type AnswerValue,
  type FeedbackDelivery,
  type FeedbackSurvey,
  type LocalizedString,
  type SurveyQuestion,
} from './entities';
import { FEEDBACK_ID } from './manifest';
import { sentimentScore, tagTopics } from './text';

export const SURVEY_PURPOSE = 'survey';
/** At most this many people per send. */
export const MAX_RECIPIENTS = 2000;

export interface SurveyDraftInput {
  title: LocalizedString;
  intro: LocalizedString;
  questions: SurveyQuestion[];
  productId?: string | null;
}

function surveyView(s: FeedbackSurvey) {
  return { id: s.id, familyId: s.familyId, version: s.version, title: s.title, intro: s.intro, status: s.status, questions: s.questions, productId: s.productId, publishedAt: s.publishedAt, createdAt: s.createdAt, updatedAt: s.updatedAt };
}
export type SurveyView = ReturnType<typeof surveyView>;

/** The score question that drives the analysis: the first NPS question, else the first CSAT one. */
export function scoreQuestion(questions: SurveyQuestion[]): SurveyQuestion | null {
  return questions.find((q) => q.type === 'nps') ?? questions.find((q) => q.type === 'csat') ?? null;
}

function validateQuestions(questions: SurveyQuestion[]) {
  const ids = new Set<string>();
  questions.forEach((q, i) => {
    if (ids.has(q.id)) throw fbError('VALIDATION', 'duplicateQuestion', 'BAD_REQUEST', {}, [`questions.${i}.id`]);
    ids.add(q.id);
    if ((q.type === 'single' || q.type === 'multiple') && (q.options?.length ?? 0) < 2) throw fbError('VALIDATION', 'optionsRequired', 'BAD_REQUEST', {}, [`questions.${i}.options`]);
  });
}

async function assertProduct(em: EntityManager, productId: string | null | undefined) {
  if (productId && !(await em.findOne(ProductSchema, { id: productId }, { fields: ['id'] }))) throw fbError('VALIDATION', 'unknownProduct', 'BAD_REQUEST', {}, ['productId']);
}

export async function listSurveys(ctx: FeedbackContext) {
  const rows = await ctx.em.find(FeedbackSurveySchema, {}, { orderBy: { updatedAt: 'desc' }, limit: 200 });
  const counts = new Map<string, number>();
  if (rows.length) {
    const responses = await ctx.em.find(FeedbackResponseSchema, { surveyId: { $in: rows.map((r) => r.id) } }, { fields: ['surveyId'] });
    for (const r of responses) counts.set(r.surveyId, (counts.get(r.surveyId) ?? 0) + 1);
  }
  return rows.map((r) => ({ ...surveyView(r), responses: counts.get(r.id) ?? 0 }));
}

async function findSurvey(em: EntityManager, id: string): Promise<FeedbackSurvey> {
  const s = await em.findOne(FeedbackSurveySchema, { id });
  if (!s) throw notFound();
  return s;
}

export async function getSurvey(ctx: FeedbackContext, id: string) {
  const s = await findSurvey(ctx.em, id);
  const distributions = await ctx.em.find(FeedbackDistributionSchema, { surveyId: s.id }, { orderBy: { createdAt: 'desc' }, limit: 50 });
  return { ...surveyView(s), distributions: distributions.map((d) => ({ id: d.id, channel: d.channel, segmentLabel: d.segmentLabel, createdAt: d.createdAt })) };
}

export async function createSurvey(ctx: FeedbackContext, input: SurveyDraftInput) {
  validateQuestions(input.questions);
  await assertProduct(ctx.em, input.productId);
  const s = ctx.em.create(FeedbackSurveySchema, { familyId: randomUUID(), version: 1, title: input.title, intro: input.intro, status: 'draft', questions: input.questions, productId: input.productId ?? null, publishedAt: null, createdBy: ctx.session.user.id });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'feedback.survey.created', entity: 'FeedbackSurvey', entityId: s.id, changes: { title: s.title['zh-CN'], questions: s.questions.length } });
  return surveyView(s);
}

/** Only drafts change; a published survey is frozen (make a new version instead). */
export async function updateSurvey(ctx: FeedbackContext, input: SurveyDraftInput & { id: string }) {
  const s = await findSurvey(ctx.em, input.id);
  if (s.status !== 'draft') throw fbError('SURVEY_FROZEN', 'surveyFrozen', 'PRECONDITION_FAILED');
  validateQuestions(input.questions);
  await assertProduct(ctx.em, input.productId);
  s.title = input.title;
  s.intro = input.intro;
  s.questions = input.questions;
  s.productId = input.productId ?? null;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'feedback.survey.updated', entity: 'FeedbackSurvey', entityId: s.id, changes: { title: s.title['zh-CN'], questions: s.questions.length } });
  return surveyView(s);
}

export async function publishSurvey(ctx: FeedbackContext, id: string) {
  const s = await findSurvey(ctx.em, id);
  if (s.status !== 'draft') throw fbError('SURVEY_FROZEN', 'surveyFrozen', 'PRECONDITION_FAILED');
  if (!s.questions.length) throw fbError('VALIDATION', 'noQuestions', 'BAD_REQUEST', {}, ['questions']);
  // The family's earlier published version is retired: one live version per survey.
  await ctx.em.nativeUpdate(FeedbackSurveySchema, { familyId: s.familyId, status: 'published' }, { status: 'archived' });
  s.status = 'published';
  s.publishedAt = new Date();
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'feedback.survey.published', entity: 'FeedbackSurvey', entityId: s.id, changes: { version: s.version } });
  return surveyView(s);
}

export async function newSurveyVersion(ctx: FeedbackContext, id: string) {
  const s = await findSurvey(ctx.em, id);
  const draft = await ctx.em.findOne(FeedbackSurveySchema, { familyId: s.familyId, status: 'draft' });
  if (draft) return surveyView(draft);
  const latest = await ctx.em.findOne(FeedbackSurveySchema, { familyId: s.familyId }, { orderBy: { version: 'desc' } });
  const next = ctx.em.create(FeedbackSurveySchema, { familyId: s.familyId, version: (latest?.version ?? s.version) + 1, title: s.title, intro: s.intro, status: 'draft', questions: s.questions, productId: s.productId, publishedAt: null, createdBy: ctx.session.user.id });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'feedback.survey.versioned', entity: 'FeedbackSurvey', entityId: next.id, changes: { from: s.id, version: next.version } });
  return surveyView(next);
}

export function surveyLink(tenantId: string, d: Pick<FeedbackDelivery, 'id' | 'expiresAt'>): string {
  return issuePluginLink(FEEDBACK_ID, 'survey', { tenantId, subject: d.id, expiresAt: d.expiresAt }).path;
}

function messageBody(s: FeedbackSurvey, path: string, reminder: boolean): { subject: string; body: string } {
  const base = env().NEXTAUTH_URL?.replace(/\/$/, '') ?? '';
  const subject = `${reminder ? '【提醒】' : ''}${s.title['zh-CN']}`;
  const body = `${s.intro['zh-CN'] || s.title['zh-CN']}\n${base}${path}\n\n${s.title.en}\n${base}${path}`;
  return { subject, body };
}

interface SendScope {
  em: EntityManager;
  tenantId: string;
  userId: string | null;
  afterCommit?: Pick<AfterCommit, 'enqueue'>;
}

/**
 * Creates the deliveries of one send and queues one message per person through core's outbox
 * (purpose 'survey'): consent is checked by core's send job at send time; those refused are
 * recorded there as skipped, with the reason.
 */
async function sendToPeople(scope: SendScope, s: FeedbackSurvey, personIds: string[], channel: ContactChannel, segment: { label: string; viewId: string | null; contextKey: string | null }) {
  const settings = await settingsOf(scope.em);
  const distribution = scope.em.create(FeedbackDistributionSchema, { surveyId: s.id, channel, segmentLabel: segment.label.slice(0, 300), viewId: segment.viewId, contextKey: segment.contextKey, createdBy: scope.userId });
  await scope.em.flush();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + settings.surveyLinkDays * 86_400_000);
  const deliveries: FeedbackDelivery[] = personIds.map((personId) =>
    scope.em.create(FeedbackDeliverySchema, { distributionId: distribution.id, surveyId: s.id, personId, channel, messageId: null, expiresAt, reminders: 0, lastSentAt: now, respondedAt: null }),
  );
  await scope.em.flush();
  for (const d of deliveries) {
    const { subject, body } = messageBody(s, surveyLink(scope.tenantId, d), false);
    const queued = await queueOutboundMessage(
      { em: scope.em, tenantId: scope.tenantId, userId: scope.userId, source: FEEDBACK_ID, afterCommit: scope.afterCommit },
      { personId: d.personId, channel, purpose: SURVEY_PURPOSE, productId: s.productId, contentType: 'survey', subject, body, idempotencyKey: `feedback-survey-${d.id}` },
    );
    d.messageId = queued.id;
  }
  await scope.em.flush();
  return { distributionId: distribution.id, queued: deliveries.length };
}

/** Sends a published survey to the people of one of the sender's saved views (their record-level access applies). */
export async function distributeSurvey(ctx: FeedbackContext & { afterCommit: Pick<AfterCommit, 'enqueue' | 'emit'> }, input: { surveyId: string; viewId: string; channel: ContactChannel }) {
  const s = await findSurvey(ctx.em, input.surveyId);
  if (s.status !== 'published') throw fbError('SURVEY_NOT_PUBLISHED', 'surveyNotPublished', 'PRECONDITION_FAILED');
  const view = await ctx.em.findOne(SavedViewSchema, { id: input.viewId, userId: ctx.session.user.id, entity: 'person' });
  if (!view) throw fbError('VALIDATION', 'unknownSegment', 'BAD_REQUEST', {}, ['viewId']);
  const { qb } = await filteredCustomerQuery(ctx, 'person', view.definition.filters as PeopleFilters);
  const rows = (await qb.select(['c.id']).limit(MAX_RECIPIENTS + 1).execute('all')) as { id: string }[];
  if (rows.length > MAX_RECIPIENTS) throw fbError('SEGMENT_TOO_LARGE', 'segmentTooLarge', 'PRECONDITION_FAILED', { max: MAX_RECIPIENTS });
  if (!rows.length) throw fbError('SEGMENT_EMPTY', 'segmentEmpty', 'PRECONDITION_FAILED');
  const result = await sendToPeople({ em: ctx.em, tenantId: ctx.tenant.id, userId: ctx.session.user.id, afterCommit: ctx.afterCommit }, s, rows.map((r) => r.id), input.channel, { label: view.name, viewId: view.id, contextKey: null });
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'feedback.survey.sent', entity: 'FeedbackSurvey', entityId: s.id, changes: { distributionId: result.distributionId, viewId: view.id, channel: input.channel, recipients: result.queued } });
  return result;
}

/** The `surveys.requests` capability: another module asks for a survey after an interaction or a meeting. */
export async function requestSurvey(
  em: EntityManager,
  tenantId: string,
  userId: string | null,
  input: { surveyId: string; personIds: string[]; channel: ContactChannel; context: SurveyContext },
): Promise<{ queued: number; skipped: { personId: string; reason: string }[] }> {
  const s = await em.findOne(FeedbackSurveySchema, { id: input.surveyId, status: 'published' });
  if (!s) return { queued: 0, skipped: input.personIds.map((personId) => ({ personId, reason: 'survey_not_published' })) };
  const contextKey = `${input.context.owner}:${input.context.kind}:${input.context.id}`.slice(0, 200);
  const unique = [...new Set(input.personIds)];
  const people = unique.length ? await em.find(PersonSchema, { id: { $in: unique }, deletedAt: null, mergedIntoId: null }, { fields: ['id'] }) : [];
  const known = new Set(people.map((p) => p.id));
  const earlier = await em.find(FeedbackDistributionSchema, { surveyId: s.id, contextKey }, { fields: ['id'] });
  const already = earlier.length ? new Set((await em.find(FeedbackDeliverySchema, { distributionId: { $in: earlier.map((d) => d.id) } }, { fields: ['personId'] })).map((d) => d.personId)) : new Set<string>();
  const skipped: { personId: string; reason: string }[] = [];
  const send: string[] = [];
  for (const id of unique) {
    if (!known.has(id)) skipped.push({ personId: id, reason: 'no_such_person' });
    else if (already.has(id)) skipped.push({ personId: id, reason: 'already_sent_for_context' });
    else send.push(id);
  }
  if (!send.length) return { queued: 0, skipped };
  const result = await sendToPeople({ em, tenantId, userId }, s, send, input.channel, { label: input.context.label, viewId: null, contextKey });
  return { queued: result.queued, skipped };
}

export async function listPublishedSurveys(em: EntityManager, locale: Locale = 'zh-CN') {
  const rows = await em.find(FeedbackSurveySchema, { status: 'published' }, { orderBy: { publishedAt: 'desc' } });
  return rows.map((s) => ({ id: s.id, title: s.title[locale] || s.title['zh-CN'], kind: scoreQuestion(s.questions)?.type ?? 'custom' }));
}

/** Who a send reached: each person with the outbox's decision (sent / skipped and why) and whether they answered. */
export async function distributionStatus(ctx: FeedbackContext, distributionId: string) {
  const distribution = await ctx.em.findOne(FeedbackDistributionSchema, { id: distributionId });
  if (!distribution) throw notFound();
  const deliveries = await ctx.em.find(FeedbackDeliverySchema, { distributionId }, { orderBy: { createdAt: 'asc' }, limit: MAX_RECIPIENTS });
  const people = deliveries.length ? await ctx.em.find(PersonSchema, { id: { $in: deliveries.map((d) => d.personId) } }, { fields: ['id', 'name'] }) : [];
  const messageIds = deliveries.flatMap((d) => (d.messageId ? [d.messageId] : []));
  const messages = messageIds.length ? await ctx.em.find(OutboundMessageSchema, { id: { $in: messageIds } }, { fields: ['id', 'status', 'reason'] }) : [];
  const names = new Map(people.map((p) => [p.id, p.name]));
  const byId = new Map(messages.map((m) => [m.id, m]));
  const creator = distribution.createdBy ? await ctx.em.findOne(UserSchema, { id: distribution.createdBy }, { fields: ['id', 'name'] }) : null;
  const rows = deliveries.map((d) => {
    const m = d.messageId ? byId.get(d.messageId) : undefined;
    // Deliveries without a message are history imported by the demo seed: shown as sent.
    const status = d.respondedAt ? 'responded' : (m?.status ?? (d.messageId ? 'queued' : 'sent'));
    return {
      id: d.id,
      personId: d.personId,
      personName: names.get(d.personId) ?? '—',
      status,
      reason: m?.status === 'skipped' ? m.reason : null,
      respondedAt: d.respondedAt,
      reminders: d.reminders,
      // The link is shown only while it can still be used (sent, unanswered, not expired).
      link: m?.status === 'sent' && !d.respondedAt && d.expiresAt > new Date() ? surveyLink(ctx.tenant.id, d) : null,
    };
  });
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  return {
    id: distribution.id,
    surveyId: distribution.surveyId,
    channel: distribution.channel,
    segmentLabel: distribution.segmentLabel,
    createdAt: distribution.createdAt,
    createdBy: creator?.name ?? null,
    totals: { recipients: rows.length, sent: count('sent') + count('responded'), skipped: count('skipped'), queued: count('queued'), responded: count('responded') },
    rows,
  };
}

/** The public page's view of a delivery: the survey in both languages and whether it was answered. */
export async function surveyForDelivery(em: EntityManager, deliveryId: string) {
  const d = await em.findOne(FeedbackDeliverySchema, { id: deliveryId });
  if (!d) return null;
  const s = await em.findOne(FeedbackSurveySchema, { id: d.surveyId });
  if (!s) return null;
  return { deliveryId: d.id, answered: d.respondedAt !== null, survey: surveyView(s) };
}

function checkAnswers(questions: SurveyQuestion[], answers: Record<string, AnswerValue>): Record<string, AnswerValue> {
  const clean: Record<string, AnswerValue> = {};
  const bad: string[] = [];
  for (const q of questions) {
    const v = answers[q.id];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length);
    if (empty) {
      if (q.required) bad.push(`answers.${q.id}`);
      continue;
    }
    const optionIds = new Set((q.options ?? []).map((o) => o.id));
    const range = q.type === 'nps' ? [0, 10] : q.type === 'csat' ? [1, 5] : q.type === 'rating' ? [1, q.scale ?? 5] : null;
    if (range) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < range[0]! || v > range[1]!) bad.push(`answers.${q.id}`);
      else clean[q.id] = v;
    } else if (q.type === 'single') {
      if (typeof v !== 'string' || !optionIds.has(v)) bad.push(`answers.${q.id}`);
      else clean[q.id] = v;
    } else if (q.type === 'multiple') {
      if (!Array.isArray(v) || !v.every((x) => optionIds.has(x))) bad.push(`answers.${q.id}`);
      else clean[q.id] = [...new Set(v)];
    } else {
      if (typeof v !== 'string') bad.push(`answers.${q.id}`);
      else clean[q.id] = v.trim().slice(0, 2000);
    }
  }
  if (bad.length) throw fbError('VALIDATION', 'answerInvalid', 'BAD_REQUEST', {}, bad);
  return clean;
}

/**
 * Stores the answers of a delivery once. A second submission (double tap, resent form, a second
 * tab) changes nothing and says so: the delivery is claimed by a conditional update first, and the
 * response table is unique per delivery.
 */
export async function submitResponse(em: EntityManager, deliveryId: string, answers: Record<string, AnswerValue>): Promise<{ duplicate: boolean }> {
  const d = await em.findOne(FeedbackDeliverySchema, { id: deliveryId });
  if (!d) throw notFound();
  if (d.respondedAt) return { duplicate: true };
  const s = await findSurvey(em, d.surveyId);
  const clean = checkAnswers(s.questions, answers);
  const now = new Date();
  const claimed = await em.nativeUpdate(FeedbackDeliverySchema, { id: d.id, respondedAt: null }, { respondedAt: now });
  if (!claimed) return { duplicate: true };
  const sq = scoreQuestion(s.questions);
  const person = await em.findOne(PersonSchema, { id: d.personId }, { fields: ['id', 'territoryId', 'tier'] });
  const comment = s.questions.filter((q) => q.type === 'text').map((q) => clean[q.id]).filter((v): v is string => typeof v === 'string' && v.length > 0).join('\n') || null;
  const settings = await settingsOf(em);
  em.create(FeedbackResponseSchema, {
    deliveryId: d.id,
    surveyId: s.id,
    familyId: s.familyId,
    personId: d.personId,
    answers: clean,
    scoreKind: sq ? (sq.type as 'nps' | 'csat') : null,
    score: sq && typeof clean[sq.id] === 'number' ? (clean[sq.id] as number) : null,
    channel: d.channel,
    productId: s.productId,
    territoryId: person?.territoryId ?? null,
    tier: person?.tier ?? null,
    comment,
    topics: comment ? tagTopics(comment, settings) : [],
    sentiment: comment ? sentimentScore(comment, settings) : 0,
    submittedAt: now,
  });
  await em.flush();
  return { duplicate: false };
}

/** The reminders job: one more message to those who got the survey, have not answered and whose link still works. */
export async function sendReminders(em: EntityManager, tenantId: string, now = new Date()): Promise<number> {
  const settings = await settingsOf(em);
  if (!settings.surveyMaxReminders) return 0;
  const before = new Date(now.getTime() - settings.surveyReminderDays * 86_400_000);
  const due = await em.find(FeedbackDeliverySchema, { respondedAt: null, lastSentAt: { $lte: before }, reminders: { $lt: settings.surveyMaxReminders }, expiresAt: { $gt: now } }, { limit: 500 });
  if (!due.length) return 0;
  const sent = new Set(
    (await em.find(OutboundMessageSchema, { id: { $in: due.flatMap((d) => (d.messageId ? [d.messageId] : [])) }, status: 'sent' }, { fields: ['id'] })).map((m) => m.id),
  );
  let count = 0;
  for (const d of due) {
    if (!d.messageId || !sent.has(d.messageId)) continue;
    const s = await em.findOne(FeedbackSurveySchema, { id: d.surveyId });
    if (!s) continue;
    const { subject, body } = messageBody(s, surveyLink(tenantId, d), true);
    await queueOutboundMessage(
      { em, tenantId, userId: null, source: FEEDBACK_ID },
      { personId: d.personId, channel: d.channel as ContactChannel, purpose: SURVEY_PURPOSE, productId: s.productId, contentType: 'survey', subject, body, idempotencyKey: `feedback-survey-${d.id}-r${d.reminders + 1}` },
    );
    d.reminders += 1;
    d.lastSentAt = now;
    count += 1;
  }
  await em.flush();
  return count;
}
