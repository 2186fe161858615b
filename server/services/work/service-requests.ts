import type { FilterQuery } from '@mikro-orm/core';
import { ServiceRequestSchema, type CustomerKind, type ServiceRequest, type ServiceStatus, type ServiceType } from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { auditMeta, type TenantContext } from '@/server/services/context-types';
import { accessScope, scopeWhere } from '@/server/services/customers/access';
import { assertAssignable, changes, customerNames, customerSubject, decodeCursor, encodeCursor, invalid, userNames } from './shared';

/**
 * The service workflow: open → in progress → resolved → closed; a resolved or closed request can
 * be reopened, and a simple one resolved straight from open. Anything else is refused.
 */
export const SERVICE_TRANSITIONS: Record<ServiceStatus, readonly ServiceStatus[]> = {
  open: ['in_progress', 'resolved'],
  in_progress: ['resolved'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};

export function canTransition(from: ServiceStatus, to: ServiceStatus): boolean {
  return SERVICE_TRANSITIONS[from].includes(to);
}

async function decorate(ctx: TenantContext, rows: ServiceRequest[]) {
  const [subjects, users] = await Promise.all([
    customerNames(ctx, rows.map((r) => ({ kind: r.subjectKind, id: r.subjectId }))),
    userNames(ctx, rows.flatMap((r) => [r.ownerId, r.createdBy])),
  ]);
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    title: r.title,
    description: r.description,
    status: r.status,
    resolution: r.resolution,
    subject: { kind: r.subjectKind, id: r.subjectId, name: subjects.get(`${r.subjectKind}:${r.subjectId}`) ?? '' },
    owner: r.ownerId ? { id: r.ownerId, name: users.get(r.ownerId) ?? '' } : null,
    createdBy: r.createdBy ? { id: r.createdBy, name: users.get(r.createdBy) ?? '' } : null,
    dueAt: r.dueAt,
    overdue: (r.status === 'open' || r.status === 'in_progress') && r.dueAt !== null && r.dueAt.getTime() < now,
    openedAt: r.openedAt,
    resolvedAt: r.resolvedAt,
    closedAt: r.closedAt,
    updatedAt: r.updatedAt,
    next: SERVICE_TRANSITIONS[r.status],
  }));
}
export type ServiceRow = Awaited<ReturnType<typeof decorate>>[number];

export interface ServiceFilter {
  status: ServiceStatus | null;
  type: ServiceType | null;
  /** A user id, 'me', or 'unassigned'. */
  owner: string | null;
  overdue: boolean;
  cursor: string | null;
  limit: number;
}

/** Service requests in the user's territories, newest first, keyset-paged. */
export async function listServiceRequests(ctx: TenantContext, f: ServiceFilter) {
  const scope = await accessScope(ctx);
  const and: FilterQuery<ServiceRequest>[] = [scopeWhere(scope)];
  if (f.status) and.push({ status: f.status });
  if (f.type) and.push({ type: f.type });
  if (f.owner === 'unassigned') and.push({ ownerId: null });
  else if (f.owner) and.push({ ownerId: f.owner === 'me' ? ctx.session.user.id : f.owner });
  if (f.overdue) and.push({ status: { $in: ['open', 'in_progress'] }, dueAt: { $lt: new Date() } });
  const c = decodeCursor(f.cursor);
  if (c?.value instanceof Date) and.push({ $or: [{ openedAt: { $lt: c.value } }, { openedAt: c.value, id: { $lt: c.id } }] });
  const rows = await ctx.em.find(ServiceRequestSchema, { $and: and }, { orderBy: { openedAt: 'desc', id: 'desc' }, limit: f.limit + 1 });
  const more = rows.length > f.limit;
  const shown = rows.slice(0, f.limit);
  const last = shown[shown.length - 1];
  return { items: await decorate(ctx, shown), nextCursor: more && last ? encodeCursor(last.openedAt, last.id) : null };
}

async function visibleRequest(ctx: TenantContext, id: string): Promise<ServiceRequest> {
  const scope = await accessScope(ctx);
  const row = await ctx.em.findOne(ServiceRequestSchema, { id, ...scopeWhere(scope) });
  if (!row) throw errors.notFound('serviceRequest');
  return row;
}

export async function getServiceRequest(ctx: TenantContext, id: string) {
  return (await decorate(ctx, [await visibleRequest(ctx, id)]))[0]!;
}

export async function serviceRequestsForCustomer(ctx: TenantContext, kind: CustomerKind, id: string, limit: number) {
  await customerSubject(ctx, kind, id);
  const rows = await ctx.em.find(ServiceRequestSchema, { subjectKind: kind, subjectId: id }, { orderBy: { openedAt: 'desc', id: 'desc' }, limit });
  return decorate(ctx, rows);
}

export interface ServiceInput {
  type: ServiceType;
  title: string;
  description: string | null;
  ownerId: string | null;
  dueAt: Date | null;
}

export async function createServiceRequest(ctx: TenantContext, input: ServiceInput & { subjectKind: CustomerKind; subjectId: string }) {
  const subject = await customerSubject(ctx, input.subjectKind, input.subjectId);
  if (input.ownerId) await assertAssignable(ctx, input.ownerId, 'service.write');
  const row = ctx.em.create(ServiceRequestSchema, {
    subjectKind: subject.kind,
    subjectId: subject.id,
    territoryId: subject.territoryId,
    type: input.type,
    title: input.title,
    description: input.description,
    status: 'open',
    ownerId: input.ownerId,
    dueAt: input.dueAt,
    resolution: null,
    openedAt: new Date(),
    resolvedAt: null,
    closedAt: null,
    createdBy: ctx.session.user.id,
  });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'service.created', entity: 'ServiceRequest', entityId: row.id, changes: { subject: `${subject.kind}:${subject.id}`, ...input } });
  return (await decorate(ctx, [row]))[0]!;
}

export async function updateServiceRequest(ctx: TenantContext, id: string, input: ServiceInput) {
  const row = await visibleRequest(ctx, id);
  if (input.ownerId && input.ownerId !== row.ownerId) await assertAssignable(ctx, input.ownerId, 'service.write');
  const diff = changes(row, input);
  Object.assign(row, input);
  await ctx.em.flush();
  if (Object.keys(diff).length) await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'service.updated', entity: 'ServiceRequest', entityId: id, changes: diff });
  return (await decorate(ctx, [row]))[0]!;
}

/**
 * Moves a request along the workflow. Resolving needs the resolution; reopening needs a reason and
 * clears the resolved/closed stamps. Every move is audited with its note.
 */
export async function transitionServiceRequest(ctx: TenantContext, id: string, to: ServiceStatus, note: string | null) {
  const row = await visibleRequest(ctx, id);
  const from = row.status;
  if (!canTransition(from, to)) throw new DomainError('INVALID_TRANSITION', 'service.errors.transition', { from, to }, 'PRECONDITION_FAILED');
  const now = new Date();
  if (to === 'resolved') {
    if (!note) throw invalid('note', 'service.errors.resolutionRequired');
    row.resolution = note;
    row.resolvedAt = now;
  } else if (to === 'closed') {
    row.closedAt = now;
  } else if (to === 'open') {
    if (!note) throw invalid('note', 'service.errors.reopenReason');
    row.resolvedAt = null;
    row.closedAt = null;
  }
  // Whoever starts work on an unassigned request takes it.
  if (to === 'in_progress' && !row.ownerId) row.ownerId = ctx.session.user.id;
  row.status = to;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'service.transitioned', entity: 'ServiceRequest', entityId: id, changes: { status: { from, to }, note } });
  return (await decorate(ctx, [row]))[0]!;
}
