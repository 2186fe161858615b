import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { TENANT_FILTER, type TenantFilterParams } from '@/server/db/tenant-scope';
import type { AuditInput } from '@/server/services/audit';
import type { TenantContext } from '@/server/services/context-types';

/** The few places where compliance code needs to know the dialect. */
export function isPostgres(em: EntityManager): boolean {
  return em.getPlatform().constructor.name.toLowerCase().includes('postgre');
}

/** A date as a raw-SQL parameter: SQLite stores epoch milliseconds, PostgreSQL timestamptz. */
export function sqlDate(em: EntityManager, d: Date): Date | number {
  return isPostgres(em) ? d : d.getTime();
}

/** A date read back from raw SQL (SQLite: epoch ms number; PostgreSQL: Date or string). */
export function fromSqlDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return new Date(Number(value));
  return new Date(String(value));
}

/**
 * Serialises everything that decides whether a person may be contacted: recording a withdrawal
 * and a send job's "check consent, then send" take this lock, so a message either went out
 * before the withdrawal committed or sees it. PostgreSQL: a transaction-scoped advisory lock.
 * SQLite has one writer at a time; callers make their first statement a write (the send job
 * claims its outbox row first), so the check reads the latest committed ledger.
 * Must be called inside a transaction.
 */
export async function lockConsentSubject(em: EntityManager, tenantId: string, personId: string): Promise<void> {
  if (!isPostgres(em)) return;
  await em.getConnection().execute('select pg_advisory_xact_lock(hashtext(?))', [`consent:${tenantId}:${personId}`], 'all', em.getTransactionContext());
}

/** The EntityManager's active tenant, or null when none is armed. */
export function tenantOf(em: EntityManager): string | null {
  return em.getFilterParams<TenantFilterParams>(TENANT_FILTER)?.tenantId ?? null;
}

/** Arms the tenant filter on a job's EntityManager, refusing one already scoped to another tenant. */
export function assertTenantScope(em: EntityManager, tenantId: string): EntityManager {
  const current = tenantOf(em);
  if (current && current !== tenantId) throw new Error(`EntityManager is scoped to ${current}, not ${tenantId}`);
  if (!current) em.setFilterParams(TENANT_FILTER, { tenantId });
  return em;
}

export function complianceAuditMeta(ctx: TenantContext): Pick<AuditInput, 'tenantId' | 'actorUserId' | 'ip' | 'requestId'> {
  return { tenantId: ctx.tenant.id, actorUserId: ctx.session.user.id, ip: ctx.ip, requestId: ctx.requestId };
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A short human-readable reference, e.g. `CR-20250301-7K3QF2` (no 0/O or 1/I to misread). */
export function humanReference(prefix: string, at = new Date(), timeZone = 'Asia/Shanghai'): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at).replace(/-/g, '');
  const bytes = randomBytes(6);
  const suffix = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${prefix}-${day}-${suffix}`;
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function isoDay(at: Date, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export const DAY_MS = 86_400_000;

/**
 * Raw SQL returning rows, in the EntityManager's transaction if it has one. Raw SQL bypasses the
 * tenant filter: every query passed here names `tenant_id = ?` itself.
 */
export async function rawRows<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return (await em.getConnection().execute(sql, params, 'all', em.getTransactionContext())) as T[];
}
