import { AffiliationSchema, DepartmentSchema, InstitutionSchema, PersonSchema, type Person } from '@/server/db/entities';
import type { TenantContext } from '@/server/services/context-types';
import { accessScope, inScope, scopeWhere } from '@/server/services/customers/access';
import { textCondition } from '@/server/services/customers/search';

/**
 * The visit form's HCP picker: people the user may see, matched the way customer search matches
 * (name, pinyin, initials, phone suffix), with their places of work — so choosing a person also
 * offers where the visit took place.
 */
export interface PersonCard {
  id: string;
  name: string;
  title: string | null;
  specialty: string | null;
  /** Places of work; `visible` = the institution is in the user's territories (a visit can be logged there). */
  affiliations: { institutionId: string; institutionName: string; departmentId: string | null; departmentName: string | null; isPrimary: boolean; visible: boolean }[];
}

/** People cards with their places of work, for the given (already visible) people, in input order. */
export async function personCards(ctx: TenantContext, people: Pick<Person, 'id' | 'name' | 'title' | 'specialty' | 'primaryInstitutionId' | 'primaryDepartmentId'>[]): Promise<PersonCard[]> {
  if (!people.length) return [];
  const affiliations = await ctx.em.find(AffiliationSchema, { personId: { $in: people.map((p) => p.id) } }, { orderBy: { isPrimary: 'desc', createdAt: 'asc' } });
  const places = new Map<string, { institutionId: string; departmentId: string | null; isPrimary: boolean }[]>();
  for (const p of people) {
    const own = affiliations.filter((a) => a.personId === p.id).map((a) => ({ institutionId: a.institutionId, departmentId: a.departmentId, isPrimary: a.isPrimary }));
    // A person may carry only the primary place (mirrored on the row) without affiliation rows.
    if (!own.length && p.primaryInstitutionId) own.push({ institutionId: p.primaryInstitutionId, departmentId: p.primaryDepartmentId, isPrimary: true });
    places.set(p.id, own);
  }
  const all = [...places.values()].flat();
  const [scope, institutions, departments] = await Promise.all([
    accessScope(ctx),
    all.length ? ctx.em.find(InstitutionSchema, { id: { $in: [...new Set(all.map((a) => a.institutionId))] } }, { fields: ['id', 'name', 'territoryId'] }) : [],
    all.some((a) => a.departmentId) ? ctx.em.find(DepartmentSchema, { id: { $in: [...new Set(all.flatMap((a) => (a.departmentId ? [a.departmentId] : [])))] } }, { fields: ['id', 'name'] }) : [],
  ]);
  const instName = new Map(institutions.map((i) => [i.id, i.name]));
  const instVisible = new Set(institutions.filter((i) => inScope(scope, i.territoryId)).map((i) => i.id));
  const deptName = new Map(departments.map((d) => [d.id, d.name]));
  return people.map((p) => ({
    id: p.id,
    name: p.name,
    title: p.title,
    specialty: p.specialty,
    affiliations: (places.get(p.id) ?? []).map((a) => ({
      institutionId: a.institutionId,
      institutionName: instName.get(a.institutionId) ?? '',
      departmentId: a.departmentId,
      departmentName: a.departmentId ? (deptName.get(a.departmentId) ?? null) : null,
      isPrimary: a.isPrimary,
      visible: instVisible.has(a.institutionId),
    })),
  }));
}

const PERSON_FIELDS = ['id', 'name', 'title', 'specialty', 'primaryInstitutionId', 'primaryDepartmentId'] as const;

/** Visible people by id, in the order asked; ids the user may not see are left out. */
export async function visiblePeople(ctx: TenantContext, ids: string[]): Promise<PersonCard[]> {
  if (!ids.length) return [];
  const scope = await accessScope(ctx);
  const rows = await ctx.em.find(PersonSchema, { id: { $in: ids }, deletedAt: null, ...scopeWhere(scope) }, { fields: [...PERSON_FIELDS] });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return personCards(ctx, ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])));
}

/**
 * People matching `q` (name, pinyin or initials prefix), optionally only those working at
 * `institutionId`; with an institution an empty `q` lists its people.
 */
export async function findPeople(ctx: TenantContext, input: { q: string; institutionId: string | null; limit: number }): Promise<PersonCard[]> {
  const scope = await accessScope(ctx);
  const q = input.q.trim();
  if (!q && !input.institutionId) return [];
  const and: Record<string, unknown>[] = [{ deletedAt: null, ...scopeWhere(scope) }];
  const matches = await textCondition(ctx.em, 'person', q);
  if (matches) and.push(matches);
  if (input.institutionId) {
    const working = await ctx.em.find(AffiliationSchema, { institutionId: input.institutionId }, { fields: ['personId'], limit: 5000 });
    and.push({ $or: [{ primaryInstitutionId: input.institutionId }, { id: { $in: working.map((a) => a.personId) } }] });
  }
  const rows = await ctx.em.find(PersonSchema, { $and: and } as never, { fields: [...PERSON_FIELDS], orderBy: { namePinyin: 'asc', id: 'asc' }, limit: input.limit });
  return personCards(ctx, rows);
}
