import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { clientIp } from '@/server/auth/request-meta';
import { resolveUserSession, type SessionEndReason } from '@/server/auth/sessions';
import { sessionIdFromCookies } from '@/server/auth/session-token';
import { MembershipSchema, TenantSchema, type Tenant, type User } from '@/server/db/entities';
import { forkEm, scopeToTenant } from '@/server/db/orm';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, type Locale } from '@/server/i18n/locales';
import { enabledPluginIds } from '@/server/plugins/enablement';
import { grantsForRoles } from '@/server/services/roles';
import { isRole, type Role } from '@/server/permissions';
import { AfterCommit } from './after-commit';

export interface SessionInfo {
  id: string;
  user: Pick<User, 'id' | 'email' | 'name' | 'locale'>;
}

export interface MembershipInfo {
  id: string;
  roles: Role[];
}

/**
 * What every procedure receives. Resolving it never throws for a missing session or tenant:
 * procedures decide (public / authed / tenant / permission / plugin) and check it themselves.
 */
export interface Context {
  requestId: string;
  locale: Locale;
  ip: string;
  userAgent: string | null;
  /** Forked for this request; the tenant filter is armed when a tenant is active. */
  em: EntityManager;
  session: SessionInfo | null;
  /** Why a presented session is no longer valid (revoked, idle, expired…), for a precise error. */
  sessionEnded: SessionEndReason | null;
  tenant: Pick<Tenant, 'id' | 'slug' | 'name' | 'settings'> | null;
  membership: MembershipInfo | null;
  permissions: ReadonlySet<string>;
  enabledPlugins: ReadonlySet<string>;
  /** Events and jobs that go out only after the request's transaction commits. */
  afterCommit: AfterCommit;
}

function cookieValue(cookieHeader: string | null, name: string): string | undefined {
  return cookieHeader
    ?.split(';')
    .map((p) => p.trim())
    .find((p) => p.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

export async function createContext(headers: Headers): Promise<Context> {
  const cookies = headers.get('cookie');
  const em = await forkEm();
  const base = {
    requestId: headers.get('x-request-id')?.slice(0, 64) || randomUUID(),
    ip: clientIp(headers),
    userAgent: headers.get('user-agent'),
    em,
    session: null,
    sessionEnded: null,
    tenant: null,
    membership: null,
    permissions: new Set<string>(),
    enabledPlugins: new Set<string>(),
    afterCommit: new AfterCommit(),
  };
  // Locale precedence: the user's saved choice, this browser's choice (cookie), the company's
  // default, then the browser's languages.
  const cookieLocale = cookieValue(cookies, LOCALE_COOKIE);
  const chosen: Locale | null = isLocale(cookieLocale) ? cookieLocale : null;
  const anonymousLocale: Locale = chosen ?? localeFromAcceptLanguage(headers.get('accept-language'));

  const sid = await sessionIdFromCookies(cookies);
  if (!sid) return { ...base, locale: anonymousLocale };
  const resolved = await resolveUserSession(em, sid);
  if (!resolved.ok) return { ...base, locale: anonymousLocale, sessionEnded: resolved.reason };

  const { session, user } = resolved;
  const sessionInfo: SessionInfo = { id: session.id, user: { id: user.id, email: user.email, name: user.name, locale: user.locale } };
  const locale: Locale = user.locale ?? anonymousLocale ?? DEFAULT_LOCALE;
  const explicit = user.locale ?? chosen;
  if (!session.activeTenantId) return { ...base, locale, session: sessionInfo };

  const membership = await em.findOne(MembershipSchema, { userId: user.id, tenantId: session.activeTenantId, disabledAt: null }, { filters: false });
  const tenant = membership ? await em.findOne(TenantSchema, { id: session.activeTenantId }) : null;
  if (!membership || !tenant) return { ...base, locale, session: sessionInfo };

  scopeToTenant(em, tenant.id);
  const roles = membership.roles.filter(isRole);
  const [permissions, enabledPlugins] = await Promise.all([grantsForRoles(em, roles), enabledPluginIds(em)]);
  return {
    ...base,
    locale: explicit ?? tenant.settings.defaultLocale ?? anonymousLocale,
    session: sessionInfo,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, settings: tenant.settings },
    membership: { id: membership.id, roles },
    permissions,
    enabledPlugins,
  };
}
