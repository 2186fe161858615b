import { CustomRequirementSchema, type CustomerKind, type CustomRequirement, type RequirementKind, type RequirementStatus } from '@/server/db/entities';
import { errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { auditMeta, type TenantContext } from '@/server/services/context-types';
import { changes, customerSubject, userNames } from './shared';

/** 定制需求 of a customer (special packaging, labels …): readable and editable with the customer. */
async function decorate(ctx: TenantContext, rows: CustomRequirement[]) {
  const names = await userNames(ctx, rows.map((r) => r.createdBy));
  return rows.map((r) => ({ id: r.id, kind: r.kind, description: r.description, status: r.status, createdBy: r.createdBy ? (names.get(r.createdBy) ?? '') : null, createdAt: r.createdAt, updatedAt: r.updatedAt }));
}

export async function requirementsForCustomer(ctx: TenantContext, kind: CustomerKind, id: string) {
  await customerSubject(ctx, kind, id);
  // Descending status puts 'open' before 'met' and 'declined'.
  const rows = await ctx.em.find(CustomRequirementSchema, { subjectKind: kind, subjectId: id }, { orderBy: { status: 'desc', createdAt: 'desc' } });
  return decorate(ctx, rows);
}

export async function createRequirement(ctx: TenantContext, input: { subjectKind: CustomerKind; subjectId: string; kind: RequirementKind; description: string }) {
  const subject = await customerSubject(ctx, input.subjectKind, input.subjectId);
  const r = ctx.em.create(CustomRequirementSchema, { subjectKind: subject.kind, subjectId: subject.id, kind: input.kind, description: input.description, status: 'open', createdBy: ctx.session.user.id });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'requirement.created', entity: 'CustomRequirement', entityId: r.id, changes: { subject: `${subject.kind}:${subject.id}`, kind: input.kind, description: input.description } });
  return (await decorate(ctx, [r]))[0]!;
}

export async function updateRequirement(ctx: TenantContext, id: string, input: { kind: RequirementKind; description: string; status: RequirementStatus }) {
  const r = await ctx.em.findOne(CustomRequirementSchema, { id });
  if (!r) throw errors.notFound('requirement');
  // Access follows the customer: the same answer as a missing record when it is out of scope.
  await customerSubject(ctx, r.subjectKind, r.subjectId).catch(() => {
    throw errors.notFound('requirement');
  });
  const diff = changes(r, input);
  Object.assign(r, input);
  await ctx.em.flush();
  if (Object.keys(diff).length) await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'requirement.updated', entity: 'CustomRequirement', entityId: id, changes: diff });
  return (await decorate(ctx, [r]))[0]!;
}
