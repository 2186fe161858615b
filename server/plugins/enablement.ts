import type { EntityManager } from '@mikro-orm/core';
import { TenantPluginSchema, TenantSchema } from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';

/** Ids of the plugins enabled for the EntityManager's tenant (read fresh: toggles apply on the next request). */
export async function enabledPluginIds(em: EntityManager): Promise<Set<string>> {
  const rows = await em.find(TenantPluginSchema, { enabled: true }, { fields: ['pluginId'] });
  return new Set(rows.map((r) => r.pluginId));
}

export async function isPluginEnabled(tenantId: string, pluginId: string): Promise<boolean> {
  const em = await forkEm(tenantId);
  const row = await em.findOne(TenantPluginSchema, { pluginId, enabled: true }, { fields: ['id'] });
  return row !== null;
}

/** Tenants a scheduled job of `owner` should run for: every tenant for core, else those with the plugin on. */
export async function enabledTenantsFor(owner: string): Promise<string[]> {
  const em = await forkEm();
  if (owner === 'core') {
    const tenants = await em.find(TenantSchema, {}, { fields: ['id'] });
    return tenants.map((t) => t.id);
  }
  const rows = await em.find(TenantPluginSchema, { pluginId: owner, enabled: true }, { fields: ['tenantId'], filters: false });
  return rows.map((r) => r.tenantId);
}
