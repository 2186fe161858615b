import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';

/** Per-tenant enablement and settings of one plugin. A missing row means "never enabled". */
export interface TenantPlugin {
  id: Opt<string>;
  tenantId: Opt<string>;
  pluginId: string;
  enabled: boolean;
  settings: Record<string, unknown>;
  changedBy: string | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const TenantPluginSchema = new EntitySchema<TenantPlugin>({
  name: 'TenantPlugin',
  tableName: 'tenant_plugin',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'pluginId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    pluginId: { type: 'string', length: 64 },
    enabled: { type: 'boolean' },
    settings: { type: 'json' },
    changedBy: { type: 'string', length: 36, nullable: true },
    ...timestampProperties,
  },
});
