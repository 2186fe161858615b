import type { EntityManager } from '@mikro-orm/core';
import { ContactPointSchema, DepartmentSchema, InstitutionSchema, PersonSchema, type CustomerKind } from '@/server/db/entities';
import { accessScope, scopeWhere, type AccessScope } from './access';
import { PHONE_KINDS } from './contacts';
import type { CustomerContext } from './context';
import { isPostgres, likeOp } from './dialect';

/**
 * Finding a customer the way reps type: a Chinese name or part of it (two-character names too),
 * full pinyin or initials (张三 → zhangsan, zs), or the last digits of a phone number.
 */

/** Wildcards and escapes are not part of any name; dropping them keeps LIKE patterns literal on both databases. */
function literal(s: string): string {
  return s.replace(/[%_\\]/g, '');
}

const MAX_PHONE_OWNERS = 500;
/** Up to this many name matches are fetched as ids first; more than that and plain LIKE is faster. */
const CONTAINS_ID_LIMIT = 1000;

/**
 * "Starts with" that can use a B-tree index: a range on SQLite (binary collation); LIKE on
 * PostgreSQL, whose collation-aware ranges would not be safe (a C-collated column uses the index).
 */
function startsWith(em: EntityManager, prefix: string): Record<string, string> {
  return isPostgres(em) ? { $like: `${prefix}%` } : { $gte: prefix, $lt: `${prefix}\uffff` };
}

/** Owners of phones ending in the digits of `q` (at least 3 digits, and nothing but phone characters). */
async function phoneOwners(em: EntityManager, kind: CustomerKind, q: string): Promise<string[]> {
  if (!/^[+\d\s()-]+$/.test(q)) return [];
  const digits = q.replace(/\D/g, '');
  if (digits.length < 3) return [];
  const reversed = [...digits].reverse().join('');
  const rows = await em.find(ContactPointSchema, { ownerKind: kind, kind: { $in: [...PHONE_KINDS] }, valueReversed: startsWith(em, reversed) }, { fields: ['ownerId'], limit: MAX_PHONE_OWNERS });
  return [...new Set(rows.map((r) => r.ownerId))];
}

/**
 * "Name contains": no index can answer it, so the matching ids are found first in one plain
 * scan and the list (sorted by another index) only checks membership. When a query matches very
 * many names (a common surname), plain LIKE is used instead: the sorted scan then stops early.
 */
async function nameContains(em: EntityManager, kind: CustomerKind, text: string, scope?: AccessScope): Promise<Record<string, unknown> | null> {
  const like = { [likeOp(em)]: `%${text}%` };
  const schema = kind === 'person' ? PersonSchema : InstitutionSchema;
  // Within the user's territories when known: a rep's scan then covers their customers, not the company's.
  const ids = await em.find(schema as typeof PersonSchema, { name: like, ...(scope ? scopeWhere(scope) : {}) } as never, { fields: ['id'], limit: CONTAINS_ID_LIMIT + 1 });
  if (ids.length > CONTAINS_ID_LIMIT) return { name: like };
  return ids.length ? { id: { $in: ids.map((r) => r.id) } } : null;
}

/**
 * The condition "matches `q`" for a person or institution query (find / QueryBuilder object
 * syntax): name contains, pinyin or initials start with, or a phone ends with. Null when `q` is empty.
 */
export async function textCondition(em: EntityManager, kind: CustomerKind, q: string | undefined, scope?: AccessScope): Promise<Record<string, unknown> | null> {
  const text = literal((q ?? '').trim());
  if (!text) return null;
  const latin = text.toLowerCase().replace(/\s+/g, '');
  const or: Record<string, unknown>[] = [];
  const phoneLike = /^[+\d\s()-]+$/.test(text);
  const latinOnly = /^[a-z0-9]+$/.test(latin);
  if (latinOnly && !phoneLike) or.push({ namePinyin: startsWith(em, latin) }, { nameInitials: startsWith(em, latin) });
  // Chinese text is looked for anywhere in the name (two-character names included). Latin text
  // matches pinyin and initials from the start; from three letters on, also inside Latin names.
  if (!phoneLike && (!latinOnly || latin.length >= 3)) {
    const contains = await nameContains(em, kind, text, scope);
    if (contains) or.push(contains);
  }
  const owners = phoneLike ? await phoneOwners(em, kind, text) : [];
  if (owners.length) or.push({ id: { $in: owners } });
  // Nothing can match: a condition that is always false keeps the query's shape.
  return { $or: or.length ? or : [{ id: { $in: [] } }] };
}

export interface SearchHit {
  kind: CustomerKind;
  id: string;
  name: string;
  /** People: title; institutions: type. Labels are the client's to translate. */
  title: string | null;
  type: string | null;
  /** People: primary institution and department; institutions: city. */
  institutionName: string | null;
  departmentName: string | null;
  city: string | null;
  tier: string | null;
}

/** Quick search across people and/or institutions within the user's territories. */
export async function searchCustomers(ctx: CustomerContext, q: string, kind: CustomerKind | 'all', limit: number): Promise<SearchHit[]> {
  const scope = await accessScope(ctx);
  const hits: SearchHit[] = [];
  const exactFirst = (a: { name: string }, b: { name: string }) => Number(b.name === q.trim()) - Number(a.name === q.trim()) || a.name.length - b.name.length;
  if (kind !== 'institution') {
    const cond = await textCondition(ctx.em, 'person', q, scope);
    if (cond) {
      const people = await ctx.em.find(
        PersonSchema,
        { $and: [cond, { deletedAt: null, ...scopeWhere(scope) }] } as never,
        { fields: ['id', 'name', 'title', 'tier', 'primaryInstitutionId', 'primaryDepartmentId'], orderBy: { namePinyin: 'asc', id: 'asc' }, limit },
      );
      const [insts, depts] = await Promise.all([
        ctx.em.find(InstitutionSchema, { id: { $in: people.map((p) => p.primaryInstitutionId).filter((x): x is string => !!x) } }, { fields: ['id', 'name'] }),
        ctx.em.find(DepartmentSchema, { id: { $in: people.map((p) => p.primaryDepartmentId).filter((x): x is string => !!x) } }, { fields: ['id', 'name'] }),
      ]);
      const iName = new Map(insts.map((i) => [i.id, i.name]));
      const dName = new Map(depts.map((d) => [d.id, d.name]));
      for (const p of [...people].sort(exactFirst)) {
        hits.push({
          kind: 'person',
          id: p.id,
          name: p.name,
          title: p.title,
          type: null,
          institutionName: p.primaryInstitutionId ? (iName.get(p.primaryInstitutionId) ?? null) : null,
          departmentName: p.primaryDepartmentId ? (dName.get(p.primaryDepartmentId) ?? null) : null,
          city: null,
          tier: p.tier,
        });
      }
    }
  }
  if (kind !== 'person') {
    const cond = await textCondition(ctx.em, 'institution', q, scope);
    if (cond) {
      const rows = await ctx.em.find(
        InstitutionSchema,
        { $and: [cond, { deletedAt: null, ...scopeWhere(scope) }] } as never,
        { fields: ['id', 'name', 'type', 'city', 'tier'], orderBy: { namePinyin: 'asc', id: 'asc' }, limit },
      );
      for (const r of [...rows].sort(exactFirst)) {
        hits.push({ kind: 'institution', id: r.id, name: r.name, title: null, type: r.type, institutionName: null, departmentName: null, city: r.city, tier: r.tier });
      }
    }
  }
  return hits.slice(0, kind === 'all' ? limit * 2 : limit);
}
