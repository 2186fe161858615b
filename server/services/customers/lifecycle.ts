import { LifecycleChangeSchema, UserSchema, type CustomerKind, type LifecycleStage, type Tier } from '@/server/db/entities';
import { recordAudit } from '@/server/services/audit';
import { visibleCustomer } from './access';
import { customerAuditMeta, type CustomerContext } from './context';

/**
 * Tier (A/B/C) and lifecycle stage (identified → … → lost): every change is kept in
 * lifecycle_change with who, when and why, and shown as the customer's history.
 */

export type LifecycleField = 'tier' | 'stage';

/** Appends history rows for the fields that changed (call before flushing the record). */
export function recordLifecycleChanges(
  ctx: CustomerContext,
  kind: CustomerKind,
  subjectId: string,
  before: { tier: Tier | null; stage: LifecycleStage },
  after: { tier: Tier | null; stage: LifecycleStage },
  reason: string | null,
): LifecycleField[] {
  const changed: LifecycleField[] = [];
  const at = new Date();
  for (const field of ['tier', 'stage'] as const) {
    if ((before[field] ?? null) === (after[field] ?? null)) continue;
    ctx.em.create(LifecycleChangeSchema, { subjectKind: kind, subjectId, field, fromValue: before[field] ?? null, toValue: after[field] ?? null, reason, changedBy: ctx.session.user.id, at });
    changed.push(field);
  }
  return changed;
}

/** Changes tier or stage of a customer the user may see, with a reason; audited. */
export async function changeLifecycle(ctx: CustomerContext, kind: CustomerKind, id: string, field: LifecycleField, value: string | null, reason: string) {
  const row = await visibleCustomer(ctx, kind, id);
  const before = { tier: row.tier, stage: row.stage };
  const after = { ...before, [field]: value } as typeof before;
  const changed = recordLifecycleChanges(ctx, kind, id, before, after, reason);
  if (!changed.length) return { changed: false };
  if (field === 'tier') row.tier = value as Tier | null;
  else row.stage = value as LifecycleStage;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...customerAuditMeta(ctx), action: 'customer.lifecycle.changed', entity: kind === 'person' ? 'Person' : 'Institution', entityId: id, changes: { [field]: { from: before[field], to: value }, reason } });
  return { changed: true };
}

/** The customer's tier and stage history, newest first. */
export async function lifecycleHistory(ctx: CustomerContext, kind: CustomerKind, id: string) {
  await visibleCustomer(ctx, kind, id);
  const rows = await ctx.em.find(LifecycleChangeSchema, { subjectKind: kind, subjectId: id }, { orderBy: { at: 'desc' }, limit: 200 });
  const users = await ctx.em.find(UserSchema, { id: { $in: [...new Set(rows.map((r) => r.changedBy).filter((u): u is string => !!u))] } }, { fields: ['id', 'name'] });
  const names = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => ({ id: r.id, field: r.field, from: r.fromValue, to: r.toValue, reason: r.reason, by: r.changedBy ? (names.get(r.changedBy) ?? null) : null, at: r.at }));
}
