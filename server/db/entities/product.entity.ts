import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { ProductCategory, ProductStatus } from './work-enums';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';

/** The code lists live in work-enums.ts (free of ORM imports, for client components). */
export { PRODUCT_CATEGORIES, PRODUCT_STATUSES, type ProductCategory, type ProductStatus } from './work-enums';

/** The company's product catalogue. `spec` is the 规格 (e.g. 10mg×28片). */
export interface Product {
  id: Opt<string>;
  tenantId: Opt<string>;
  code: string | null;
  name: string;
  genericName: string | null;
  spec: string | null;
  category: ProductCategory;
  status: ProductStatus;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const ProductSchema = new EntitySchema<Product>({
  name: 'Product',
  tableName: 'product',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'code'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    code: { type: 'string', length: 50, nullable: true },
    name: { type: 'string', length: 200 },
    genericName: { type: 'string', length: 200, nullable: true },
    spec: { type: 'string', length: 100, nullable: true },
    category: { type: 'string', length: 16 },
    status: { type: 'string', length: 16 },
    ...timestampProperties,
  },
});
