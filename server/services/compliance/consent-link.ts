import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { authSecret } from '@/server/auth/options';
import { ConsentLinkSchema, UserSchema } from '@/server/db/entities';
import { errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { visibleCustomer } from '@/server/services/customers/access';
import { getPrivacySettings } from './privacy-settings';
import { complianceAuditMeta, DAY_MS } from './shared';

/**
 * Signed, expiring links to a person's self-service consent page. The link is the only credential
 * (no login): `<payload>.<signature>`, where the payload names tenant, person, the issued-link row
 * and expiry, and the signature is HMAC-SHA256 under a key derived from RAPPORT_CONSENT_LINK_KEY
 * (or NEXTAUTH_SECRET). The row (consent_link) lets staff revoke a link before it expires; changing
 * the key invalidates every link.
 */
const VERSION = 2;

function key(): Buffer {
  const secret = process.env.RAPPORT_CONSENT_LINK_KEY || authSecret();
  // A key of its own, so a consent link can never double as a session token or vice versa.
  return createHash('sha256').update(`rapport:consent-link:v${VERSION}:${secret}`).digest();
}

function sign(payload: string): string {
  return createHmac('sha256', key()).update(payload).digest('base64url');
}

export function signConsentLink(tenantId: string, personId: string, linkId: string, expiresAt: Date): string {
  const payload = Buffer.from(JSON.stringify({ v: VERSION, t: tenantId, p: personId, l: linkId, e: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

export type LinkVerdict = { ok: true; tenantId: string; personId: string; linkId: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks signature first (constant time), then expiry. A tampered link is 'invalid', an old one 'expired'. */
export function verifyConsentLink(token: string, now = new Date()): LinkVerdict {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  let body: { v?: unknown; t?: unknown; p?: unknown; l?: unknown; e?: unknown };
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof body;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (body.v !== VERSION || typeof body.t !== 'string' || typeof body.p !== 'string' || typeof body.l !== 'string' || typeof body.e !== 'number') return { ok: false, reason: 'invalid' };
  const expiresAt = new Date(body.e * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, tenantId: body.t, personId: body.p, linkId: body.l, expiresAt };
}

/**
 * Issues a self-service link for a person the member may see. The link's lifetime is the tenant's
 * setting; issuing is audited (who can reach whose consent page, until when).
 */
export async function issueConsentLink(ctx: TenantContext, personId: string) {
  const person = await visibleCustomer(ctx, 'person', personId);
  const settings = await getPrivacySettings(ctx.em);
  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt.getTime() + settings.selfServiceLinkDays * DAY_MS);
  const link = ctx.em.create(ConsentLinkSchema, { personId: person.id, issuedBy: ctx.session.user.id, issuedAt, expiresAt, revokedAt: null, revokedBy: null });
  await ctx.em.flush();
  const token = signConsentLink(ctx.tenant.id, person.id, link.id, expiresAt);
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'consent.link.issued', entity: 'Person', entityId: person.id, changes: { linkId: link.id, expiresAt: expiresAt.toISOString() } });
  return { id: link.id, path: `/consent/${token}`, expiresAt };
}

/** The person's links that still work (not revoked, not expired), newest first, with who issued them. */
export async function activeConsentLinks(ctx: TenantContext, personId: string) {
  const person = await visibleCustomer(ctx, 'person', personId);
  const links = await ctx.em.find(ConsentLinkSchema, { personId: person.id, revokedAt: null, expiresAt: { $gt: new Date() } }, { orderBy: { issuedAt: 'desc' }, limit: 20 });
  const issuers = links.length ? await ctx.em.find(UserSchema, { id: { $in: [...new Set(links.map((l) => l.issuedBy))] } }, { fields: ['id', 'name'] }) : [];
  const names = new Map(issuers.map((u) => [u.id, u.name]));
  return links.map((l) => ({ id: l.id, issuedAt: l.issuedAt, expiresAt: l.expiresAt, issuedBy: names.get(l.issuedBy) ?? null }));
}

/** Revokes one link of a person the member may see; the page it opened says so from now on. Audited. */
export async function revokeConsentLink(ctx: TenantContext, linkId: string) {
  const link = await ctx.em.findOne(ConsentLinkSchema, { id: linkId });
  if (!link) throw errors.notFound('consentLink');
  await visibleCustomer(ctx, 'person', link.personId);
  if (link.revokedAt) return { id: link.id, revokedAt: link.revokedAt };
  link.revokedAt = new Date();
  link.revokedBy = ctx.session.user.id;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'consent.link.revoked', entity: 'Person', entityId: link.personId, changes: { linkId: link.id } });
  return { id: link.id, revokedAt: link.revokedAt };
}

/** The issued-link row behind a verified token: usable, revoked, or missing (not this tenant's link). Checked on every self-service call. */
export async function linkState(em: EntityManager, linkId: string, personId: string): Promise<'ok' | 'revoked' | 'missing'> {
  const link = await em.findOne(ConsentLinkSchema, { id: linkId }, { fields: ['id', 'personId', 'revokedAt'] });
  if (!link || link.personId !== personId) return 'missing';
  return link.revokedAt === null ? 'ok' : 'revoked';
}
