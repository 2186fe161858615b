import { MembershipSchema, TenantSchema, UserSchema, UserSessionSchema } from '@/server/db/entities';
import { revokeAllSessions } from '@/server/auth/sessions';
import { hashPassword, verifyPassword } from '@/server/auth/password';
import { DomainError, errors } from '@/server/errors';
import type { Locale } from '@/server/i18n/locales';
import type { Context, SessionInfo } from '@/server/trpc/context';
import { recordAudit, SYSTEM_TENANT } from './audit';

type AuthedContext = Context & { session: SessionInfo };

/** The tenants a user belongs to, for the header's tenant switcher. */
export async function myTenants(ctx: AuthedContext) {
  const memberships = await ctx.em.find(MembershipSchema, { userId: ctx.session.user.id, disabledAt: null }, { filters: false });
  if (!memberships.length) return [];
  const tenants = await ctx.em.find(TenantSchema, { id: { $in: memberships.map((m) => m.tenantId) } }, { orderBy: { name: 'asc' } });
  return tenants.map((t) => ({
    id: t.id,
    slug: t.slug,
    name: t.name,
    roles: memberships.find((m) => m.tenantId === t.id)?.roles ?? [],
    active: t.id === ctx.tenant?.id,
  }));
}

/** Makes another of the user's tenants the active one for this session (every server sees it). */
export async function switchTenant(ctx: AuthedContext, tenantId: string): Promise<void> {
  const membership = await ctx.em.findOne(MembershipSchema, { userId: ctx.session.user.id, tenantId, disabledAt: null }, { filters: false });
  if (!membership) throw errors.forbidden('tenant.member');
  await ctx.em.nativeUpdate(UserSessionSchema, { id: ctx.session.id }, { activeTenantId: tenantId });
  await recordAudit(ctx.em, { tenantId, actorUserId: ctx.session.user.id, action: 'session.tenant.switched', entity: 'UserSession', entityId: ctx.session.id, ip: ctx.ip, requestId: ctx.requestId });
}

export async function setMyLocale(ctx: AuthedContext, locale: Locale): Promise<void> {
  await ctx.em.nativeUpdate(UserSchema, { id: ctx.session.user.id }, { locale });
}

export async function signOutEverywhere(ctx: AuthedContext): Promise<number> {
  const n = await revokeAllSessions(ctx.em, ctx.session.user.id, 'signed_out_everywhere');
  await recordAudit(ctx.em, { tenantId: ctx.tenant?.id ?? SYSTEM_TENANT, actorUserId: ctx.session.user.id, action: 'auth.signout.everywhere', entity: 'User', entityId: ctx.session.user.id, changes: { sessions: n }, ip: ctx.ip, requestId: ctx.requestId });
  return n;
}

export async function changeMyPassword(ctx: AuthedContext, current: string, next: string): Promise<void> {
  const user = await ctx.em.findOneOrFail(UserSchema, { id: ctx.session.user.id }, { populate: ['passwordHash'] });
  if (!(await verifyPassword(user.passwordHash, current))) throw new DomainError('WRONG_PASSWORD', 'account.errors.wrongPassword');
  user.passwordHash = await hashPassword(next);
  await ctx.em.flush();
  // Other devices must sign in again with the new password; this session stays.
  await ctx.em.nativeUpdate(UserSessionSchema, { userId: user.id, revokedAt: null, id: { $ne: ctx.session.id } }, { revokedAt: new Date(), revokeReason: 'signed_out_everywhere' });
  await recordAudit(ctx.em, { tenantId: ctx.tenant?.id ?? SYSTEM_TENANT, actorUserId: user.id, action: 'auth.password.changed', entity: 'User', entityId: user.id, ip: ctx.ip, requestId: ctx.requestId });
}
