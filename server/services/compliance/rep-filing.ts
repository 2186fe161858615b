import type { EntityManager } from '@mikro-orm/core';
import { MembershipSchema, ProductSchema, RepFilingSchema, UserSchema, type RepFiling } from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { complianceAuditMeta, isoDay } from './shared';

/**
 * Rep filing (医药代表备案, in force since 2020-12-01): a filing number and validity per rep, maybe
 * limited to some products. An unfiled or expired rep may not log promotional interactions —
 * interaction logging calls `assertRepMayPromote` before saving one.
 */

/** Filings expiring within this many days are flagged for renewal. */
export const EXPIRY_WARNING_DAYS = 30;

export type FilingState = 'valid' | 'expiring' | 'expired' | 'not_yet_valid' | 'unfiled' | 'revoked';

function stateOf(f: RepFiling | undefined, today: string, warnUntil: string): FilingState {
  if (!f) return 'unfiled';
  if (f.status === 'revoked') return 'revoked';
  if (f.validFrom > today) return 'not_yet_valid';
  if (f.validUntil < today) return 'expired';
  if (f.validUntil <= warnUntil) return 'expiring';
  return 'valid';
}

/** The filing that counts for a user on a day: the active one valid that day, else the latest active one. */
function currentFiling(filings: RepFiling[], day: string): RepFiling | undefined {
  const active = filings.filter((f) => f.status === 'active');
  return (
    active.filter((f) => f.validFrom <= day && f.validUntil >= day).sort((a, b) => b.validUntil.localeCompare(a.validUntil))[0] ??
    active.sort((a, b) => b.validUntil.localeCompare(a.validUntil))[0] ??
    filings.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0]
  );
}

/**
 * Throws unless `userId` holds a filing valid on `at` (default now) that covers `productIds`.
 * Codes: REP_NOT_FILED, REP_FILING_EXPIRED, REP_FILING_NOT_YET_VALID, REP_FILING_PRODUCT.
 * Takes the request context (or anything with a tenant-scoped `em` and the tenant's time zone).
 */
export async function assertRepMayPromote(
  ctx: { em: EntityManager; tenant: { settings: { timezone: string } } },
  userId: string,
  opts: { at?: Date; productIds?: string[] } = {},
): Promise<RepFiling> {
  const day = isoDay(opts.at ?? new Date(), ctx.tenant.settings.timezone);
  const filings = await ctx.em.find(RepFilingSchema, { userId });
  const f = currentFiling(filings, day);
  if (!f || f.status === 'revoked') throw new DomainError('REP_NOT_FILED', 'filing.errors.notFiled', {}, 'PRECONDITION_FAILED');
  if (f.validFrom > day) throw new DomainError('REP_FILING_NOT_YET_VALID', 'filing.errors.notYetValid', { from: f.validFrom }, 'PRECONDITION_FAILED');
  if (f.validUntil < day) throw new DomainError('REP_FILING_EXPIRED', 'filing.errors.expired', { until: f.validUntil, number: f.filingNumber }, 'PRECONDITION_FAILED');
  const uncovered = f.productIds.length ? (opts.productIds ?? []).filter((p) => !f.productIds.includes(p)) : [];
  if (uncovered.length) {
    const products = await ctx.em.find(ProductSchema, { id: { $in: uncovered } }, { fields: ['id', 'name'] });
    throw new DomainError('REP_FILING_PRODUCT', 'filing.errors.productNotCovered', { products: products.map((p) => p.name).join('、') || uncovered.join(', ') }, 'PRECONDITION_FAILED');
  }
  return f;
}

/** Every rep (and anyone else with a filing) with their current filing state. */
export async function repFilingStatus(ctx: TenantContext) {
  const now = new Date();
  const tz = ctx.tenant.settings.timezone;
  const today = isoDay(now, tz);
  const warnUntil = isoDay(new Date(now.getTime() + EXPIRY_WARNING_DAYS * 86_400_000), tz);
  const [members, filings] = await Promise.all([ctx.em.find(MembershipSchema, {}), ctx.em.find(RepFilingSchema, {}, { orderBy: { validUntil: 'desc' } })]);
  const filers = new Set(filings.map((f) => f.userId));
  const relevant = members.filter((m) => m.roles.includes('rep') || filers.has(m.userId));
  const users = await ctx.em.find(UserSchema, { id: { $in: relevant.map((m) => m.userId) } }, { fields: ['id', 'name', 'email'] });
  const productIds = [...new Set(filings.flatMap((f) => f.productIds))];
  const products = productIds.length ? await ctx.em.find(ProductSchema, { id: { $in: productIds } }, { fields: ['id', 'name'] }) : [];
  const productName = new Map(products.map((p) => [p.id, p.name]));
  const view = (f: RepFiling) => ({
    id: f.id,
    filingNumber: f.filingNumber,
    authority: f.authority,
    validFrom: f.validFrom,
    validUntil: f.validUntil,
    products: f.productIds.map((id) => ({ id, name: productName.get(id) ?? id })),
    status: f.status,
    note: f.note,
    revokedReason: f.revokedReason,
    createdAt: f.createdAt,
  });
  return users
    .map((u) => {
      const own = filings.filter((f) => f.userId === u.id);
      const current = currentFiling([...own], today);
      const membership = relevant.find((m) => m.userId === u.id)!;
      return {
        userId: u.id,
        name: u.name,
        email: u.email,
        isRep: membership.roles.includes('rep'),
        disabled: membership.disabledAt !== null,
        state: stateOf(current, today, warnUntil),
        current: current ? view(current) : null,
        history: own.map(view),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface FilingInput {
  userId: string;
  filingNumber: string;
  authority?: string | null;
  validFrom: string;
  validUntil: string;
  productIds: string[];
  note?: string | null;
}

export async function recordRepFiling(ctx: TenantContext, input: FilingInput) {
  const member = await ctx.em.findOne(MembershipSchema, { userId: input.userId });
  if (!member) throw errors.notFound('user');
  if (input.validUntil < input.validFrom) throw new DomainError('INVALID_FILING', 'filing.errors.validity', {}, 'BAD_REQUEST', { validUntil: { key: 'filing.errors.validity' } });
  if (input.productIds.length) {
    const found = await ctx.em.count(ProductSchema, { id: { $in: input.productIds } });
    if (found !== new Set(input.productIds).size) throw new DomainError('INVALID_FILING', 'filing.errors.unknownProduct', {}, 'BAD_REQUEST', { productIds: { key: 'filing.errors.unknownProduct' } });
  }
  if (await ctx.em.findOne(RepFilingSchema, { filingNumber: input.filingNumber.trim() })) {
    throw new DomainError('FILING_NUMBER_TAKEN', 'filing.errors.numberTaken', { number: input.filingNumber }, 'CONFLICT', { filingNumber: { key: 'filing.errors.numberTaken', values: { number: input.filingNumber } } });
  }
  const f = ctx.em.create(RepFilingSchema, {
    userId: input.userId,
    filingNumber: input.filingNumber.trim(),
    authority: input.authority?.trim() || null,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    productIds: [...new Set(input.productIds)],
    status: 'active',
    note: input.note?.trim() || null,
    recordedBy: ctx.session.user.id,
    revokedAt: null,
    revokedBy: null,
    revokedReason: null,
  });
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'filing.recorded', entity: 'RepFiling', entityId: f.id, changes: { userId: f.userId, filingNumber: f.filingNumber, validFrom: f.validFrom, validUntil: f.validUntil, products: f.productIds.length } });
  return { id: f.id };
}

export async function revokeRepFiling(ctx: TenantContext, id: string, reason: string) {
  const f = await ctx.em.findOne(RepFilingSchema, { id });
  if (!f) throw errors.notFound('filing');
  if (f.status === 'revoked') throw new DomainError('FILING_REVOKED', 'filing.errors.alreadyRevoked', {}, 'CONFLICT');
  f.status = 'revoked';
  f.revokedAt = new Date();
  f.revokedBy = ctx.session.user.id;
  f.revokedReason = reason;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'filing.revoked', entity: 'RepFiling', entityId: f.id, changes: { userId: f.userId, filingNumber: f.filingNumber, reason } });
}

/** Reps whose filing is missing, expired or expiring soon (console overview). */
export async function filingSummary(ctx: TenantContext) {
  const rows = await repFilingStatus(ctx);
  const reps = rows.filter((r) => r.isRep && !r.disabled);
  return {
    reps: reps.length,
    valid: reps.filter((r) => r.state === 'valid').length,
    expiring: reps.filter((r) => r.state === 'expiring').length,
    blocked: reps.filter((r) => ['unfiled', 'expired', 'revoked', 'not_yet_valid'].includes(r.state)).length,
  };
}
