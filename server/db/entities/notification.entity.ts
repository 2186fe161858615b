import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty, tenantFilter, tenantOwnedProperties } from '../tenant-scope';

/**
 * An in-app notification for one member ("case about to breach its SLA", "meeting awaits your
 * approval"). The text is a catalogue key plus values, translated when read, so each member sees it
 * in their own language. `dedupeKey` makes a repeated notify (a job delivered twice) a no-op.
 */
export interface Notification {
  id: Opt<string>;
  tenantId: Opt<string>;
  userId: string;
  /** 'core' or the plugin id that raised it. */
  source: string;
  messageKey: string;
  values: Record<string, string | number>;
  href: string | null;
  dedupeKey: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export const NotificationSchema = new EntitySchema<Notification>({
  name: 'Notification',
  tableName: 'notification',
  filters: tenantFilter(),
  uniques: [{ properties: ['tenantId', 'userId', 'dedupeKey'] }],
  indexes: [{ properties: ['tenantId', 'userId', 'createdAt'] }, { properties: ['tenantId', 'userId', 'readAt'] }],
  properties: {
    ...idProperty,
    ...tenantOwnedProperties,
    userId: { type: 'string', length: 36 },
    source: { type: 'string', length: 64 },
    messageKey: { type: 'string', length: 200 },
    values: { type: 'json' },
    href: { type: 'string', length: 500, nullable: true },
    dedupeKey: { type: 'string', length: 200, nullable: true },
    createdAt: { type: 'datetime' },
    readAt: { type: 'datetime', nullable: true },
  },
});
