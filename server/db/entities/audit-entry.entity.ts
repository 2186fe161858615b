import { EntitySchema, type Opt } from '@mikro-orm/core';
import { idProperty } from '../tenant-scope';

/**
 * Append-only audit trail. Entries of one tenant form a SHA-256 hash chain (`seq`, `prevHash`,
 * `hash`); security events outside any tenant (failed sign-ins) use tenantId '-'.
 * Written only through server/services/audit.ts, never through the unit of work.
 */
export interface AuditEntry {
  id: Opt<string>;
  tenantId: Opt<string>;
  seq: number;
  at: Date;
  actorUserId: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  changes: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

export const AuditEntrySchema = new EntitySchema<AuditEntry>({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  uniques: [{ properties: ['tenantId', 'seq'] }],
  indexes: [{ properties: ['tenantId', 'at'] }, { properties: ['tenantId', 'entity', 'entityId'] }],
  properties: {
    ...idProperty,
    tenantId: { type: 'string', length: 36 },
    seq: { type: 'integer' },
    at: { type: 'Date' },
    actorUserId: { type: 'string', length: 36, nullable: true },
    action: { type: 'string', length: 100 },
    entity: { type: 'string', length: 100, nullable: true },
    entityId: { type: 'string', length: 100, nullable: true },
    changes: { type: 'json', nullable: true },
    ip: { type: 'string', length: 64, nullable: true },
    requestId: { type: 'string', length: 64, nullable: true },
    prevHash: { type: 'string', length: 64 },
    hash: { type: 'string', length: 64 },
  },
});
