import type { EntityManager } from '@mikro-orm/core';
import { LegalHoldSchema, PersonSchema, UserSchema, type LegalHold } from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { complianceAuditMeta, isoDay } from './shared';

/**
 * Legal holds: a person's records must be kept (litigation, a regulator's investigation). While a
 * hold is in force the retention job skips the person and an erasure request only restricts
 * processing; the erasure completes when the hold ends. Holds are never deleted, only released.
 */

export function holdInForce(h: Pick<LegalHold, 'releasedAt' | 'until'>, today: string): boolean {
  return h.releasedAt === null && (h.until === null || h.until >= today);
}

/** Holds in force today for any of these people. */
export async function holdsInForce(em: EntityManager, personIds: string[], timeZone = 'Asia/Shanghai'): Promise<LegalHold[]> {
  if (!personIds.length) return [];
  const today = isoDay(new Date(), timeZone);
  const rows = await em.find(LegalHoldSchema, { subjectKind: 'person', subjectId: { $in: personIds }, releasedAt: null });
  return rows.filter((h) => holdInForce(h, today));
}

export async function listLegalHolds(ctx: TenantContext, filter: { personId?: string; includeReleased: boolean }) {
  const rows = await ctx.em.find(LegalHoldSchema, { ...(filter.personId ? { subjectId: filter.personId } : {}), ...(filter.includeReleased ? {} : { releasedAt: null }) }, { orderBy: { createdAt: 'desc' }, limit: 500 });
  const people = rows.length ? await ctx.em.find(PersonSchema, { id: { $in: [...new Set(rows.map((r) => r.subjectId))] } }, { fields: ['id', 'name'] }) : [];
  const personName = new Map(people.map((p) => [p.id, p.name]));
  const users = await ctx.em.find(UserSchema, { id: { $in: [...new Set(rows.flatMap((r) => [r.createdBy, r.releasedBy]).filter((x): x is string => Boolean(x)))] } }, { fields: ['id', 'name'] });
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const today = isoDay(new Date(), ctx.tenant.settings.timezone);
  return rows.map((h) => ({
    id: h.id,
    personId: h.subjectId,
    personName: personName.get(h.subjectId) ?? null,
    reason: h.reason,
    until: h.until,
    inForce: holdInForce(h, today),
    createdAt: h.createdAt,
    createdBy: userName.get(h.createdBy) ?? null,
    releasedAt: h.releasedAt,
    releasedBy: h.releasedBy ? (userName.get(h.releasedBy) ?? null) : null,
    releaseNote: h.releaseNote,
  }));
}

export async function createLegalHold(ctx: TenantContext, input: { personId: string; reason: string; until?: string | null }) {
  const person = await ctx.em.findOne(PersonSchema, { id: input.personId });
  if (!person) throw errors.notFound('person');
  const today = isoDay(new Date(), ctx.tenant.settings.timezone);
  if (input.until && input.until < today) throw new DomainError('HOLD_IN_PAST', 'privacy.errors.holdInPast', {}, 'BAD_REQUEST', { until: { key: 'privacy.errors.holdInPast' } });
  const hold = ctx.em.create(LegalHoldSchema, { subjectKind: 'person', subjectId: person.id, reason: input.reason, until: input.until ?? null, createdBy: ctx.session.user.id, releasedAt: null, releasedBy: null, releaseNote: null });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'legalhold.created', entity: 'Person', entityId: person.id, changes: { holdId: hold.id, until: hold.until } });
  return { id: hold.id };
}

export async function releaseLegalHold(ctx: TenantContext, id: string, note: string) {
  const hold = await ctx.em.findOne(LegalHoldSchema, { id });
  if (!hold) throw errors.notFound('legalHold');
  if (hold.releasedAt) throw new DomainError('HOLD_RELEASED', 'privacy.errors.holdReleased', {}, 'CONFLICT');
  hold.releasedAt = new Date();
  hold.releasedBy = ctx.session.user.id;
  hold.releaseNote = note;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'legalhold.released', entity: 'Person', entityId: hold.subjectId, changes: { holdId: hold.id } });
}
