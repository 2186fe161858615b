import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { TerritoryLevel, TerritoryRole } from './customer-enums';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';

/** The code lists live in customer-enums.ts (free of ORM imports, for client components). */
export { TERRITORY_LEVELS, TERRITORY_ROLES, type TerritoryLevel, type TerritoryRole } from './customer-enums';

/**
 * A node of the sales territory tree (region → province → city → territory). `path` is the chain
 * of ids from the root (`/<root>/<…>/<id>/`), so "everything under X" is one prefix match.
 */
export interface Territory {
  id: Opt<string>;
  tenantId: Opt<string>;
  parentId: string | null;
  level: TerritoryLevel;
  name: string;
  code: string | null;
  path: string;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const TerritorySchema = new EntitySchema<Territory>({
  name: 'Territory',
  tableName: 'territory',
  filters: tenantFilter(),
  indexes: [{ properties: ['tenantId', 'path'] }, { properties: ['tenantId', 'parentId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    parentId: { type: 'string', length: 36, nullable: true },
    level: { type: 'string', length: 16 },
    name: { type: 'string', length: 100 },
    code: { type: 'string', length: 50, nullable: true },
    path: { type: 'string', length: 400 },
    ...timestampProperties,
  },
});

/** A user assigned to a territory node: reps work it, managers lead everything below it. */
export interface TerritoryMember {
  id: Opt<string>;
  tenantId: Opt<string>;
  territoryId: string;
  userId: string;
  role: TerritoryRole;
  createdAt: Opt<Date>;
}

export const TerritoryMemberSchema = new EntitySchema<TerritoryMember>({
  name: 'TerritoryMember',
  tableName: 'territory_member',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'territoryId', 'userId'] }],
  indexes: [{ properties: ['tenantId', 'userId'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    territoryId: { type: 'string', length: 36 },
    userId: { type: 'string', length: 36 },
    role: { type: 'string', length: 16 },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});
