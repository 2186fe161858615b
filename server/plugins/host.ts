import { allPlugins } from '@/plugins/registry';
import { coreEventHandlers } from '@/server/events/core-handlers';
import type { Subscriber } from '@/server/events/bus';
import { coreJobs } from '@/server/jobs/core-jobs';
import type { JobDefinition } from '@/server/jobs/define';
import { CORE_PERMISSIONS, type Role } from '@/server/permissions';
import type { PluginDefinition } from './contract';

/** Read-only views over the registry that core uses; nothing here names a plugin. */

export function listPlugins(): PluginDefinition[] {
  return allPlugins();
}

export function findPlugin(id: string): PluginDefinition | undefined {
  return allPlugins().find((p) => p.manifest.id === id);
}

/** Plugins in dependency order (dependencies first). Throws on a missing dependency or a cycle. */
export function pluginsInDependencyOrder(plugins: PluginDefinition[] = allPlugins()): PluginDefinition[] {
  const byId = new Map(plugins.map((p) => [p.manifest.id, p]));
  const ordered: PluginDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: PluginDefinition, trail: string[]) => {
    const id = p.manifest.id;
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`plugin dependency cycle: ${[...trail, id].join(' → ')}`);
    state.set(id, 'visiting');
    for (const dep of p.manifest.dependencies) {
      const target = byId.get(dep.id);
      if (!target) throw new Error(`plugin ${id} depends on ${dep.id}, which is not registered`);
      visit(target, [...trail, id]);
    }
    state.set(id, 'done');
    ordered.push(p);
  };
  for (const p of [...plugins].sort((a, b) => a.manifest.id.localeCompare(b.manifest.id))) visit(p, []);
  return ordered;
}

/** Plugins that declare `id` as a dependency. */
export function dependantsOf(id: string): PluginDefinition[] {
  return allPlugins().filter((p) => p.manifest.dependencies.some((d) => d.id === id));
}

export interface PermissionInfo {
  id: string;
  /** 'core' or the plugin id. */
  owner: string;
  defaultRoles: readonly Role[];
  /** Core: a message key; plugins: the localized text itself. */
  descriptionKey?: string;
  description?: Record<string, string>;
}

export function allPermissions(): PermissionInfo[] {
  return [
    ...CORE_PERMISSIONS.map((p) => ({ id: p.id, owner: 'core', defaultRoles: p.defaultRoles, descriptionKey: p.descriptionKey })),
    ...allPlugins().flatMap((p) =>
      p.manifest.permissions.map((perm) => ({ id: perm.id, owner: p.manifest.id, defaultRoles: perm.defaultRoles, description: perm.description })),
    ),
  ];
}

export function allJobDefinitions(): JobDefinition[] {
  return [...coreJobs, ...allPlugins().flatMap((p) => p.server.jobs ?? [])];
}

export function eventSubscribers(): Subscriber[] {
  return [
    ...coreEventHandlers.map((handler) => ({ owner: 'core', handler })),
    ...allPlugins().flatMap((p) => (p.server.events ?? []).map((handler) => ({ owner: p.manifest.id, handler }))),
  ];
}
