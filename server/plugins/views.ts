import type { Context } from '@/server/trpc/context';
import type { PluginPage, PluginPanel, SlotId } from './contract';
import { findPlugin, listPlugins } from './host';

/** Panels for a slot: only enabled plugins' panels, only where the user holds the panel's permission. */
export async function panelsFor(ctx: Context, slot: Exclude<SlotId, 'nav'>): Promise<(PluginPanel & { pluginId: string })[]> {
  if (!ctx.tenant) return [];
  const out: (PluginPanel & { pluginId: string })[] = [];
  for (const plugin of listPlugins()) {
    const id = plugin.manifest.id;
    if (!ctx.enabledPlugins.has(id)) continue;
    const ui = (await plugin.ui()).default;
    for (const panel of ui.panels ?? []) {
      if (panel.slot !== slot) continue;
      if (panel.permission && !ctx.permissions.has(panel.permission)) continue;
      out.push({ ...panel, pluginId: id });
    }
  }
  return out;
}

function matchPath(pattern: string, segments: string[]): Record<string, string> | null {
  const parts = pattern.split('/').filter(Boolean);
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of parts.entries()) {
    const seg = segments[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(seg);
    else if (part !== seg) return null;
  }
  return params;
}

/** The plugin page at /m/<pluginId>/<path…>, or null (→ 404) when disabled, unknown or not permitted. */
export async function pageFor(ctx: Context, pluginId: string, segments: string[]): Promise<{ page: PluginPage; params: Record<string, string> } | null> {
  if (!ctx.tenant || !ctx.enabledPlugins.has(pluginId)) return null;
  const plugin = findPlugin(pluginId);
  if (!plugin) return null;
  const ui = (await plugin.ui()).default;
  for (const page of ui.pages ?? []) {
    const params = matchPath(page.path, segments);
    if (!params) continue;
    if (page.permission && !ctx.permissions.has(page.permission)) return null;
    return { page, params };
  }
  return null;
}
