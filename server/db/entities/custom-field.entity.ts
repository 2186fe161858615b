import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { CustomFieldEntity, CustomFieldType } from './customer-enums';
import { idProperty, tenantFilter, tenantOwnedProperties, timestampProperties } from '../tenant-scope';

/** The code lists live in customer-enums.ts (free of ORM imports, for client components). */
export { CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_TYPES, type CustomFieldEntity, type CustomFieldType } from './customer-enums';

export interface CustomFieldOption {
  value: string;
  label: { 'zh-CN': string; en: string };
  archived?: boolean;
}

/**
 * A tenant-defined field: the one definition forms, detail pages, lists, filters, import, export
 * and the API all read. `key` never changes (values are stored under it in the record's `custom`
 * JSON); renaming changes labels only, and removing archives the field, keeping every value.
 */
export interface CustomField {
  id: Opt<string>;
  tenantId: Opt<string>;
  entity: CustomFieldEntity;
  key: string;
  type: CustomFieldType;
  labelZh: string;
  labelEn: string;
  required: boolean;
  sensitive: boolean;
  options: CustomFieldOption[];
  position: number;
  archivedAt: Date | null;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const CustomFieldSchema = new EntitySchema<CustomField>({
  name: 'CustomField',
  tableName: 'custom_field',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'entity', 'key'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    entity: { type: 'string', length: 20 },
    key: { type: 'string', length: 60 },
    type: { type: 'string', length: 16 },
    labelZh: { type: 'string', length: 100 },
    labelEn: { type: 'string', length: 100 },
    required: { type: 'boolean' },
    sensitive: { type: 'boolean' },
    options: { type: 'json' },
    position: { type: 'integer' },
    archivedAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});
