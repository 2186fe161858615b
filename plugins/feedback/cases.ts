import type { EntityManager } from '@mikro-orm/core';
import { AuditEntrySchema, InstitutionSchema, InteractionSchema, MembershipSchema, PersonSchema, ProductSchema, UserSchema } from '@/server/db/entities';
import { recordAudit } from '@/server/services/audit';
import { visibleCustomer } from '@/server/services/customers/access';
import { managersOf, notify } from '@/server/services/notifications';
import { aeHref, openAdverseEvent } from './ae';
import { auditMeta, canManage, fbError, HOUR_MS, nextNumber, notFound, settingsOf, type FeedbackContext } from './common';
import { FeedbackAdverseEventSchema, FeedbackAttachmentSchema, FeedbackCaseSchema, type FeedbackCase } from './entities';
import { FEEDBACK_ID } from './manifest';
import type { CaseChannel, CaseKind, CaseStatus, FeedbackSettings, Severity, SlaState } from './settings';
import { matchAdverseTerms, sentimentScore, tagTopics } from './text';

export interface CaseCreateInput {
  kind: CaseKind;
  channel: CaseChannel;
  customer: { kind: 'person' | 'institution'; id: string };
  productId?: string | null;
  severity: Severity;
  text: string;
  interactionId?: string | null;
  receivedAt?: Date | null;
}

export function caseHref(id: string): string {
  return `/m/${FEEDBACK_ID}/cases/${id}`;
}

export function dueAtFor(settings: FeedbackSettings, kind: CaseKind, severity: Severity, from: Date): Date {
  return new Date(from.getTime() + settings.slaHours[kind][severity] * HOUR_MS);
}

export function slaStateFor(settings: FeedbackSettings, dueAt: Date, now = new Date()): SlaState {
  if (dueAt <= now) return 'breached';
  return dueAt.getTime() - now.getTime() <= settings.slaWarnHours * HOUR_MS ? 'at_risk' : 'ok';
}

/** Records a case; a text that mentions an adverse-event term also opens the adverse-event case. */
export async function createCase(ctx: FeedbackContext, input: CaseCreateInput) {
  const customer = await visibleCustomer(ctx, input.customer.kind, input.customer.id);
  if (input.productId && !(await ctx.em.findOne(ProductSchema, { id: input.productId }, { fields: ['id'] }))) {
    throw fbError('VALIDATION', 'unknownProduct', 'BAD_REQUEST', {}, ['productId']);
  }
  if (input.interactionId && !(await ctx.em.findOne(InteractionSchema, { id: input.interactionId }, { fields: ['id'] }))) {
    throw fbError('VALIDATION', 'unknownInteraction', 'BAD_REQUEST', {}, ['interactionId']);
  }
  const now = new Date();
  const receivedAt = input.receivedAt && input.receivedAt <= now ? input.receivedAt : now;
  const settings = await settingsOf(ctx.em);
  const dueAt = dueAtFor(settings, input.kind, input.severity, receivedAt);
  const person = input.customer.kind === 'person' ? (customer as { id: string; primaryInstitutionId: string | null }) : null;
  const c = ctx.em.create(FeedbackCaseSchema, {
    number: await nextNumber(ctx.em, FeedbackCaseSchema, 'FB', now),
    kind: input.kind,
    channel: input.channel,
    personId: person?.id ?? null,
    institutionId: person ? person.primaryInstitutionId : customer.id,
    productId: input.productId ?? null,
    severity: input.severity,
    text: input.text,
    status: 'new',
    ownerId: null,
    createdBy: ctx.session.user.id,
    interactionId: input.interactionId ?? null,
    receivedAt,
    dueAt,
    slaState: slaStateFor(settings, dueAt, now),
    topics: tagTopics(input.text, settings),
    sentiment: sentimentScore(input.text, settings),
    resolution: null,
    resolvedAt: null,
    closedAt: null,
  });
  await ctx.em.flush();
  await recordAudit(ctx.em, {
    ...auditMeta(ctx),
    action: 'feedback.case.created',
    entity: 'FeedbackCase',
    entityId: c.id,
    changes: { number: c.number, kind: c.kind, severity: c.severity, channel: c.channel, personId: c.personId, institutionId: c.institutionId, interactionId: c.interactionId },
  });
  const matched = matchAdverseTerms(input.text, settings);
  let adverseEventId: string | null = null;
  let adverseEventNumber: string | null = null;
  if (matched.length) {
    const { ae } = await openAdverseEvent(ctx.em, ctx.tenant.id, {
      source: { owner: FEEDBACK_ID, kind: 'case', id: c.id, label: c.number, href: caseHref(c.id) },
      caseId: c.id,
      reporterPersonId: c.personId,
      institutionId: c.institutionId,
      productId: c.productId,
      description: c.text,
      awareAt: receivedAt,
      matchedTerms: matched,
      actorUserId: ctx.session.user.id,
    });
    adverseEventId = ae.id;
    adverseEventNumber = ae.number;
  }
  return { id: c.id, number: c.number, adverseEventId, adverseEventNumber, adverseEventHref: adverseEventId ? aeHref(adverseEventId) : null };
}

/** Reps see the cases they recorded or own; case managers see every case. */
function visibleWhere(ctx: FeedbackContext): Record<string, unknown> {
  if (canManage(ctx)) return {};
  const me = ctx.session.user.id;
  return { $or: [{ createdBy: me }, { ownerId: me }] };
}

async function visibleCase(ctx: FeedbackContext, id: string): Promise<FeedbackCase> {
  const c = await ctx.em.findOne(FeedbackCaseSchema, { id, ...visibleWhere(ctx) });
  if (!c) throw notFound();
  return c;
}

async function labels(em: EntityManager, rows: FeedbackCase[]) {
  const ids = (pick: (c: FeedbackCase) => (string | null)[]) => [...new Set(rows.flatMap(pick).filter((x): x is string => Boolean(x)))];
  const personIds = ids((c) => [c.personId]);
  const institutionIds = ids((c) => [c.institutionId]);
  const productIds = ids((c) => [c.productId]);
  const userIds = ids((c) => [c.ownerId, c.createdBy]);
  const [people, institutions, products, users] = await Promise.all([
    personIds.length ? em.find(PersonSchema, { id: { $in: personIds } }, { fields: ['id', 'name'] }) : [],
    institutionIds.length ? em.find(InstitutionSchema, { id: { $in: institutionIds } }, { fields: ['id', 'name'] }) : [],
    productIds.length ? em.find(ProductSchema, { id: { $in: productIds } }, { fields: ['id', 'name'] }) : [],
    userIds.length ? em.find(UserSchema, { id: { $in: userIds } }, { fields: ['id', 'name'] }) : [],
  ]);
  return new Map<string, string>([...people, ...institutions, ...products, ...users].map((r) => [r.id, r.name]));
}

function caseView(c: FeedbackCase, names: Map<string, string>) {
  const name = (id: string | null) => (id ? (names.get(id) ?? '—') : null);
  return {
    id: c.id,
    number: c.number,
    kind: c.kind,
    channel: c.channel,
    severity: c.severity,
    status: c.status,
    text: c.text,
    person: c.personId ? { id: c.personId, name: name(c.personId)! } : null,
    institution: c.institutionId ? { id: c.institutionId, name: name(c.institutionId)! } : null,
    product: c.productId ? { id: c.productId, name: name(c.productId)! } : null,
    owner: c.ownerId ? { id: c.ownerId, name: name(c.ownerId)! } : null,
    createdBy: { id: c.createdBy, name: name(c.createdBy)! },
    interactionId: c.interactionId,
    receivedAt: c.receivedAt,
    dueAt: c.dueAt,
    slaState: c.slaState,
    topics: c.topics,
    sentiment: c.sentiment,
    resolution: c.resolution,
    resolvedAt: c.resolvedAt,
    closedAt: c.closedAt,
    createdAt: c.createdAt,
  };
}
export type CaseView = ReturnType<typeof caseView>;

export interface CaseListFilter {
  status?: CaseStatus | 'open' | null;
  kind?: CaseKind | null;
  personId?: string | null;
  institutionId?: string | null;
  mine?: boolean;
  limit: number;
}

export async function listCases(ctx: FeedbackContext, filter: CaseListFilter) {
  const where: Record<string, unknown> = { ...visibleWhere(ctx) };
  if (filter.status === 'open') where.status = { $in: ['new', 'assigned', 'in_progress'] };
  else if (filter.status) where.status = filter.status;
  if (filter.kind) where.kind = filter.kind;
  if (filter.personId) where.personId = filter.personId;
  if (filter.institutionId) where.institutionId = filter.institutionId;
  if (filter.mine) where.ownerId = ctx.session.user.id;
  const rows = await ctx.em.find(FeedbackCaseSchema, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: filter.limit });
  const names = await labels(ctx.em, rows);
  return rows.map((c) => caseView(c, names));
}

export async function getCase(ctx: FeedbackContext, id: string) {
  const c = await visibleCase(ctx, id);
  const names = await labels(ctx.em, [c]);
  const [attachments, ae, history] = await Promise.all([
    ctx.em.find(FeedbackAttachmentSchema, { caseId: c.id }, { orderBy: { createdAt: 'asc' } }),
    ctx.em.findOne(FeedbackAdverseEventSchema, { caseId: c.id }),
    ctx.em.find(AuditEntrySchema, { tenantId: ctx.tenant.id, entity: 'FeedbackCase', entityId: c.id }, { orderBy: { seq: 'asc' }, limit: 200 }),
  ]);
  const actors = await ctx.em.find(UserSchema, { id: { $in: [...new Set(history.flatMap((h) => (h.actorUserId ? [h.actorUserId] : [])))] } }, { fields: ['id', 'name'] });
  const actorName = new Map(actors.map((a) => [a.id, a.name]));
  return {
    ...caseView(c, names),
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.fileName, mimeType: a.mimeType, size: a.size, createdAt: a.createdAt })),
    adverseEvent: ae ? { id: ae.id, number: ae.number, status: ae.status, dueAt: ae.dueAt } : null,
    history: history.map((h) => ({ id: h.id, at: h.at, action: h.action, actor: h.actorUserId ? (actorName.get(h.actorUserId) ?? '—') : null, changes: h.changes })),
  };
}

export type CaseAction = 'assign' | 'start' | 'resolve' | 'close' | 'reopen';

const FROM: Record<CaseAction, CaseStatus[]> = {
  assign: ['new', 'assigned', 'in_progress'],
  start: ['new', 'assigned'],
  resolve: ['assigned', 'in_progress'],
  close: ['resolved'],
  reopen: ['resolved', 'closed'],
};

/**
 * The triage workflow: new → assigned → in progress → resolved → closed, and reopen. Case managers do
 * everything; the owner may start and resolve their own case. Every transition is audited.
 */
export async function transitionCase(ctx: FeedbackContext, input: { id: string; action: CaseAction; ownerId?: string | null; resolution?: string | null }) {
  const c = await visibleCase(ctx, input.id);
  const me = ctx.session.user.id;
  const manager = canManage(ctx);
  const ownerMay = (input.action === 'start' || input.action === 'resolve') && c.ownerId === me;
  if (!manager && !ownerMay) throw fbError('FORBIDDEN', 'notYourCase', 'FORBIDDEN');
  if (!FROM[input.action].includes(c.status)) {
    throw fbError('INVALID_TRANSITION', 'invalidTransition', 'PRECONDITION_FAILED', { from: c.status, action: input.action });
  }
  const before = { status: c.status, ownerId: c.ownerId };
  const now = new Date();
  switch (input.action) {
    case 'assign': {
      if (!input.ownerId) throw fbError('VALIDATION', 'ownerRequired', 'BAD_REQUEST', {}, ['ownerId']);
      const member = await ctx.em.findOne(MembershipSchema, { userId: input.ownerId, disabledAt: null }, { fields: ['id'] });
      if (!member) throw fbError('VALIDATION', 'unknownOwner', 'BAD_REQUEST', {}, ['ownerId']);
      c.ownerId = input.ownerId;
      if (c.status === 'new') c.status = 'assigned';
      break;
    }
    case 'start':
      if (!c.ownerId) c.ownerId = me;
      c.status = 'in_progress';
      break;
    case 'resolve': {
      const resolution = input.resolution?.trim();
      if (!resolution) throw fbError('VALIDATION', 'resolutionRequired', 'BAD_REQUEST', {}, ['resolution']);
      c.resolution = resolution;
      c.status = 'resolved';
      c.resolvedAt = now;
      break;
    }
    case 'close':
      c.status = 'closed';
      c.closedAt = now;
      break;
    case 'reopen': {
      c.status = c.ownerId ? 'in_progress' : 'new';
      c.resolvedAt = null;
      c.closedAt = null;
      c.slaState = slaStateFor(await settingsOf(ctx.em), c.dueAt, now);
      break;
    }
  }
  await ctx.em.flush();
  const changes: Record<string, unknown> = { status: { from: before.status, to: c.status } };
  if (before.ownerId !== c.ownerId) changes.ownerId = { from: before.ownerId, to: c.ownerId };
  if (input.action === 'resolve') changes.resolution = c.resolution;
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: `feedback.case.${input.action}`, entity: 'FeedbackCase', entityId: c.id, changes });
  if (input.action === 'assign' && c.ownerId && c.ownerId !== me) {
    await notify(ctx.em, { userIds: [c.ownerId], source: FEEDBACK_ID, messageKey: `plugins.${FEEDBACK_ID}.notify.caseAssigned`, values: { number: c.number }, href: caseHref(c.id), dedupeKey: `case-assigned-${c.id}-${c.ownerId}-${now.getTime()}` });
  }
  return getCase(ctx, c.id);
}

/** The SLA job: marks open cases about to breach or breached and tells the owner and their manager (once per state). */
export async function checkSla(em: EntityManager, now = new Date()): Promise<{ atRisk: number; breached: number }> {
  const settings = await settingsOf(em);
  const horizon = new Date(now.getTime() + settings.slaWarnHours * HOUR_MS);
  const rows = await em.find(FeedbackCaseSchema, { status: { $in: ['new', 'assigned', 'in_progress'] }, dueAt: { $lte: horizon }, slaState: { $ne: 'breached' } }, { limit: 1000 });
  let atRisk = 0;
  let breached = 0;
  for (const c of rows) {
    const state = slaStateFor(settings, c.dueAt, now);
    if (state === c.slaState || state === 'ok') continue;
    c.slaState = state;
    if (state === 'breached') breached += 1;
    else atRisk += 1;
    const responsible = c.ownerId ?? c.createdBy;
    const managers = await managersOf(em, responsible);
    await notify(em, {
      userIds: [responsible, ...managers],
      source: FEEDBACK_ID,
      messageKey: `plugins.${FEEDBACK_ID}.notify.${state === 'breached' ? 'slaBreached' : 'slaAtRisk'}`,
      values: { number: c.number },
      href: caseHref(c.id),
      dedupeKey: `sla-${c.id}-${state}`,
    });
  }
  await em.flush();
  return { atRisk, breached };
}
