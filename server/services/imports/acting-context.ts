import type { EntityManager } from '@mikro-orm/core';
import { MembershipSchema, TenantSchema, UserSchema } from '@/server/db/entities';
import { DEFAULT_LOCALE, type Locale } from '@/server/i18n/locales';
import { isRole } from '@/server/permissions';
import { enabledPluginIds } from '@/server/plugins/enablement';
import type { TenantContext } from '@/server/services/context-types';
import { grantsForRoles } from '@/server/services/roles';
import { AfterCommit } from '@/server/trpc/after-commit';

/**
 * The user who started an import or export, as a background job sees them *now*: their current
 * roles and permissions in the tenant (not those they had when they clicked), so a user removed
 * or demoted meanwhile cannot have a queued job act for them. Shaped like a request's context,
 * so customer and work services (access scope, duplicate checks) take it unchanged.
 */
export async function actingContext(em: EntityManager, tenantId: string, userId: string, requestId: string): Promise<TenantContext | null> {
  const membership = await em.findOne(MembershipSchema, { userId, disabledAt: null });
  const [tenant, user] = await Promise.all([em.findOne(TenantSchema, { id: tenantId }), em.findOne(UserSchema, { id: userId, disabledAt: null })]);
  if (!membership || !tenant || !user) return null;
  const roles = membership.roles.filter(isRole);
  const [permissions, enabledPlugins] = await Promise.all([grantsForRoles(em, roles), enabledPluginIds(em)]);
  const locale: Locale = user.locale ?? tenant.settings.defaultLocale ?? DEFAULT_LOCALE;
  return {
    requestId,
    locale,
    ip: '-',
    userAgent: null,
    em,
    session: { id: requestId, user: { id: user.id, email: user.email, name: user.name, locale: user.locale } },
    sessionEnded: null,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, settings: tenant.settings },
    membership: { id: membership.id, roles },
    permissions,
    enabledPlugins,
    afterCommit: new AfterCommit(),
  };
}

/** The same context over another EntityManager (a transaction, or a fresh fork between batches). */
export function withEm<C extends { em: EntityManager }>(ctx: C, em: EntityManager): C {
  return { ...ctx, em };
}
