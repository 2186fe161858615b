import type { EntityManager, EntityName, EntitySchema, RequiredEntityData } from '@mikro-orm/core';
import { DepartmentSchema } from '@/server/db/entities';
import { newId } from '@/server/db/tenant-scope';
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
 * Multi-row inserts of complete rows (ids, tenant and timestamps included: no ORM hooks run), split
 * so no statement exceeds the drivers' parameter limits.
 */
export async function insertAll<T extends object>(em: EntityManager, schema: EntitySchema<T>, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const perRow = Math.max(1, Object.keys(rows[0]!).length);
  const size = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  for (let i = 0; i < rows.length; i += size) await em.insertMany<T>(schema as EntityName<T>, rows.slice(i, i + size) as unknown as RequiredEntityData<T>[]);
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
