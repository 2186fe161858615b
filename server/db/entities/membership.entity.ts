import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';

export interface Membership {
  id: Opt<string>;
  tenantId: Opt<string>;
  userId: string;
  roles: string[];
  /** Access to this tenant suspended by its admin; the account itself stays usable elsewhere. */
  disabledAt: Date | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const MembershipSchema = new EntitySchema<Membership>({
  name: 'Membership',
  tableName: 'membership',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'userId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    userId: { type: 'string', length: 36, index: true },
    roles: { type: 'json' },
    disabledAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});
