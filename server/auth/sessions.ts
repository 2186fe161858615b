import type { EntityManager } from '@mikro-orm/core';
import { MembershipSchema, UserSchema, UserSessionSchema, type User, type UserSession } from '@/server/db/entities';
import { env } from '@/server/env';

/** Stored in user_session.revoke_reason and used as an ICU select key (so: no hyphens). */
export type SessionEndReason =
  | 'signed_out'
  | 'signed_out_everywhere'
  | 'idle'
  | 'expired'
  | 'user_disabled'
  | 'membership_disabled'
  | 'membership_removed'
  | 'not_found';

/** How often a live session's lastSeenAt is written (it drives the idle time-out, not a log). */
const TOUCH_EVERY_MS = 60_000;

export async function createUserSession(em: EntityManager, user: User, meta: { ip: string | null; userAgent: string | null }): Promise<UserSession> {
  const now = new Date();
  // Resume in the last tenant the user worked in, else their oldest membership.
  const last = await em.findOne(UserSessionSchema, { userId: user.id, activeTenantId: { $ne: null } }, { orderBy: { createdAt: 'desc' } });
  let activeTenantId = last?.activeTenantId ?? null;
  const memberships = await em.find(MembershipSchema, { userId: user.id, disabledAt: null }, { filters: false, orderBy: { createdAt: 'asc' } });
  if (!memberships.some((m) => m.tenantId === activeTenantId)) activeTenantId = memberships[0]?.tenantId ?? null;
  const session = em.create(UserSessionSchema, {
    userId: user.id,
    activeTenantId,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + env().SESSION_ABSOLUTE_HOURS * 3_600_000),
    revokedAt: null,
    revokeReason: null,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 400) ?? null,
  });
  await em.flush();
  return session;
}

export type ResolvedSession =
  | { ok: true; session: UserSession; user: User }
  | { ok: false; reason: SessionEndReason };

/**
 * Checks the server-side session row behind a JWT on every request: revoked, idle or past its
 * absolute lifetime, or its user disabled → the session is over, whatever the cookie says.
 */
export async function resolveUserSession(em: EntityManager, sessionId: string): Promise<ResolvedSession> {
  const session = await em.findOne(UserSessionSchema, { id: sessionId });
  if (!session) return { ok: false, reason: 'not_found' };
  if (session.revokedAt) return { ok: false, reason: (session.revokeReason as SessionEndReason) ?? 'signed_out' };
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) return end(em, session, 'expired');
  if (session.lastSeenAt.getTime() + env().SESSION_IDLE_MINUTES * 60_000 <= now) return end(em, session, 'idle');
  const user = await em.findOne(UserSchema, { id: session.userId });
  if (!user || user.disabledAt) return end(em, session, 'user_disabled');
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await em.nativeUpdate(UserSessionSchema, { id: session.id }, { lastSeenAt: new Date(now) });
  }
  return { ok: true, session, user };
}

async function end(em: EntityManager, session: UserSession, reason: SessionEndReason): Promise<ResolvedSession> {
  await em.nativeUpdate(UserSessionSchema, { id: session.id, revokedAt: null }, { revokedAt: new Date(), revokeReason: reason });
  return { ok: false, reason };
}

export async function revokeSession(em: EntityManager, sessionId: string, reason: SessionEndReason): Promise<void> {
  await em.nativeUpdate(UserSessionSchema, { id: sessionId, revokedAt: null }, { revokedAt: new Date(), revokeReason: reason });
}

/** Ends every live session of a user; returns how many were ended. */
export async function revokeAllSessions(em: EntityManager, userId: string, reason: SessionEndReason): Promise<number> {
  return em.nativeUpdate(UserSessionSchema, { userId, revokedAt: null }, { revokedAt: new Date(), revokeReason: reason });
}

/**
 * Ends a user's live sessions that work in one tenant. A tenant's admin acts on their own company
 * only: the same person's sessions in another company carry on.
 */
export async function revokeTenantSessions(em: EntityManager, userId: string, tenantId: string, reason: SessionEndReason): Promise<number> {
  return em.nativeUpdate(UserSessionSchema, { userId, activeTenantId: tenantId, revokedAt: null }, { revokedAt: new Date(), revokeReason: reason });
}
