import type { EntityManager } from '@mikro-orm/core';
import { AuditEntrySchema, MembershipSchema, UserSchema, type AuditEntry } from '@/server/db/entities';
import { recordAudit, verifyAuditChain } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { complianceAuditMeta, rawRows } from './shared';

/**
 * The audit viewer: the tenant's hash-chained log filtered by user, entity, action and time,
 * newest first with keyset paging on `seq` (stable under concurrent appends), CSV export, and the
 * chain verification a compliance officer shows an inspector.
 */

export interface AuditFilter {
  actorUserId?: string | null;
  entity?: string | null;
  entityId?: string | null;
  /** Exact action, or a prefix ending in '.' (e.g. `consent.`); the router allows only [a-z0-9_.-]. */
  action?: string | null;
  from?: Date | null;
  to?: Date | null;
}

function where(tenantId: string, f: AuditFilter, beforeSeq?: number | null) {
  const at: Record<string, Date> = {};
  if (f.from) at.$gte = f.from;
  if (f.to) at.$lt = f.to;
  return {
    tenantId,
    ...(f.actorUserId ? { actorUserId: f.actorUserId } : {}),
    ...(f.entity ? { entity: f.entity } : {}),
    ...(f.entityId ? { entityId: f.entityId } : {}),
    ...(f.action ? (f.action.endsWith('.') ? { action: { $like: `${f.action}%` } } : { action: f.action }) : {}),
    ...(Object.keys(at).length ? { at } : {}),
    ...(beforeSeq ? { seq: { $lt: beforeSeq } } : {}),
  };
}

/** One page of entries (the audit table has no tenant filter of its own: scoped by hand). */
export async function auditPage(em: EntityManager, tenantId: string, f: AuditFilter, page: { beforeSeq?: number | null; limit: number }): Promise<AuditEntry[]> {
  return em.find(AuditEntrySchema, where(tenantId, f, page.beforeSeq) as never, { orderBy: { seq: 'desc' }, limit: page.limit, filters: false });
}

export async function listAudit(ctx: TenantContext, f: AuditFilter, page: { beforeSeq?: number | null; limit: number }) {
  const rows = await auditPage(ctx.em, ctx.tenant.id, f, { ...page, limit: page.limit + 1 });
  const more = rows.length > page.limit;
  const entries = rows.slice(0, page.limit);
  const ids = [...new Set(entries.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])))];
  const users = ids.length ? await ctx.em.find(UserSchema, { id: { $in: ids } }, { fields: ['id', 'name', 'email'] }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return {
    entries: entries.map((e) => ({
      id: e.id,
      seq: e.seq,
      at: e.at,
      actorUserId: e.actorUserId,
      actor: e.actorUserId ? (byId.get(e.actorUserId)?.name ?? null) : null,
      actorEmail: e.actorUserId ? (byId.get(e.actorUserId)?.email ?? null) : null,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      changes: e.changes,
      ip: e.ip,
      requestId: e.requestId,
      hash: e.hash,
    })),
    nextBeforeSeq: more ? entries[entries.length - 1]!.seq : null,
  };
}

/** Choices for the filters: the tenant's members, and the actions and entities that occur. */
export async function auditFacets(ctx: TenantContext) {
  const [actions, entities] = await Promise.all([
    rawRows<{ action: string }>(ctx.em, 'select distinct action from audit_entry where tenant_id = ? order by action', [ctx.tenant.id]),
    rawRows<{ entity: string }>(ctx.em, 'select distinct entity from audit_entry where tenant_id = ? and entity is not null order by entity', [ctx.tenant.id]),
  ]);
  const members = await ctx.em.find(MembershipSchema, {});
  const users = await ctx.em.find(UserSchema, { id: { $in: members.map((m) => m.userId) } }, { fields: ['id', 'name', 'email'] });
  return {
    actions: actions.map((a) => a.action),
    entities: entities.map((e) => e.entity),
    users: users.map((u) => ({ id: u.id, name: u.name, email: u.email })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * Recomputes the tenant's chain. Intact → how many entries; broken → the first entry that does not
 * match (edited, re-hashed, missing). The check itself is recorded, so the log shows who verified when.
 */
export async function verifyChain(ctx: TenantContext) {
  const verdict = await verifyAuditChain(ctx.em, ctx.tenant.id);
  let broken: { seq: number; at: Date; action: string; id: string } | null = null;
  if (!verdict.intact) {
    const row = await ctx.em.findOne(AuditEntrySchema, { id: verdict.entryId }, { filters: false });
    broken = { seq: verdict.brokenAtSeq, id: verdict.entryId, at: row?.at ?? new Date(0), action: row?.action ?? '' };
  }
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'audit.chain.verified', entity: 'AuditLog', entityId: ctx.tenant.id, changes: { intact: verdict.intact, entries: verdict.entries, ...(broken ? { brokenAtSeq: broken.seq } : {}) } });
  return { intact: verdict.intact, entries: verdict.entries, broken, checkedAt: new Date() };
}
