import type { EntityManager } from '@mikro-orm/core';
import { ConsentEventSchema, ConsentNoticeSchema, ConsentReceiptSchema, ProductSchema, TenantSchema } from '@/server/db/entities';
import { forkEm, scopeToTenant } from '@/server/db/orm';
import { DomainError } from '@/server/errors';
import type { Context } from '@/server/trpc/context';
import { isSeparatePurpose, type ConsentScope } from './consent-rules';
import { currentScopes, recordWithdrawal, subjectIdsFor, type ScopeInput } from './consent-ledger';
import { linkState, verifyConsentLink } from './consent-link';
import { activeRestriction } from './restrictions';

/**
 * The person's own consent page, reached by a signed link (no login): what they consented to, and
 * withdrawing any of it in one step. Withdrawal is always possible — even for an archived
 * customer — because withdrawing must be as easy as granting (PIPL art. 15).
 */

type Unavailable = { status: 'invalid' | 'expired' | 'revoked' | 'unavailable' };

/** "王**": enough for the person to recognise themselves, not enough to identify them from a leaked link. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('') || '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

async function resolve(token: string): Promise<{ ok: true; tenantId: string; personId: string; expiresAt: Date; em: EntityManager } | { ok: false; result: Unavailable }> {
  const verdict = verifyConsentLink(token);
  if (!verdict.ok) return { ok: false, result: { status: verdict.reason } };
  const em = await forkEm(verdict.tenantId);
  const tenant = await em.findOne(TenantSchema, { id: verdict.tenantId });
  if (!tenant) return { ok: false, result: { status: 'unavailable' } };
  const state = await linkState(em, verdict.linkId, verdict.personId);
  if (state !== 'ok') return { ok: false, result: { status: state === 'revoked' ? 'revoked' : 'unavailable' } };
  return { ok: true, tenantId: verdict.tenantId, personId: verdict.personId, expiresAt: verdict.expiresAt, em };
}

export async function selfServiceView(token: string) {
  const r = await resolve(token);
  if (!r.ok) return r.result;
  const { em } = r;
  const { survivor, ids } = await subjectIdsFor(em, r.personId);
  if (!survivor) return { status: 'unavailable' as const };
  const restriction = await activeRestriction(em, ids);
  if (restriction?.reason === 'erased') return { status: 'unavailable' as const };
  const tenant = await em.findOneOrFail(TenantSchema, { id: r.tenantId });
  const scopes = await currentScopes(em, survivor.id);
  const noticeIds = [...new Set(scopes.flatMap((s) => (s.lastGrant?.noticeId ? [s.lastGrant.noticeId] : [])))];
  const notices = noticeIds.length ? await em.find(ConsentNoticeSchema, { id: { $in: noticeIds } }, { fields: ['id', 'title', 'version'] }) : [];
  const noticeById = new Map(notices.map((n) => [n.id, n]));
  const productIds = [...new Set(scopes.flatMap((s) => (s.productId ? [s.productId] : [])))];
  const products = productIds.length ? await em.find(ProductSchema, { id: { $in: productIds } }, { fields: ['id', 'name'] }) : [];
  const productName = new Map(products.map((p) => [p.id, p.name]));
  const receipts = await em.find(ConsentReceiptSchema, { personId: { $in: ids }, action: 'withdraw' }, { orderBy: { createdAt: 'desc' }, limit: 5 });
  const item = (s: (typeof scopes)[number]) => ({
    scopeKey: s.scopeKey,
    purpose: s.purpose,
    channel: s.channel,
    productId: s.productId,
    productName: s.productId ? (productName.get(s.productId) ?? null) : null,
    contentType: s.contentType,
    state: s.state,
    separate: isSeparatePurpose(s.purpose),
    since: s.latest.occurredAt,
    grantedAt: s.lastGrant?.occurredAt ?? null,
    expiresAt: s.lastGrant?.expiresAt ?? null,
    recipient: s.lastGrant?.recipient ?? null,
    notice: s.lastGrant?.noticeId && noticeById.get(s.lastGrant.noticeId) ? { id: s.lastGrant.noticeId, title: noticeById.get(s.lastGrant.noticeId)!.title, version: noticeById.get(s.lastGrant.noticeId)!.version } : null,
  });
  return {
    status: 'ok' as const,
    tenantName: tenant.name,
    personName: maskName(survivor.name),
    linkExpiresAt: r.expiresAt,
    active: scopes.filter((s) => s.latest.action === 'grant').map(item),
    withdrawn: scopes.filter((s) => s.latest.action !== 'grant').map(item),
    receipts: receipts.map((x) => ({ id: x.id, number: x.number, createdAt: x.createdAt, via: x.via, items: x.items })),
  };
}

/** Withdraws the chosen scopes (or everything) for the link's person; returns the receipt. */
export async function selfServiceWithdraw(ctx: Context, token: string, scopes: ScopeInput[] | 'all') {
  const verdict = verifyConsentLink(token);
  if (!verdict.ok) {
    throw verdict.reason === 'expired'
      ? new DomainError('CONSENT_LINK_EXPIRED', 'consent.errors.linkExpired', {}, 'FORBIDDEN')
      : new DomainError('CONSENT_LINK_INVALID', 'consent.errors.linkInvalid', {}, 'FORBIDDEN');
  }
  // Public procedure: the request's EntityManager has no tenant yet; the signed link names it.
  const em = scopeToTenant(ctx.em, verdict.tenantId);
  const state = await linkState(em, verdict.linkId, verdict.personId);
  if (state === 'revoked') throw new DomainError('CONSENT_LINK_REVOKED', 'consent.errors.linkRevoked', {}, 'FORBIDDEN');
  if (state === 'missing') throw new DomainError('CONSENT_LINK_INVALID', 'consent.errors.linkInvalid', {}, 'FORBIDDEN');
  const tenant = await em.findOne(TenantSchema, { id: verdict.tenantId });
  const { survivor, ids } = await subjectIdsFor(em, verdict.personId);
  const restriction = survivor ? await activeRestriction(em, ids) : null;
  if (!tenant || !survivor || restriction?.reason === 'erased') throw new DomainError('CONSENT_LINK_INVALID', 'consent.errors.linkInvalid', {}, 'FORBIDDEN');
  const receipt = await recordWithdrawal(em, {
    tenantId: verdict.tenantId,
    personId: survivor.id,
    scopes,
    via: 'self_service',
    actorUserId: null,
    ip: ctx.ip,
    requestId: ctx.requestId,
    timeZone: tenant.settings.timezone,
    allowObjection: false,
  });
  return { number: receipt.number, createdAt: receipt.createdAt, items: receipt.items as ConsentScope[] };
}

/** The text of a notice the link's person consented under (so they can reread what they agreed to). */
export async function selfServiceNotice(token: string, noticeId: string) {
  const r = await resolve(token);
  if (!r.ok) return null;
  const { ids } = await subjectIdsFor(r.em, r.personId);
  const used = await r.em.count(ConsentEventSchema, { personId: { $in: ids }, noticeId });
  if (!used) return null;
  const n = await r.em.findOne(ConsentNoticeSchema, { id: noticeId });
  return n ? { title: n.title, body: n.body, version: n.version, locale: n.locale, activatedAt: n.activatedAt } : null;
}
