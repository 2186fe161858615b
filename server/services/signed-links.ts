import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/server/auth/options';

/**
 * Signed, expiring links for people outside the company (survey answers, meeting sign-in): the
 * link is the only credential, nothing is stored. Token = `<payload>.<signature>`, the payload naming
 * tenant, subject and expiry, the signature HMAC-SHA256 under a key derived per `purpose` from
 * RAPPORT_LINK_KEY (or NEXTAUTH_SECRET) — a link issued for one purpose never opens another.
 * Single use, where a purpose needs it, is the owner's job (e.g. a response row keyed by subject).
 */
const VERSION = 1;

function keyFor(purpose: string): Buffer {
  const secret = process.env.RAPPORT_LINK_KEY || authSecret();
  return createHash('sha256').update(`rapport:link:v${VERSION}:${purpose}:${secret}`).digest();
}

function sign(purpose: string, payload: string): string {
  return createHmac('sha256', keyFor(purpose)).update(payload).digest('base64url');
}

export function signLink(purpose: string, claims: { tenantId: string; subject: string; expiresAt: Date }): string {
  const payload = Buffer.from(JSON.stringify({ v: VERSION, t: claims.tenantId, s: claims.subject, e: Math.floor(claims.expiresAt.getTime() / 1000) })).toString('base64url');
  return `${payload}.${sign(purpose, payload)}`;
}

export type SignedLinkVerdict = { ok: true; tenantId: string; subject: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' };

/** Signature first (constant time), then expiry: a tampered link is 'invalid', an old one 'expired'. */
export function verifyLink(purpose: string, token: string, now = new Date()): SignedLinkVerdict {
  if (token.length > 1000) return { ok: false, reason: 'invalid' };
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(sign(purpose, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  let body: { v?: unknown; t?: unknown; s?: unknown; e?: unknown };
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof body;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (body.v !== VERSION || typeof body.t !== 'string' || typeof body.s !== 'string' || typeof body.e !== 'number') return { ok: false, reason: 'invalid' };
  const expiresAt = new Date(body.e * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, tenantId: body.t, subject: body.s, expiresAt };
}
