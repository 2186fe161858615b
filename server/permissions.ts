/**
 * Roles and core permissions. A permission id is `<area>.<action>`; plugins add `<pluginId>.<action>`
 * in their manifests. Each permission names the roles that hold it by default; a tenant can change
 * a role's grants (role_grant rows), and the admin "Roles" page shows the result.
 */
export const ROLES = ['admin', 'manager', 'rep', 'trainer', 'compliance'] as const;
export type Role = (typeof ROLES)[number];

export interface PermissionDefinition {
  id: string;
  /** Message key for a one-line description (server/i18n/messages or the plugin's catalogue). */
  descriptionKey: string;
  defaultRoles: readonly Role[];
}

export const CORE_PERMISSIONS = [
  { id: 'dashboard.view', descriptionKey: 'permissions.dashboard.view', defaultRoles: ['admin', 'manager', 'rep', 'trainer', 'compliance'] },
  { id: 'customers.read', descriptionKey: 'permissions.customers.read', defaultRoles: ['admin', 'manager', 'rep', 'compliance'] },
  { id: 'customers.write', descriptionKey: 'permissions.customers.write', defaultRoles: ['admin', 'manager', 'rep'] },
  { id: 'customers.merge', descriptionKey: 'permissions.customers.merge', defaultRoles: ['admin', 'manager'] },
  { id: 'customers.import', descriptionKey: 'permissions.customers.import', defaultRoles: ['admin', 'manager'] },
  { id: 'customers.export', descriptionKey: 'permissions.customers.export', defaultRoles: ['admin', 'manager', 'compliance'] },
  { id: 'customers.unmask', descriptionKey: 'permissions.customers.unmask', defaultRoles: ['admin', 'compliance'] },
  { id: 'territories.manage', descriptionKey: 'permissions.territories.manage', defaultRoles: ['admin'] },
  { id: 'customfields.manage', descriptionKey: 'permissions.customfields.manage', defaultRoles: ['admin'] },
  { id: 'products.manage', descriptionKey: 'permissions.products.manage', defaultRoles: ['admin', 'manager'] },
  { id: 'interactions.read', descriptionKey: 'permissions.interactions.read', defaultRoles: ['admin', 'manager', 'rep', 'compliance'] },
  { id: 'interactions.write', descriptionKey: 'permissions.interactions.write', defaultRoles: ['admin', 'manager', 'rep'] },
  { id: 'tasks.write', descriptionKey: 'permissions.tasks.write', defaultRoles: ['admin', 'manager', 'rep', 'trainer'] },
  { id: 'orders.read', descriptionKey: 'permissions.orders.read', defaultRoles: ['admin', 'manager', 'rep', 'compliance'] },
  { id: 'orders.write', descriptionKey: 'permissions.orders.write', defaultRoles: ['admin', 'manager', 'rep'] },
  { id: 'service.read', descriptionKey: 'permissions.service.read', defaultRoles: ['admin', 'manager', 'rep', 'compliance'] },
  { id: 'service.write', descriptionKey: 'permissions.service.write', defaultRoles: ['admin', 'manager', 'rep'] },
  { id: 'activities.manage', descriptionKey: 'permissions.activities.manage', defaultRoles: ['admin', 'manager'] },
  { id: 'users.manage', descriptionKey: 'permissions.users.manage', defaultRoles: ['admin'] },
  { id: 'roles.manage', descriptionKey: 'permissions.roles.manage', defaultRoles: ['admin'] },
  { id: 'plugins.manage', descriptionKey: 'permissions.plugins.manage', defaultRoles: ['admin'] },
  { id: 'tenant.settings', descriptionKey: 'permissions.tenant.settings', defaultRoles: ['admin'] },
  { id: 'jobs.manage', descriptionKey: 'permissions.jobs.manage', defaultRoles: ['admin'] },
  { id: 'audit.read', descriptionKey: 'permissions.audit.read', defaultRoles: ['admin', 'compliance'] },
  // Compliance core. Changing compliance settings and handling rights requests is the compliance
  // role's alone by default (separation of duties); an admin can grant it on the Roles page.
  { id: 'compliance.read', descriptionKey: 'permissions.compliance.read', defaultRoles: ['admin', 'compliance'] },
  { id: 'compliance.manage', descriptionKey: 'permissions.compliance.manage', defaultRoles: ['compliance'] },
  { id: 'consent.read', descriptionKey: 'permissions.consent.read', defaultRoles: ['admin', 'manager', 'rep', 'compliance'] },
  { id: 'consent.write', descriptionKey: 'permissions.consent.write', defaultRoles: ['admin', 'manager', 'rep', 'compliance'] },
  { id: 'dsr.manage', descriptionKey: 'permissions.dsr.manage', defaultRoles: ['compliance'] },
] as const satisfies readonly PermissionDefinition[];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
