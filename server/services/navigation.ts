import { listPlugins } from '@/server/plugins/host';
import type { Context } from '@/server/trpc/context';

export interface NavItem {
  href: string;
  /** Full message key (core `nav.*`, plugins `plugins.<id>.*`). */
  labelKey: string;
  owner: string;
}

/** Core entries, then the entries of plugins enabled for the tenant, each filtered by permission. */
export async function navFor(ctx: Context): Promise<NavItem[]> {
  if (!ctx.tenant) return [];
  const can = (p?: string) => !p || ctx.permissions.has(p);
  const core: (NavItem & { permission?: string })[] = [
    { href: '/', labelKey: 'nav.dashboard', owner: 'core', permission: 'dashboard.view' },
    { href: '/customers/people', labelKey: 'nav.people', owner: 'core', permission: 'customers.read' },
    { href: '/customers/institutions', labelKey: 'nav.institutions', owner: 'core', permission: 'customers.read' },
    { href: '/interactions', labelKey: 'nav.interactions', owner: 'core', permission: 'interactions.read' },
    { href: '/tasks', labelKey: 'nav.tasks', owner: 'core', permission: 'tasks.write' },
    { href: '/service', labelKey: 'nav.service', owner: 'core', permission: 'service.read' },
    { href: '/imports', labelKey: 'nav.imports', owner: 'core', permission: 'customers.import' },
  ];
  const items: NavItem[] = core.filter((i) => can(i.permission)).map(({ permission: _p, ...i }) => i);
  // The compliance console: one entry; its own tabs show each page to whoever may see it.
  if (can('compliance.read') || can('audit.read') || can('dsr.manage')) items.push({ href: '/compliance', labelKey: 'compliance.nav.console', owner: 'core' });
  for (const plugin of listPlugins()) {
    const id = plugin.manifest.id;
    if (!ctx.enabledPlugins.has(id)) continue;
    const ui = (await plugin.ui()).default;
    for (const entry of ui.nav ?? []) {
      if (!can(entry.permission)) continue;
      items.push({ href: `/m/${id}${entry.path ? `/${entry.path}` : ''}`, labelKey: `plugins.${id}.${entry.labelKey}`, owner: id });
    }
  }
  const admin: (NavItem & { permission: string })[] = [
    { href: '/admin/territories', labelKey: 'nav.territories', owner: 'core', permission: 'territories.manage' },
    { href: '/admin/custom-fields', labelKey: 'nav.customFields', owner: 'core', permission: 'customfields.manage' },
    { href: '/admin/products', labelKey: 'nav.products', owner: 'core', permission: 'products.manage' },
    { href: '/admin/activities', labelKey: 'nav.activities', owner: 'core', permission: 'activities.manage' },
    { href: '/admin/users', labelKey: 'nav.users', owner: 'core', permission: 'users.manage' },
    { href: '/admin/roles', labelKey: 'nav.roles', owner: 'core', permission: 'users.manage' },
    { href: '/admin/modules', labelKey: 'nav.modules', owner: 'core', permission: 'plugins.manage' },
    { href: '/admin/jobs', labelKey: 'nav.jobs', owner: 'core', permission: 'jobs.manage' },
    { href: '/admin/settings', labelKey: 'nav.settings', owner: 'core', permission: 'tenant.settings' },
  ];
  for (const { permission, ...item } of admin) if (can(permission)) items.push(item);
  return items;
}
