import { ImpactAssessmentSchema, UserSchema, type AssessmentKind, type ImpactAssessment } from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { complianceAuditMeta } from './shared';

/**
 * Personal-information protection impact assessments (PIPIA, PIPL art. 55–56): scope, recipient,
 * risks, measures, the approver and when. A decision freezes the record (trigger) and it is kept
 * at least three years; the cross-border switch can only be turned on on an approved one.
 */
const KEEP_YEARS = 3;

export interface AssessmentInput {
  kind: AssessmentKind;
  title: string;
  scope: string;
  dataCategories: string[];
  recipient?: string | null;
  recipientCountry?: string | null;
  risks: string;
  measures: string;
}

function check(input: AssessmentInput) {
  const fieldErrors: Record<string, { key: string }> = {};
  if ((input.kind === 'cross_border' || input.kind === 'third_party') && !input.recipient?.trim()) fieldErrors.recipient = { key: 'privacy.errors.recipientRequired' };
  if (input.kind === 'cross_border' && !input.recipientCountry?.trim()) fieldErrors.recipientCountry = { key: 'privacy.errors.countryRequired' };
  if (Object.keys(fieldErrors).length) throw new DomainError('INVALID_ASSESSMENT', 'privacy.errors.invalidAssessment', {}, 'BAD_REQUEST', fieldErrors);
}

async function view(ctx: TenantContext, rows: ImpactAssessment[]) {
  const ids = [...new Set(rows.flatMap((r) => [r.createdBy, r.approverUserId]).filter((x): x is string => Boolean(x)))];
  const users = ids.length ? await ctx.em.find(UserSchema, { id: { $in: ids } }, { fields: ['id', 'name'] }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((a) => ({ ...a, createdByName: names.get(a.createdBy) ?? null, approverName: a.approverUserId ? (names.get(a.approverUserId) ?? null) : null }));
}

export async function listAssessments(ctx: TenantContext) {
  return view(ctx, await ctx.em.find(ImpactAssessmentSchema, {}, { orderBy: { createdAt: 'desc' } }));
}

export async function getAssessment(ctx: TenantContext, id: string) {
  const a = await ctx.em.findOne(ImpactAssessmentSchema, { id });
  if (!a) throw errors.notFound('assessment');
  return (await view(ctx, [a]))[0]!;
}

export async function createAssessment(ctx: TenantContext, input: AssessmentInput) {
  check(input);
  const a = ctx.em.create(ImpactAssessmentSchema, {
    ...input,
    recipient: input.recipient?.trim() || null,
    recipientCountry: input.recipientCountry?.trim() || null,
    status: 'draft',
    approverUserId: null,
    approvedAt: null,
    decisionNote: null,
    retainUntil: null,
    createdBy: ctx.session.user.id,
  });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'pipia.created', entity: 'ImpactAssessment', entityId: a.id, changes: { kind: a.kind, title: a.title } });
  return { id: a.id };
}

async function draft(ctx: TenantContext, id: string) {
  const a = await ctx.em.findOne(ImpactAssessmentSchema, { id });
  if (!a) throw errors.notFound('assessment');
  if (a.status !== 'draft') throw new DomainError('ASSESSMENT_DECIDED', 'privacy.errors.assessmentDecided', {}, 'PRECONDITION_FAILED');
  return a;
}

export async function updateAssessment(ctx: TenantContext, id: string, input: AssessmentInput) {
  check(input);
  const a = await draft(ctx, id);
  Object.assign(a, { ...input, recipient: input.recipient?.trim() || null, recipientCountry: input.recipientCountry?.trim() || null });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'pipia.edited', entity: 'ImpactAssessment', entityId: a.id, changes: { title: a.title } });
}

/** Approves or rejects a draft; the record is frozen from then on and kept at least three years. */
export async function decideAssessment(ctx: TenantContext, id: string, decision: 'approved' | 'rejected', note: string | null) {
  const a = await draft(ctx, id);
  if (decision === 'rejected' && !note?.trim()) throw new DomainError('REASON_REQUIRED', 'privacy.errors.rejectReason', {}, 'BAD_REQUEST', { note: { key: 'privacy.errors.rejectReason' } });
  const now = new Date();
  a.status = decision;
  a.approverUserId = ctx.session.user.id;
  a.approvedAt = now;
  a.decisionNote = note?.trim() || null;
  a.retainUntil = new Date(Date.UTC(now.getUTCFullYear() + KEEP_YEARS, now.getUTCMonth(), now.getUTCDate()));
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: decision === 'approved' ? 'pipia.approved' : 'pipia.rejected', entity: 'ImpactAssessment', entityId: a.id, changes: { title: a.title, kind: a.kind, note: a.decisionNote } });
}
