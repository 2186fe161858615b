import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';

/**
 * A tenant's change to a role's default grants: `granted` true adds a permission the role does
 * not have by default, false takes a default one away. Defaults live in code (core and manifests).
 */
export interface RoleGrant {
  id: Opt<string>;
  tenantId: Opt<string>;
  role: string;
  permission: string;
  granted: boolean;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const RoleGrantSchema = new EntitySchema<RoleGrant>({
  name: 'RoleGrant',
  tableName: 'role_grant',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'role', 'permission'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    role: { type: 'string', length: 32 },
    permission: { type: 'string', length: 128 },
    granted: { type: 'boolean' },
    ...timestampProperties,
  },
});
