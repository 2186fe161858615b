import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, timestampProperties } from '../tenant-scope';

export interface TenantSettings {
  /** Locale for users who have not chosen one. */
  defaultLocale: 'zh-CN' | 'en';
  /** IANA time zone for dates shown and schedules, e.g. Asia/Shanghai. */
  timezone: string;
}

export interface Tenant {
  id: Opt<string>;
  slug: string;
  name: string;
  settings: TenantSettings;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
}

export const TenantSchema = new EntitySchema<Tenant>({
  name: 'Tenant',
  tableName: 'tenant',
  properties: {
    ...idProperty,
    slug: { type: 'string', length: 64, unique: true },
    name: { type: 'string', length: 200 },
    settings: { type: 'json' },
    ...timestampProperties,
  },
});
