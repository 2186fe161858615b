import { TenantPluginSchema, UserSchema } from '@/server/db/entities';
import { DomainError, errors } from '@/server/errors';
import { dependantsOf, findPlugin, listPlugins } from '@/server/plugins/host';
import type { LocalizedText } from '@/server/plugins/contract';
import { recordAudit } from './audit';
import { auditMeta, type TenantContext } from './context-types';

export interface ModuleStatus {
  id: string;
  version: string;
  name: LocalizedText;
  description: LocalizedText;
  dependencies: { id: string; range: string; enabled: boolean; registered: boolean }[];
  dependants: string[];
  permissions: { id: string; description: LocalizedText; defaultRoles: readonly string[] }[];
  dataCategories: { table: string; sensitive: boolean; subject: string }[];
  enabled: boolean;
  changedAt: Date | null;
  /** Name of the member who last switched it (or changed its settings). */
  changedBy: string | null;
}

export async function listModules(ctx: TenantContext): Promise<ModuleStatus[]> {
  const rows = await ctx.em.find(TenantPluginSchema, {});
  const byId = new Map(rows.map((r) => [r.pluginId, r]));
  const changers = await ctx.em.find(UserSchema, { id: { $in: rows.flatMap((r) => (r.changedBy ? [r.changedBy] : [])) } }, { fields: ['id', 'name'] });
  const nameOf = new Map(changers.map((u) => [u.id, u.name]));
  return listPlugins().map(({ manifest }) => {
    const row = byId.get(manifest.id);
    return {
      id: manifest.id,
      version: manifest.version,
      name: manifest.name,
      description: manifest.description,
      dependencies: manifest.dependencies.map((d) => ({
        ...d,
        registered: Boolean(findPlugin(d.id)),
        enabled: Boolean(byId.get(d.id)?.enabled),
      })),
      dependants: dependantsOf(manifest.id).map((p) => p.manifest.id),
      permissions: manifest.permissions.map((p) => ({ id: p.id, description: p.description, defaultRoles: p.defaultRoles })),
      dataCategories: manifest.dataCategories.map((c) => ({ table: c.table, sensitive: c.sensitive, subject: c.subject })),
      enabled: Boolean(row?.enabled),
      changedAt: row?.updatedAt ?? null,
      changedBy: row?.changedBy ? (nameOf.get(row.changedBy) ?? null) : null,
    };
  });
}

/**
 * Switches a plugin on or off for the tenant. Enabling needs every dependency enabled; disabling
 * is refused while an enabled plugin depends on it, unless `cascade` also disables those (the
 * admin confirmed). Data is never deleted. Audited; effective from the next request.
 */
export async function setModuleEnabled(ctx: TenantContext, pluginId: string, enabled: boolean, cascade = false): Promise<string[]> {
  const plugin = findPlugin(pluginId);
  if (!plugin) throw errors.notFound('plugin');
  const rows = await ctx.em.find(TenantPluginSchema, {});
  const isOn = (id: string) => rows.some((r) => r.pluginId === id && r.enabled);
  const changed: string[] = [];

  if (enabled) {
    const missing = plugin.manifest.dependencies.filter((d) => !isOn(d.id)).map((d) => d.id);
    if (missing.length) throw new DomainError('PLUGIN_DEPENDENCY_DISABLED', 'modules.errors.dependencyDisabled', { plugin: pluginId, missing: missing.join(', ') }, 'PRECONDITION_FAILED');
  } else {
    const activeDependants = collectDependants(pluginId).filter(isOn);
    if (activeDependants.length && !cascade) {
      throw new DomainError('PLUGIN_HAS_DEPENDANTS', 'modules.errors.hasDependants', { plugin: pluginId, dependants: activeDependants.join(', ') }, 'PRECONDITION_FAILED');
    }
    for (const dep of activeDependants) await toggle(ctx, dep, false, rows, changed);
  }
  await toggle(ctx, pluginId, enabled, rows, changed);
  return changed;
}

/** Every plugin that depends on `id`, directly or through others, dependants first. */
function collectDependants(id: string, seen = new Set<string>()): string[] {
  const out: string[] = [];
  for (const p of dependantsOf(id)) {
    if (seen.has(p.manifest.id)) continue;
    seen.add(p.manifest.id);
    out.push(...collectDependants(p.manifest.id, seen), p.manifest.id);
  }
  return out;
}

async function toggle(ctx: TenantContext, pluginId: string, enabled: boolean, rows: { pluginId: string; enabled: boolean }[], changed: string[]) {
  const plugin = findPlugin(pluginId)!;
  let row = await ctx.em.findOne(TenantPluginSchema, { pluginId });
  if (row?.enabled === enabled) return;
  if (!row) {
    row = ctx.em.create(TenantPluginSchema, { pluginId, enabled, settings: { ...(plugin.manifest.settings.defaults as Record<string, unknown>) }, changedBy: ctx.session.user.id });
  } else {
    row.enabled = enabled;
    row.changedBy = ctx.session.user.id;
  }
  const local = rows.find((r) => r.pluginId === pluginId);
  if (local) local.enabled = enabled;
  else rows.push({ pluginId, enabled });
  await ctx.em.flush();
  const hook = enabled ? plugin.server.onEnable : plugin.server.onDisable;
  await hook?.({ tenantId: ctx.tenant.id, em: ctx.em, userId: ctx.session.user.id });
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: enabled ? 'plugin.enabled' : 'plugin.disabled', entity: 'Plugin', entityId: pluginId, changes: { enabled } });
  ctx.afterCommit.emit(enabled ? 'plugin.enabled' : 'plugin.disabled', { tenantId: ctx.tenant.id, pluginId, actorUserId: ctx.session.user.id });
  changed.push(pluginId);
}

export async function updateModuleSettings(ctx: TenantContext, pluginId: string, input: unknown): Promise<Record<string, unknown>> {
  const plugin = findPlugin(pluginId);
  if (!plugin) throw errors.notFound('plugin');
  const parsed = plugin.manifest.settings.schema.safeParse(input);
  if (!parsed.success) throw parsed.error;
  let row = await ctx.em.findOne(TenantPluginSchema, { pluginId });
  const settings = parsed.data as Record<string, unknown>;
  if (!row) row = ctx.em.create(TenantPluginSchema, { pluginId, enabled: false, settings, changedBy: ctx.session.user.id });
  else {
    row.settings = settings;
    row.changedBy = ctx.session.user.id;
  }
  await ctx.em.flush();
  await recordAudit(ctx.em, { ...auditMeta(ctx), action: 'plugin.settings.updated', entity: 'Plugin', entityId: pluginId, changes: settings });
  return settings;
}

/** A plugin's settings for the tenant: stored values over the manifest's defaults. */
export async function moduleSettings(ctx: Pick<TenantContext, 'em'>, pluginId: string): Promise<Record<string, unknown>> {
  const plugin = findPlugin(pluginId);
  if (!plugin) throw errors.notFound('plugin');
  const row = await ctx.em.findOne(TenantPluginSchema, { pluginId });
  return { ...(plugin.manifest.settings.defaults as Record<string, unknown>), ...(row?.settings ?? {}) };
}
