import type { QueryBuilder, SqlEntityManager } from '@mikro-orm/knex';
import {
  DepartmentSchema,
  InstitutionSchema,
  PersonSchema,
  TerritorySchema,
  type CustomField,
  type CustomValues,
  type CustomerKind,
} from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import { accessScope } from './access';
import type { CustomerContext } from './context';
import { activeFields } from './custom-fields';
import { isPostgres, likeOp } from './dialect';
import { COUNT_CAP, INSTITUTION_COLUMNS, PERSON_COLUMNS } from './list-columns';
import { customerMasking, isMaskable, maskText } from './masking';
import type { CustomFilter, InstitutionFilters, ListSort, PeopleFilters } from './list-input';
import { textCondition } from './search';

/**
 * The people and institution lists: server-side filters (custom fields included), keyset paging
 * (the next page starts after the last row's sort value and id, so page 500 costs what page 1
 * costs), only the shown columns selected, and counts that stop at COUNT_CAP.
 *
 * These queries use the QueryBuilder, which the tenant filter does not reach: every query here
 * states `tenant_id` itself, plus the user's territories.
 */

type Filters = PeopleFilters | InstitutionFilters;
type Row = Record<string, unknown> & { id: string; name: string };

const PERSON_PROPS: Record<(typeof PERSON_COLUMNS)[number], string[]> = {
  institution: ['primaryInstitutionId'],
  department: ['primaryDepartmentId'],
  title: ['title'],
  kind: ['kind'],
  gender: ['gender'],
  specialty: ['specialty'],
  adminRole: ['adminRole'],
  territory: ['territoryId'],
  tier: ['tier'],
  stage: ['stage'],
  mobile: ['mobile'],
  email: ['email'],
  wechat: ['wechat'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
};

const INSTITUTION_PROPS: Record<(typeof INSTITUTION_COLUMNS)[number], string[]> = {
  type: ['type'],
  hospitalLevel: ['hospitalLevel'],
  province: ['province'],
  city: ['city'],
  district: ['district'],
  territory: ['territoryId'],
  tier: ['tier'],
  stage: ['stage'],
  phone: ['phone'],
  parent: ['parentId'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
};

const SORT_PROP: Record<ListSort['field'], string> = { name: 'namePinyin', createdAt: 'createdAt', updatedAt: 'updatedAt' };

function problem(field: string, key: string): DomainError {
  return new DomainError('VALIDATION', 'customers.errors.invalid', {}, 'BAD_REQUEST', { [field]: { key } });
}

/** Midnight of `date` (YYYY-MM-DD) in `timeZone`, as an instant. */
function startOfDay(date: string, timeZone: string): Date {
  const guess = new Date(`${date}T00:00:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(guess)
      .map((p) => [p.type, p.value]),
  );
  const asLocal = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return new Date(guess.getTime() - (asLocal - guess.getTime()));
}

function timeZoneOf(ctx: CustomerContext): string {
  return (ctx.tenant as { settings?: { timezone?: string } }).settings?.timezone ?? 'Asia/Shanghai';
}

/** SQL for one custom-field filter, per dialect; keys are validated against the definitions first. */
function customCondition(pg: boolean, def: CustomField, f: CustomFilter): { sql: string; params: unknown[] } | null {
  const text = pg ? `(c.custom->>?)` : `json_extract(c.custom, ?)`;
  const keyParam = pg ? def.key : `$.${def.key}`;
  switch (def.type) {
    case 'text':
    case 'longtext':
    case 'phone':
    case 'email':
    case 'url':
      if (!f.text) return null;
      return { sql: `lower(${text}) like ?`, params: [keyParam, `%${f.text.toLowerCase().replace(/[%_\\]/g, '')}%`] };
    case 'number':
    case 'money': {
      // PostgreSQL: cast only real JSON numbers, so one odd value cannot fail the whole query.
      const num = pg ? `(case when jsonb_typeof(c.custom->?) = 'number' then (c.custom->>?)::numeric end)` : `cast(json_extract(c.custom, ?) as real)`;
      const numParams = pg ? [def.key, def.key] : [keyParam];
      const parts: string[] = [];
      const params: unknown[] = [];
      if (f.min !== undefined) {
        parts.push(`${num} >= ?`);
        params.push(...numParams, f.min);
      }
      if (f.max !== undefined) {
        parts.push(`${num} <= ?`);
        params.push(...numParams, f.max);
      }
      return parts.length ? { sql: parts.join(' and '), params } : null;
    }
    case 'date': {
      const parts: string[] = [];
      const params: unknown[] = [];
      if (f.from) {
        parts.push(`${text} >= ?`);
        params.push(keyParam, f.from);
      }
      if (f.to) {
        parts.push(`${text} <= ?`);
        params.push(keyParam, f.to);
      }
      return parts.length ? { sql: parts.join(' and '), params } : null;
    }
    case 'select':
      if (!f.values?.length) return null;
      return { sql: `${text} in (${f.values.map(() => '?').join(', ')})`, params: [keyParam, ...f.values] };
    case 'multiselect':
      if (!f.values?.length) return null;
      return pg
        ? { sql: `jsonb_exists_any(c.custom->?, array[${f.values.map(() => '?').join(', ')}]::text[])`, params: [def.key, ...f.values] }
        : { sql: `exists (select 1 from json_each(c.custom, ?) e where e.value in (${f.values.map(() => '?').join(', ')}))`, params: [keyParam, ...f.values] };
    case 'boolean':
      if (f.bool === undefined) return null;
      return pg ? { sql: `${text} = ?`, params: [keyParam, String(f.bool)] } : { sql: `${text} = ?`, params: [keyParam, f.bool ? 1 : 0] };
  }
}

/**
 * The filtered query of one list (no columns, order or limit yet): tenant, territories, archived
 * or current, and every filter. Exports reuse it, so an export is exactly the list on screen.
 */
export async function filteredCustomerQuery(ctx: CustomerContext, kind: CustomerKind, filters: Filters, defs?: CustomField[]): Promise<{ qb: QueryBuilder<Row> }> {
  const em = ctx.em as SqlEntityManager;
  const schema = kind === 'person' ? PersonSchema : InstitutionSchema;
  const qb = em.createQueryBuilder(schema as never, 'c') as unknown as QueryBuilder<Row>;
  const scope = await accessScope(ctx);
  const and: Record<string, unknown>[] = [{ tenantId: ctx.tenant.id }, { mergedIntoId: null }, { deletedAt: filters.archived ? { $ne: null } : null }];
  if (!scope.all) and.push({ territoryId: { $in: scope.territoryIds } });

  if (filters.territoryId) {
    const node = await em.findOne(TerritorySchema, { id: filters.territoryId }, { fields: ['path'] });
    const below = node ? await em.find(TerritorySchema, { path: { $like: `${node.path}%` } }, { fields: ['id'] }) : [];
    and.push({ territoryId: { $in: below.map((t) => t.id) } });
  }
  if (filters.tier?.length) {
    const tiers = filters.tier.filter((t) => t !== 'none');
    const or: Record<string, unknown>[] = tiers.length ? [{ tier: { $in: tiers } }] : [];
    if (filters.tier.includes('none')) or.push({ tier: null });
    and.push({ $or: or });
  }
  if (filters.stage?.length) and.push({ stage: { $in: filters.stage } });
  const tz = timeZoneOf(ctx);
  if (filters.createdFrom) and.push({ createdAt: { $gte: startOfDay(filters.createdFrom, tz) } });
  if (filters.createdTo) and.push({ createdAt: { $lt: new Date(startOfDay(filters.createdTo, tz).getTime() + 86_400_000) } });
  const text = await textCondition(em, kind, filters.q, scope);
  if (text) and.push(text);

  const raws: { sql: string; params: unknown[] }[] = [];
  if (kind === 'person') {
    const f = filters as PeopleFilters;
    if (f.kind?.length) and.push({ kind: { $in: f.kind } });
    if (f.title?.length) and.push({ title: { $in: f.title } });
    if (f.institutionId || f.departmentId) {
      // Any affiliation counts, not only the primary one.
      const conds = [['a.tenant_id = ?', ctx.tenant.id]];
      if (f.institutionId) conds.push(['a.institution_id = ?', f.institutionId]);
      if (f.departmentId) conds.push(['a.department_id = ?', f.departmentId]);
      raws.push({ sql: `c.id in (select a.person_id from affiliation a where ${conds.map((c) => c[0]).join(' and ')})`, params: conds.map((c) => c[1]) });
    }
  } else {
    const f = filters as InstitutionFilters;
    if (f.type?.length) and.push({ type: { $in: f.type } });
    if (f.hospitalLevel?.length) and.push({ hospitalLevel: { $in: f.hospitalLevel } });
    if (f.province) and.push({ province: { [likeOp(em)]: `%${f.province.replace(/[%_\\]/g, '')}%` } });
    if (f.city) and.push({ city: { [likeOp(em)]: `%${f.city.replace(/[%_\\]/g, '')}%` } });
    if (f.parentId) and.push({ parentId: f.parentId });
  }

  if (filters.custom?.length) {
    const fields = defs ?? (await activeFields(em, kind));
    const pg = isPostgres(em);
    filters.custom.forEach((f, i) => {
      const def = fields.find((d) => d.key === f.key);
      if (!def) throw problem(`filters.custom.${i}.key`, 'customFields.errors.unknown');
      if (def.sensitive) throw problem(`filters.custom.${i}.key`, 'customFields.errors.notFilterable');
      const cond = customCondition(pg, def, f);
      if (cond) raws.push(cond);
    });
  }

  qb.where({ $and: and } as never);
  for (const r of raws) qb.andWhere(r.sql, r.params);
  // Wrapped: a QueryBuilder is thenable, so returning it bare from an async function would run it.
  return { qb };
}

function encodeCursor(value: unknown, id: string): string {
  const v = value instanceof Date ? { d: value.getTime() } : { s: String(value ?? '') };
  return Buffer.from(JSON.stringify([v, id])).toString('base64url');
}

function decodeCursor(cursor: string): { value: string | Date; id: string } {
  try {
    const [v, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [{ d?: number; s?: string }, string];
    if (typeof id !== 'string') throw new Error('id');
    if (typeof v?.d === 'number') return { value: new Date(v.d), id };
    if (typeof v?.s === 'string') return { value: v.s, id };
  } catch {
    // fall through
  }
  throw problem('cursor', 'customers.errors.badCursor');
}

export interface ListRequest<F extends Filters> {
  filters: F;
  sort: ListSort;
  columns: string[];
  cursor?: string | null;
  limit: number;
}

export type Cell = string | number | boolean | string[] | Date | null | { id: string; name: string };
export interface ListRow {
  id: string;
  name: string;
  archived: boolean;
  cells: Record<string, Cell>;
}

/** One page of a list, with the cursor of the next page (null at the end). */
export async function listCustomers(ctx: CustomerContext, kind: CustomerKind, req: ListRequest<Filters>): Promise<{ rows: ListRow[]; nextCursor: string | null }> {
  const em = ctx.em as SqlEntityManager;
  const defs = await activeFields(em, kind);
  const props = kind === 'person' ? PERSON_PROPS : INSTITUTION_PROPS;
  const columns = req.columns.filter((c) => c in props || (c.startsWith('custom.') && defs.some((d) => `custom.${d.key}` === c)));
  const sortProp = SORT_PROP[req.sort.field];
  const select = new Set(['id', 'name', 'deletedAt', sortProp, ...columns.flatMap((c) => (c.startsWith('custom.') ? ['custom'] : props[c as keyof typeof props]))]);

  const { qb } = await filteredCustomerQuery(ctx, kind, req.filters, defs);
  const op = req.sort.dir === 'asc' ? '$gt' : '$lt';
  if (req.cursor) {
    const { value, id } = decodeCursor(req.cursor);
    qb.andWhere({ $or: [{ [sortProp]: { [op]: value } }, { [sortProp]: value, id: { [op]: id } }] } as never);
  }
  qb.select([...select].map((p) => `c.${p}`))
    .orderBy([{ [sortProp]: req.sort.dir }, { id: req.sort.dir }] as never)
    .limit(req.limit + 1);
  const raw = (await qb.execute('all', true)) as unknown as Row[];
  const page = raw.slice(0, req.limit);
  const last = page.at(-1);
  const nextCursor = raw.length > req.limit && last ? encodeCursor(last[sortProp], last.id) : null;
  return { rows: await toRows(ctx, kind, page, columns, defs), nextCursor };
}

async function namesOf(em: SqlEntityManager, schema: typeof TerritorySchema | typeof DepartmentSchema | typeof InstitutionSchema, ids: unknown[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => typeof x === 'string'))];
  if (!wanted.length) return new Map();
  const rows = await em.find(schema as typeof TerritorySchema, { id: { $in: wanted } }, { fields: ['id', 'name'] });
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function toRows(ctx: CustomerContext, kind: CustomerKind, page: Row[], columns: string[], defs: CustomField[]): Promise<ListRow[]> {
  const em = ctx.em as SqlEntityManager;
  const want = (c: string) => columns.includes(c);
  const [institutions, departments, territories, parents] = await Promise.all([
    kind === 'person' && want('institution') ? namesOf(em, InstitutionSchema, page.map((r) => r.primaryInstitutionId)) : new Map<string, string>(),
    kind === 'person' && want('department') ? namesOf(em, DepartmentSchema, page.map((r) => r.primaryDepartmentId)) : new Map<string, string>(),
    want('territory') ? namesOf(em, TerritorySchema, page.map((r) => r.territoryId)) : new Map<string, string>(),
    kind === 'institution' && want('parent') ? namesOf(em, InstitutionSchema, page.map((r) => r.parentId)) : new Map<string, string>(),
  ]);
  const masking = await customerMasking(em);
  const ref = (map: Map<string, string>, id: unknown): Cell => (typeof id === 'string' && map.has(id) ? { id, name: map.get(id)! } : null);
  return page.map((r) => {
    const cells: Record<string, Cell> = {};
    const custom = columns.some((c) => c.startsWith('custom.')) ? masking.customValues(kind, defs, parseJson(r.custom), false) : {};
    for (const c of columns) {
      if (c.startsWith('custom.')) cells[c] = custom[c.slice('custom.'.length)] ?? null;
      else if (c === 'institution') cells[c] = ref(institutions, r.primaryInstitutionId);
      else if (c === 'department') cells[c] = ref(departments, r.primaryDepartmentId);
      else if (c === 'territory') cells[c] = ref(territories, r.territoryId);
      else if (c === 'parent') cells[c] = ref(parents, r.parentId);
      else if (kind === 'person' && isMaskable(c) && masking.personField(c)) cells[c] = maskText(c, r[c] as string | null);
      else cells[c] = (r[c] ?? null) as Cell;
    }
    return { id: r.id, name: r.name, archived: r.deletedAt != null, cells };
  });
}

function parseJson(v: unknown): CustomValues {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as CustomValues;
    } catch {
      return {};
    }
  }
  return (v ?? {}) as CustomValues;
}

/** How many rows match, counted up to COUNT_CAP (then `capped`), so a count never scans 100k rows. */
export async function countCustomers(ctx: CustomerContext, kind: CustomerKind, filters: Filters): Promise<{ count: number; capped: boolean }> {
  const em = ctx.em as SqlEntityManager;
  const { qb } = await filteredCustomerQuery(ctx, kind, filters);
  const sub = qb.select('c.id').limit(COUNT_CAP + 1).getKnexQuery();
  const query = em.getKnex().count({ n: '*' }).from(sub.as('x'));
  const [row] = await em.getConnection().execute<{ n: number | string }[]>(query, [], 'all', em.getTransactionContext());
  const n = Number(row?.n ?? 0);
  return { count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}
