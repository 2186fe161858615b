import type { EntityManager } from '@mikro-orm/core';
import type { ZodError } from 'zod';
import { InstitutionSchema, TerritorySchema, type CustomField, type CustomValues } from '@/server/db/entities';
import { DomainError } from '@/server/errors';
import { translatorFor } from '@/server/i18n/catalog';
import { LOCALES } from '@/server/i18n/locales';
import { inScope, type AccessScope } from '@/server/services/customers/access';
import { applyCustomValues } from '@/server/services/customers/custom-fields';
import { maskValue } from '@/server/services/field-crypto';
import { normaliseHeader } from '../mapping';
import { CUSTOM_PREFIX, type ImportFieldDef, type ImportRun, type RowProblem } from '../types';
import type { Parsed } from '../values';

/** Helpers the entity adapters share: problem collection, code lists, lookups by name or code. */

export class ProblemList {
  readonly items: RowProblem[] = [];

  /** The parsed value, or undefined after recording the problem against `field`. */
  take<T>(field: string, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.items.push({ field, key: `imports.problems.${parsed.problem.key}`, values: parsed.problem.values });
    return undefined;
  }

  add(field: string, key: string, values?: RowProblem['values']): void {
    this.items.push({ field, key, values });
  }

  has(field: string): boolean {
    return this.items.some((i) => i.field === field);
  }

  get empty(): boolean {
    return this.items.length === 0;
  }
}

/**
 * Problems from one of the services' zod input schemas (the same rules as the forms), mapped back
 * to the import's field keys. `fieldOf` turns a schema path into the column's field key.
 */
export function zodProblems(error: ZodError, fieldOf: (path: (string | number | symbol)[]) => string, into: ProblemList): void {
  for (const issue of error.issues) {
    const field = fieldOf(issue.path as (string | number)[]);
    // A cell the import's own parser already faulted needs no second message.
    if (into.has(field)) continue;
    const i = issue as typeof issue & { maximum?: number | bigint; minimum?: number | bigint; origin?: string; values?: unknown[] };
    if (issue.code === 'too_big' && i.origin === 'string') into.add(field, 'imports.problems.tooLong', { max: Number(i.maximum) });
    else if (issue.code === 'too_small' && i.origin === 'string') into.add(field, 'imports.problems.required');
    else if (issue.code === 'invalid_value') into.add(field, 'imports.problems.oneOf', { values: (i.values ?? []).map(String).join(' / ') });
    else if (issue.message === 'idNumber') into.add(field, 'imports.problems.idNumber');
    else if (issue.message === 'date') into.add(field, 'imports.problems.date');
    else if (issue.code === 'invalid_format' && (issue as { format?: string }).format === 'email') into.add(field, 'imports.problems.email');
    else if (issue.code === 'invalid_format' && (issue as { format?: string }).format === 'phone') into.add(field, 'imports.problems.phone');
    else into.add(field, 'imports.problems.invalid');
  }
}

/**
 * Custom values of a row checked against the tenant's definitions (the same rules as the forms):
 * the normalised (and, for sensitive fields, encrypted) values of the cells present.
 */
export function customValues(run: ImportRun, raw: Record<string, string>, opts: { creating: boolean }, problems: ProblemList): CustomValues {
  const submitted: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(raw)) {
    if (!field.startsWith(CUSTOM_PREFIX) || value.trim() === '') continue;
    submitted[field.slice(CUSTOM_PREFIX.length)] = value.trim();
  }
  // Required fields a new record leaves empty are reported; on update, blank cells keep what is stored.
  const defs = opts.creating ? run.customFields : run.customFields.filter((d) => d.key in submitted);
  try {
    return applyCustomValues(defs, {}, submitted, { partial: !opts.creating });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    for (const [path, p] of Object.entries(err.fieldErrors)) problems.add(path, p.key, p.values as RowProblem['values']);
    return {};
  }
}

/**
 * The names a code is written with: [zh-CN label, en label, …synonyms]. Labels come from the
 * catalogues (`enums.*`), so a file exported in either language imports again; a missing label
 * falls back to the first synonym (zh-CN) or the code (en).
 */
export function labelled<T extends string>(codes: readonly T[], labelKey: (code: T) => string, synonyms: Partial<Record<T, readonly string[]>> = {}): Record<T, string[]> {
  const out = {} as Record<T, string[]>;
  for (const code of codes) {
    const label = (locale: (typeof LOCALES)[number]) => {
      const text = translatorFor(locale)(labelKey(code));
      return text === labelKey(code) ? null : text;
    };
    const extra = synonyms[code] ?? [];
    out[code] = [label('zh-CN') ?? extra[0] ?? code, label('en') ?? code, ...extra];
  }
  return out;
}

/** A sensitive cell as it may be stored and shown again (error report, preview). */
export function maskedRaw(raw: Record<string, string>, fields: ImportFieldDef[]): Record<string, string> {
  const sensitive = new Set(fields.filter((f) => f.sensitive).map((f) => f.key));
  if (!Object.keys(raw).some((k) => sensitive.has(k))) return raw;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = sensitive.has(k) && v ? maskValue(v) : v;
  return out;
}

export function sensitiveCustomKeys(defs: CustomField[]): Set<string> {
  return new Set(defs.filter((d) => d.sensitive).map((d) => `${CUSTOM_PREFIX}${d.key}`));
}

interface TerritoryIndex {
  byCode: Map<string, string>;
  byName: Map<string, string[]>;
}

async function territoryIndex(run: ImportRun): Promise<TerritoryIndex> {
  let index = run.cache.get('territories') as TerritoryIndex | undefined;
  if (!index) {
    // A tenant has hundreds of territory nodes at most: load them once per import.
    const rows = await run.ctx.em.find(TerritorySchema, {}, { fields: ['id', 'name', 'code'], disableIdentityMap: true });
    index = { byCode: new Map(), byName: new Map() };
    for (const t of rows) {
      if (t.code) index.byCode.set(normaliseHeader(t.code), t.id);
      const key = normaliseHeader(t.name);
      index.byName.set(key, [...(index.byName.get(key) ?? []), t.id]);
    }
    run.cache.set('territories', index);
  }
  return index;
}

/**
 * A territory written by its code or its name. It must be one of the importer's territories (or
 * they see everything), or the imported record would vanish from their own lists.
 */
export async function territoryRef(run: ImportRun, raw: string, field: string, problems: ProblemList): Promise<string | null | undefined> {
  const text = normaliseHeader(raw);
  if (!text) return null;
  const index = await territoryIndex(run);
  const byName = index.byName.get(text) ?? [];
  const id = index.byCode.get(text) ?? (byName.length === 1 ? byName[0] : undefined);
  if (!id) {
    problems.add(field, byName.length > 1 ? 'imports.problems.territoryAmbiguous' : 'imports.problems.territoryNotFound', { value: raw.trim() });
    return undefined;
  }
  if (!inScope(run.scope, id)) {
    problems.add(field, 'imports.problems.territoryOutOfScope', { value: raw.trim() });
    return undefined;
  }
  return id;
}

export interface InstitutionHit {
  id: string;
  name: string;
  territoryId: string | null;
}

/**
 * Institutions referred to by external id or exact name, for a whole batch in two queries.
 * Returns a resolver: ref → the institution, 'ambiguous' (several share the name), or null.
 * Institutions outside the importer's territories are treated as not found.
 */
export async function institutionResolver(em: EntityManager, scope: AccessScope, refs: string[]): Promise<(ref: string) => InstitutionHit | 'ambiguous' | null> {
  const unique = [...new Set(refs.map((r) => r.trim()).filter(Boolean))];
  if (!unique.length) return () => null;
  const [byExternal, byName] = await Promise.all([
    em.find(InstitutionSchema, { externalId: { $in: unique }, deletedAt: null }, { fields: ['id', 'name', 'territoryId', 'externalId'], disableIdentityMap: true }),
    em.find(InstitutionSchema, { name: { $in: unique }, deletedAt: null }, { fields: ['id', 'name', 'territoryId'], disableIdentityMap: true }),
  ]);
  const ext = new Map(byExternal.filter((i) => inScope(scope, i.territoryId)).map((i) => [i.externalId!, i]));
  const names = new Map<string, InstitutionHit[]>();
  for (const i of byName) {
    if (!inScope(scope, i.territoryId)) continue;
    names.set(i.name, [...(names.get(i.name) ?? []), i]);
  }
  return (ref) => {
    const r = ref.trim();
    const hit = ext.get(r);
    if (hit) return { id: hit.id, name: hit.name, territoryId: hit.territoryId };
    const named = names.get(r) ?? [];
    if (named.length > 1) return 'ambiguous';
    return named[0] ? { id: named[0].id, name: named[0].name, territoryId: named[0].territoryId } : null;
  };
}

/** Splits a batch into chunks for `$in` lists that stay well below every driver's parameter limit. */
export function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
