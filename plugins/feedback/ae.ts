import type { EntityManager } from '@mikro-orm/core';
import { InteractionParticipantSchema, InteractionProductSchema, InteractionSchema, PersonSchema, ProductSchema, UserSchema } from '@/server/db/entities';
import type { AdverseEventReport } from '@/server/plugins/capabilities';
import { recordAudit } from '@/server/services/audit';
import { membersWithPermission, notify } from '@/server/services/notifications';
import { auditMeta, canHandleAe, fbError, HOUR_MS, nextNumber, notFound, settingsOf, type FeedbackContext } from './common';
import { FeedbackAdverseEventSchema, FeedbackCaseSchema, type FeedbackAdverseEvent } from './entities';
import { FEEDBACK_ID, PERM } from './manifest';
import { matchAdverseTerms } from './text';

/** Adverse events must reach the safety database within 24 hours of the company's awareness. */
export const AE_CLOCK_HOURS = 24;

export function aeHref(id: string): string {
  return `/m/${FEEDBACK_ID}/ae/${id}`;
}

export interface OpenAeInput extends AdverseEventReport {
  caseId?: string | null;
  matchedTerms?: string[];
  actorUserId: string | null;
}

/** Opens the adverse-event case of a source, or returns the one already open for it (idempotent per source). */
export async function openAdverseEvent(em: EntityManager, tenantId: string, input: OpenAeInput): Promise<{ ae: FeedbackAdverseEvent; created: boolean }> {
  const where = { sourceOwner: input.source.owner, sourceKind: input.source.kind, sourceId: input.source.id };
  const existing = await em.findOne(FeedbackAdverseEventSchema, where);
  if (existing) return { ae: existing, created: false };
  const awareAt = input.awareAt.getTime() > Date.now() ? new Date() : input.awareAt;
  const reporter = input.reporterPersonId ? await em.findOne(PersonSchema, { id: input.reporterPersonId }, { fields: ['id', 'name', 'primaryInstitutionId'] }) : null;
  const ae = em.create(FeedbackAdverseEventSchema, {
    number: await nextNumber(em, FeedbackAdverseEventSchema, 'AE'),
    sourceOwner: input.source.owner,
    sourceKind: input.source.kind,
    sourceId: input.source.id,
    sourceLabel: input.source.label.slice(0, 300),
    sourceHref: input.source.href ?? null,
    caseId: input.caseId ?? null,
    status: 'open',
    matchedTerms: input.matchedTerms ?? [],
    description: input.description,
    awareAt,
    dueAt: new Date(awareAt.getTime() + AE_CLOCK_HOURS * HOUR_MS),
    patientInitials: input.patient?.initials ?? null,
    patientAge: input.patient?.age ?? null,
    patientSex: input.patient?.sex ?? null,
    productId: input.productId ?? null,
    reporterPersonId: reporter?.id ?? null,
    reporterName: reporter?.name ?? null,
    institutionId: input.institutionId ?? reporter?.primaryInstitutionId ?? null,
    safetyRef: null,
    dismissReason: null,
    ownerId: null,
    escalation: 0,
    closedAt: null,
    closedBy: null,
  });
  await em.flush();
  await recordAudit(em, {
    tenantId,
    actorUserId: input.actorUserId,
    action: 'feedback.ae.opened',
    entity: 'FeedbackAdverseEvent',
    entityId: ae.id,
    changes: { source: `${input.source.owner}:${input.source.kind}:${input.source.id}`, matchedTerms: ae.matchedTerms, dueAt: ae.dueAt.toISOString() },
  });
  const officers = await membersWithPermission(em, PERM.aeReport);
  await notify(em, {
    userIds: [...officers, ...(input.actorUserId ? [input.actorUserId] : [])],
    source: FEEDBACK_ID,
    messageKey: `plugins.${FEEDBACK_ID}.notify.aeOpened`,
    values: { number: ae.number, source: ae.sourceLabel },
    href: aeHref(ae.id),
    dedupeKey: `ae-opened-${ae.id}`,
  });
  return { ae, created: true };
}

/** The `interaction.created` handler: scans the notes (and next step) for adverse-event terms. */
export async function scanInteraction(em: EntityManager, tenantId: string, interactionId: string, actorUserId: string | null): Promise<string | null> {
  const interaction = await em.findOne(InteractionSchema, { id: interactionId });
  if (!interaction) return null;
  const text = [interaction.notes, interaction.nextStep].filter(Boolean).join('\n');
  if (!text) return null;
  const matched = matchAdverseTerms(text, await settingsOf(em));
  if (!matched.length) return null;
  const participant = await em.findOne(InteractionParticipantSchema, { interactionId }, { orderBy: { id: 'asc' } });
  const product = await em.findOne(InteractionProductSchema, { interactionId }, { orderBy: { id: 'asc' } });
  const person = participant ? await em.findOne(PersonSchema, { id: participant.personId }, { fields: ['id', 'name'] }) : null;
  const day = interaction.occurredAt.toISOString().slice(0, 10);
  const { ae } = await openAdverseEvent(em, tenantId, {
    source: { owner: 'core', kind: 'interaction', id: interaction.id, label: `${person?.name ?? '—'} · ${day}`, href: `/interactions/${interaction.id}` },
    reporterPersonId: person?.id ?? null,
    institutionId: interaction.institutionId,
    productId: product?.productId ?? null,
    description: text,
    awareAt: interaction.occurredAt,
    matchedTerms: matched,
    actorUserId: actorUserId ?? interaction.ownerId,
  });
  return ae.id;
}

/** Adverse events a member may see: all for safety handlers, else those of their own cases and interactions. */
async function visibleWhere(ctx: FeedbackContext): Promise<Record<string, unknown>> {
  if (canHandleAe(ctx)) return {};
  const me = ctx.session.user.id;
  const cases = await ctx.em.find(FeedbackCaseSchema, { $or: [{ createdBy: me }, { ownerId: me }] }, { fields: ['id'] });
  const interactions = await ctx.em.find(InteractionSchema, { ownerId: me }, { fields: ['id'], limit: 5000 });
  return { $or: [{ caseId: { $in: cases.map((c) => c.id) } }, { sourceKind: 'interaction', sourceId: { $in: interactions.map((i) => i.id) } }] };
}

function view(ae: FeedbackAdverseEvent, names: Map<string, string>) {
  const missing = missingFields(ae);
  return {
    id: ae.id,
    number: ae.number,
    status: ae.status,
    source: { owner: ae.sourceOwner, kind: ae.sourceKind, id: ae.sourceId, label: ae.sourceLabel, href: ae.sourceHref },
    caseId: ae.caseId,
    matchedTerms: ae.matchedTerms,
    description: ae.description,
    awareAt: ae.awareAt,
    dueAt: ae.dueAt,
    patientInitials: ae.patientInitials,
    patientAge: ae.patientAge,
    patientSex: ae.patientSex,
    productId: ae.productId,
    productName: ae.productId ? (names.get(ae.productId) ?? null) : null,
    reporterPersonId: ae.reporterPersonId,
    reporterName: ae.reporterName,
    safetyRef: ae.safetyRef,
    dismissReason: ae.dismissReason,
    escalation: ae.escalation,
    closedAt: ae.closedAt,
    closedBy: ae.closedBy ? (names.get(ae.closedBy) ?? null) : null,
    missing,
    createdAt: ae.createdAt,
  };
}
export type AeView = ReturnType<typeof view>;

async function namesFor(em: EntityManager, rows: FeedbackAdverseEvent[]): Promise<Map<string, string>> {
  const productIds = [...new Set(rows.flatMap((r) => (r.productId ? [r.productId] : [])))];
  const userIds = [...new Set(rows.flatMap((r) => (r.closedBy ? [r.closedBy] : [])))];
  const [products, users] = await Promise.all([
    productIds.length ? em.find(ProductSchema, { id: { $in: productIds } }, { fields: ['id', 'name'] }) : [],
    userIds.length ? em.find(UserSchema, { id: { $in: userIds } }, { fields: ['id', 'name'] }) : [],
  ]);
  return new Map([...products.map((p) => [p.id, p.name] as const), ...users.map((u) => [u.id, u.name] as const)]);
}

export const AE_REQUIRED = ['patientInitials', 'patientAge', 'patientSex', 'productId', 'description', 'reporterName', 'awareAt'] as const;

/** The minimum fields of a valid safety report that are still missing. */
export function missingFields(ae: Pick<FeedbackAdverseEvent, (typeof AE_REQUIRED)[number]>): string[] {
  return AE_REQUIRED.filter((f) => {
    const v = ae[f];
    return v === null || v === undefined || (typeof v === 'string' && !v.trim());
  });
}

export async function listAdverseEvents(ctx: FeedbackContext, filter: { status?: FeedbackAdverseEvent['status'] | null; limit: number }) {
  const rows = await ctx.em.find(FeedbackAdverseEventSchema, { ...(await visibleWhere(ctx)), ...(filter.status ? { status: filter.status } : {}) }, { orderBy: { dueAt: 'asc' }, limit: filter.limit });
  const names = await namesFor(ctx.em, rows);
  return rows.map((r) => view(r, names));
}

async function visibleAe(ctx: FeedbackContext, id: string): Promise<FeedbackAdverseEvent> {
  const ae = await ctx.em.findOne(FeedbackAdverseEventSchema, { id, ...(await visibleWhere(ctx)) });
  if (!ae) throw notFound();
  return ae;
}

export async function getAdverseEvent(ctx: FeedbackContext, id: string) {
  const ae = await visibleAe(ctx, id);
  return view(ae, await namesFor(ctx.em, [ae]));
}

function assertOpen(ae: FeedbackAdverseEvent) {
  if (ae.status !== 'open') throw fbError('AE_NOT_OPEN', 'aeNotOpen', 'PRECONDITION_FAILED');
}

export interface AeUpdateInput {
  id: string;
  patientInitials?: string | null;
  patientAge?: number | null;
  patientSex?: 'male' | 'female' | 'unknown' | null;
  productId?: string | null;
  reporterName?: string | null;
  description?: string;
  awareAt?: Date;
}

export async function updateAdverseEvent(ctx: FeedbackContext, input: AeUpdateInput) {
  const ae = await visibleAe(ctx, input.id);
  assertOpen(ae);
  if (input.productId && !(await ctx.em.findOne(ProductSchema, { id: input.productId }, { fields: ['id'] }))) throw fbError('VALIDATION', 'unknownProduct', 'BAD_REQUEST', {}, ['productId']);
  if (input.awareAt && input.awareAt.getTime() > Date.now() + 60_000) throw fbError('VALIDATION', 'awareInFuture', 'BAD_REQUEST', {}, ['awareAt']);
  const changes: Record<string, unknown> = {};
  const set = <K extends keyof AeUpdateInput & keyof FeedbackAdverseEvent>(key: K) => {
    if (input[key] === undefined) return;
    const before = ae[key];
    (ae as unknown as Record<string, unknown>)[key] = input[key];
    changes[key] = key === 'description' ? 'changed' : { from: before instanceof Date ? before.toISOString() : before, to: input[key] instanceof Date ? (input[key] as Date).toISOString() : input[key] };
  };
  (['patientInitials', 'patientAge', 'patientSex', 'productId', 'reporterName', 'description', 'awareAt'] as const).forEach(set);
  if (input.awareAt) ae.dueAt = new Date(input.awareAt.getTime() + AE_CLOCK_HOURS * 3_600_000);
  await ctx.em.flush();
  // Patient details are health data: the audit keeps the fact of the change only.
  const redacted = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, k.startsWith('patient') ? 'changed' : v]));
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'feedback.ae.updated', entity: 'FeedbackAdverseEvent', entityId: ae.id, changes: redacted });
  return view(ae, await namesFor(ctx.em, [ae]));
}

/** Closing needs the safety-database reference and every minimum field. */
export async function closeAdverseEvent(ctx: FeedbackContext, input: { id: string; safetyRef?: string | null }) {
  const ae = await visibleAe(ctx, input.id);
  assertOpen(ae);
  const ref = input.safetyRef?.trim() ?? '';
  if (!ref) throw fbError('SAFETY_REF_REQUIRED', 'safetyRefRequired', 'PRECONDITION_FAILED', {}, ['safetyRef']);
  const missing = missingFields(ae);
  if (missing.length) throw fbError('AE_INCOMPLETE', 'aeIncomplete', 'PRECONDITION_FAILED', { count: missing.length }, missing);
  ae.safetyRef = ref;
  ae.status = 'closed';
  ae.closedAt = new Date();
  ae.closedBy = ctx.session.user.id;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'feedback.ae.closed', entity: 'FeedbackAdverseEvent', entityId: ae.id, changes: { status: { from: 'open', to: 'closed' }, safetyRef: ref, withinClock: ae.closedAt <= ae.dueAt } });
  return view(ae, await namesFor(ctx.em, [ae]));
}

/** A keyword match that is not an adverse event (e.g. "no rash this time") is dismissed with a reason. */
export async function dismissAdverseEvent(ctx: FeedbackContext, input: { id: string; reason: string }) {
  const ae = await visibleAe(ctx, input.id);
  assertOpen(ae);
  ae.status = 'dismissed';
  ae.dismissReason = input.reason;
  ae.closedAt = new Date();
  ae.closedBy = ctx.session.user.id;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'feedback.ae.dismissed', entity: 'FeedbackAdverseEvent', entityId: ae.id, changes: { status: { from: 'open', to: 'dismissed' }, reason: input.reason } });
  return view(ae, await namesFor(ctx.em, [ae]));
}

/** The clock job: notify when fewer than `aeEscalateHours` remain, and again when overdue (once each). */
export async function escalateAdverseEvents(em: EntityManager, now = new Date()): Promise<{ low: number; overdue: number }> {
  const settings = await settingsOf(em);
  const soon = new Date(now.getTime() + settings.aeEscalateHours * HOUR_MS);
  const rows = await em.find(FeedbackAdverseEventSchema, { status: 'open', dueAt: { $lte: soon }, escalation: { $lt: 2 } }, { limit: 500 });
  if (!rows.length) return { low: 0, overdue: 0 };
  const officers = await membersWithPermission(em, PERM.aeReport);
  let low = 0;
  let overdue = 0;
  for (const ae of rows) {
    const level = ae.dueAt <= now ? 2 : 1;
    if (ae.escalation >= level) continue;
    ae.escalation = level;
    if (level === 2) overdue += 1;
    else low += 1;
    await notify(em, {
      userIds: [...officers, ...(ae.ownerId ? [ae.ownerId] : [])],
      source: FEEDBACK_ID,
      messageKey: `plugins.${FEEDBACK_ID}.notify.${level === 2 ? 'aeOverdue' : 'aeClockLow'}`,
      values: { number: ae.number, hours: Math.max(0, Math.round((ae.dueAt.getTime() - now.getTime()) / HOUR_MS)) },
      href: aeHref(ae.id),
      dedupeKey: `ae-${ae.id}-${level}`,
    });
  }
  await em.flush();
  return { low, overdue };
}
