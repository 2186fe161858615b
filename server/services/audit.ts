import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { AuditEntrySchema, type AuditEntry } from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';

/** Security events that belong to no tenant (e.g. a failed sign-in for an unknown account). */
export const SYSTEM_TENANT = '-';
const GENESIS = '0'.repeat(64);

export interface AuditInput {
  tenantId: string | null;
  actorUserId: string | null;
  /** Dotted verb, e.g. `plugin.enabled`, `auth.signin.failed`, `membership.removed`. */
  action: string;
  entity?: string | null;
  entityId?: string | null;
  /** Changed fields; callers pass sensitive values already redacted (see `redact`). */
  changes?: Record<string, unknown> | null;
  ip?: string | null;
  requestId?: string | null;
}

/** Replaces the values of sensitive keys with a marker, keeping the fact that they changed. */
export function redact(changes: Record<string, unknown>, sensitiveKeys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changes)) out[k] = sensitiveKeys.includes(k) ? '[redacted]' : v;
  return out;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function entryHash(e: Omit<AuditEntry, 'id' | 'hash'>): string {
  const body = canonical({
    tenantId: e.tenantId,
    seq: e.seq,
    at: e.at.toISOString(),
    actorUserId: e.actorUserId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    changes: e.changes,
    ip: e.ip,
    requestId: e.requestId,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

async function appendLocked(em: EntityManager, input: AuditInput): Promise<void> {
  const tenantId = input.tenantId ?? SYSTEM_TENANT;
  const conn = em.getConnection();
  const trx = em.getTransactionContext();
  if (conn.getPlatform().constructor.name.toLowerCase().includes('postgre')) {
    // One writer per tenant chain at a time, across every server: the lock ends with the transaction.
    await conn.execute('select pg_advisory_xact_lock(hashtext(?))', [`audit:${tenantId}`], 'all', trx);
  }
  const last = await conn.execute<{ seq: number; hash: string }[]>(
    'select seq, hash from audit_entry where tenant_id = ? order by seq desc limit 1',
    [tenantId],
    'all',
    trx,
  );
  const prev = last[0];
  const entry: Omit<AuditEntry, 'hash'> = {
    id: newId(),
    tenantId,
    seq: prev ? Number(prev.seq) + 1 : 1,
    at: new Date(),
    actorUserId: input.actorUserId,
    action: input.action,
    entity: input.entity ?? null,
    entityId: input.entityId ?? null,
    changes: input.changes ?? null,
    ip: input.ip ?? null,
    requestId: input.requestId ?? null,
    prevHash: prev?.hash ?? GENESIS,
  };
  await em.insert(AuditEntrySchema, { ...entry, hash: entryHash(entry) });
}

/**
 * Appends an entry to the tenant's hash chain inside the caller's transaction (so the entry commits
 * with the change it describes), or in its own transaction when the caller has none.
 */
export async function recordAudit(em: EntityManager, input: AuditInput): Promise<void> {
  if (em.isInTransaction()) return appendLocked(em, input);
  await em.transactional((tx) => appendLocked(tx, input));
}

export type ChainVerdict = { intact: true; entries: number } | { intact: false; entries: number; brokenAtSeq: number; entryId: string };

/** Recomputes a tenant's chain from the start; reports the first entry whose hash or link is wrong. */
export async function verifyAuditChain(em: EntityManager, tenantId: string): Promise<ChainVerdict> {
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  const batch = 1000;
  for (;;) {
    const rows = await em.find(
      AuditEntrySchema,
      { tenantId, seq: { $gte: expectedSeq } },
      { orderBy: { seq: 'asc' }, limit: batch, filters: false, disableIdentityMap: true },
    );
    for (const row of rows) {
      const { hash, id, ...rest } = row;
      if (row.seq !== expectedSeq || row.prevHash !== prevHash || entryHash(rest) !== hash) {
        return { intact: false, entries: checked, brokenAtSeq: row.seq, entryId: id };
      }
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < batch) return { intact: true, entries: checked };
  }
}
