import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/server/auth/options';
import { recordAudit } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';
import { visibleCustomer } from '@/server/services/customers/access';
import { getPrivacySettings } from './privacy-settings';
import { complianceAuditMeta, DAY_MS } from './shared';

/**
 * Signed, expiring links to a person's self-service consent page. The link is the only credential
 * (no login): `<payload>.<signature>`, where the payload names tenant, person and expiry and the
 * signature is HMAC-SHA256 under a key derived from RAPPORT_CONSENT_LINK_KEY (or NEXTAUTH_SECRET).
 * Nothing is stored: changing the key invalidates every link.
 */
const VERSION = 1;

function key(): Buffer {
  const secret = process.env.RAPPORT_CONSENT_LINK_KEY || authSecret();
  // A key of its own, so a consent link can never double as a session token or vice versa.
  return createHash('sha256').update(`rapport:consent-link:v${VERSION}:${secret}`).digest();
}

function sign(payload: string): string {
  return createHmac('sha256', key()).update(payload).digest('base64url');
}

export function signConsentLink(tenantId: string, personId: string, expiresAt: Date): string {
  const payload = Buffer.from(JSON.stringify({ v: VERSION, t: tenantId, p: personId, e: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

export type LinkVerdict = { ok: true; tenantId: string; personId: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks signature first (constant time), then expiry. A tampered link is 'invalid', an old one 'expired'. */
export function verifyConsentLink(token: string, now = new Date()): LinkVerdict {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  let body: { v?: unknown; t?: unknown; p?: unknown; e?: unknown };
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof body;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (body.v !== VERSION || typeof body.t !== 'string' || typeof body.p !== 'string' || typeof body.e !== 'number') return { ok: false, reason: 'invalid' };
  const expiresAt = new Date(body.e * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, tenantId: body.t, personId: body.p, expiresAt };
}

/**
 * Issues a self-service link for a person the member may see. The link's lifetime is the tenant's
 * setting; issuing is audited (who can reach whose consent page, until when).
 */
export async function issueConsentLink(ctx: TenantContext, personId: string) {
  const person = await visibleCustomer(ctx, 'person', personId);
  const settings = await getPrivacySettings(ctx.em);
  const expiresAt = new Date(Date.now() + settings.selfServiceLinkDays * DAY_MS);
  const token = signConsentLink(ctx.tenant.id, person.id, expiresAt);
  await recordAudit(ctx.em, { ...complianceAuditMeta(ctx), action: 'consent.link.issued', entity: 'Person', entityId: person.id, changes: { expiresAt: expiresAt.toISOString() } });
  return { path: `/consent/${token}`, expiresAt };
}
