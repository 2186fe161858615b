import type { EntityManager, EntitySchema } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { DepartmentSchema } from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
import { isPostgres } from '@/server/services/customers/dialect';
import type { DuplicateResult } from '@/server/services/customers/duplicates';
import type { RowProblem } from '../types';

export interface DepartmentNeed {
  institutionId: string;
  name: string;
}

const key = (institutionId: string, name: string) => `${institutionId}\u0000${name}`;

/** Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

/**
 * Multi-row inserts of complete rows (ids, tenant and timestamps included: no ORM hooks run), in
 * statements that stay under the drivers' parameter limits. Written through the query builder
 * below the ORM — an import writes hundreds of thousands of rows, and the ORM's per-row work
 * (validation, change-set preparation) costs more than the database does — with each value
 * converted the way the ORM converts it.
 */
export async function insertAll<T extends object>(em: EntityManager, schema: EntitySchema<T>, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const sql = em as SqlEntityManager;
  const platform = sql.getPlatform();
  const meta = sql.getMetadata().get(schema.meta.className);
  const sqlite = !isPostgres(em);
  const props = Object.keys(rows[0]!).map((key) => {
    const prop = (meta.properties as Record<string, (typeof meta.properties)[keyof typeof meta.properties]>)[key];
    if (!prop) throw new Error(`${meta.className} has no property ${key}`);
    return { key, column: prop.fieldNames[0]!, customType: prop.customType, bool: prop.type === 'boolean' };
  });
  // The ORM's own conversions: custom types (JSON) through the type, dates through the platform.
  const value = (p: (typeof props)[number], v: unknown): unknown => {
    if (v === null || v === undefined) return null;
    if (p.customType) return p.customType.convertToDatabaseValue(v, platform, { mode: 'query' });
    if (v instanceof Date) return platform.processDateProperty(v);
    if (sqlite && p.bool) return v ? 1 : 0;
    return v;
  };
  // A plain multi-row VALUES list (knex writes SQLite inserts as a compound SELECT, capped at 500 terms).
  const head = `insert into ${platform.quoteIdentifier(meta.tableName)} (${props.map((p) => platform.quoteIdentifier(p.column)).join(', ')}) values `;
  const tuple = `(${props.map(() => '?').join(', ')})`;
  const size = Math.max(1, Math.floor(MAX_PARAMS / props.length));
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const params = chunk.flatMap((r) => props.map((p) => value(p, r[p.key])));
    await sql.getConnection().execute(head + chunk.map(() => tuple).join(', '), params, 'run', sql.getTransactionContext());
  }
}

/** Departments that already exist, by (institution, exact name), for a batch in one query. */
export async function lookupDepartments(em: EntityManager, needs: DepartmentNeed[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!needs.length) return out;
  const rows = await em.find(
    DepartmentSchema,
    { institutionId: { $in: [...new Set(needs.map((n) => n.institutionId))] }, name: { $in: [...new Set(needs.map((n) => n.name))] } },
    { fields: ['id', 'institutionId', 'name'] },
  );
  for (const d of rows) out.set(key(d.institutionId, d.name), d.id);
  return out;
}

/**
 * Departments (科室) a sheet names that the institution does not have yet are created: rows say
 * "心内科" far more often than anyone sets departments up first. Returns ids by (institution, name).
 */
export async function findOrCreateDepartments(em: EntityManager, needs: DepartmentNeed[]): Promise<Map<string, string>> {
  const found = await lookupDepartments(em, needs);
  const now = new Date();
  const missing = new Map<string, Record<string, unknown>>();
  for (const n of needs) {
    const k = key(n.institutionId, n.name);
    if (found.has(k) || missing.has(k)) continue;
    const id = newId();
    found.set(k, id);
    missing.set(k, { id, institutionId: n.institutionId, name: n.name, specialty: null, phone: null, headPersonId: null, createdAt: now, updatedAt: now });
  }
  if (missing.size) {
    const tenantId = (em.getFilterParams('tenant') as { tenantId: string }).tenantId;
    await insertAll(em, DepartmentSchema, [...missing.values()].map((d) => ({ ...d, tenantId })));
  }
  return found;
}

/** The report's line for a row that looks like an existing (or earlier) record. */
export function describeDuplicates(found: DuplicateResult | null, locale: 'zh-CN' | 'en'): RowProblem {
  if (found?.candidates.length) {
    const sep = locale === 'en' ? ', ' : '、';
    const names = found.candidates
      .slice(0, 3)
      .map((c) => {
        const where = [c.institutionName, c.departmentName ?? c.city].filter(Boolean).join(' · ');
        return where ? (locale === 'en' ? `${c.name} (${where})` : `${c.name}（${where}）`) : c.name;
      })
      .join(sep);
    return { field: 'name', key: 'imports.problems.possibleDuplicate', values: { names, count: found.candidates.length + found.hiddenCount } };
  }
  if (found?.hiddenCount) return { field: 'name', key: 'imports.problems.possibleDuplicateHidden', values: { count: found.hiddenCount } };
  return { field: 'name', key: 'imports.problems.duplicateInFile' };
}
