import { TenantSchema, type TenantSettings } from '@/server/db/entities';
import type { Locale } from '@/server/i18n/locales';
import { recordAudit } from './audit';
import { auditMeta, type TenantContext } from './context-types';

export async function tenantSettings(ctx: TenantContext) {
  const t = await ctx.em.findOneOrFail(TenantSchema, { id: ctx.tenant.id });
  return { name: t.name, slug: t.slug, ...t.settings };
}

export async function updateTenantSettings(ctx: TenantContext, input: { name: string; defaultLocale: Locale; timezone: string}) {
  const t = await ctx.em.findOneOrFail(TenantSchema, { id: ctx.tenant.id });
  const before = { name: t.name, ...t.settings };
  const settings: TenantSettings = { defaultLocale: input.defaultLocale, timezone: input.timezone };
  t.name = input.name;
  t.settings = settings;
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'tenant.settings.updated', entity: 'Tenant', entityId: t.id, changes: { before, after: { name: t.name, ...settings } } });
}
